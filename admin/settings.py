"""Settings editors keep right without a developer: urgent-help numbers and Husbanken's rate."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from admin import bp, current_actor
from admin.access import requires
from admin.forms.settings import SettingsForm
from portal.db import db, utcnow
from portal.permissions import Permission
from portal.services.information.contacts import (
    UrgentContacts,
    urgent_contacts,
)
from portal.services.information.interest_rate import InterestRate, current_rate
from portal.services.information.settings import answer_weeks, save_settings


@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.EDIT_SETTINGS)
def edit_settings():
    contacts, rate = urgent_contacts(db.session), current_rate(db.session)
    form = SettingsForm(
        obj=contacts,
        rate_percent=rate.percent if rate else None,
        rate_as_of=rate.as_of if rate else None,
        answer_weeks=answer_weeks(db.session),
    )
    if form.validate_on_submit():
        fields = {
            name: getattr(form, name).data.strip() for name in UrgentContacts.__dataclass_fields__
        }
        save_settings(
            db.session,
            contacts=UrgentContacts(**fields),
            rate=InterestRate(form.rate_percent.data, form.rate_as_of.data),
            weeks=form.answer_weeks.data,
            actor=current_actor(),
            now=utcnow(),
        )
        flash(_("Innstillingene er lagret. Forsiden viser dem med en gang."))
        return redirect(url_for(".edit_settings"))
    return render_template("admin/settings/edit.html", form=form)

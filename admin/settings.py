"""Settings editors keep right without a developer: urgent-help numbers and Husbanken's rate."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin import bp, client_address
from admin.access import requires
from admin.forms.settings import SettingsForm
from portal.db import db, utcnow
from portal.permissions import Permission
from portal.services.information.contacts import (
    UrgentContacts,
    save_urgent_contacts,
    urgent_contacts,
)
from portal.services.information.interest_rate import InterestRate, current_rate, save_rate
from portal.services.information.settings import answer_weeks, save_answer_weeks
from portal.services.staff import audit


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
        now = utcnow()
        audit.record(
            db.session,
            actor=current_user._get_current_object(),
            action="settings_changed",
            object_type="settings",
            object_id=None,
            address=client_address(),
            now=now,
        )
        fields = {
            name: getattr(form, name).data.strip() for name in UrgentContacts.__dataclass_fields__
        }
        save_answer_weeks(db.session, form.answer_weeks.data, now=now)
        save_rate(db.session, InterestRate(form.rate_percent.data, form.rate_as_of.data), now=now)
        save_urgent_contacts(db.session, UrgentContacts(**fields), now=now)
        flash(_("Innstillingene er lagret. Forsiden viser dem med en gang."))
        return redirect(url_for(".edit_settings"))
    return render_template("admin/settings/edit.html", form=form)

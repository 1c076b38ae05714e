"""Making this PC a kiosk (the shared PC at the town hall), or an ordinary PC again."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from admin import bp, current_actor
from admin.access import requires
from portal import kiosk
from portal.db import db, utcnow
from portal.permissions import Permission
from portal.services.staff import devices


@bp.route("/kiosk", methods=["GET", "POST"])
@requires(Permission.RUN_KIOSKS)
def kiosk_device():
    form = FlaskForm()
    if form.validate_on_submit():
        turn_on = request.form.get("kiosk") == "on"
        devices.record_kiosk_change(
            db.session,
            made_kiosk=turn_on,
            browser=request.user_agent.string,
            actor=current_actor(),
            now=utcnow(),
        )
        response = make_response(redirect(url_for(".kiosk_device")))
        if turn_on:
            flash(_("Denne PC-en er nå en kiosk. Logg ut før du går fra den."))
            return kiosk.mark_device(response)
        flash(_("Denne PC-en er ikke lenger en kiosk."))
        return kiosk.unmark_device(response)
    return render_template(
        "admin/kiosk/device.html",
        form=form,
        marked=kiosk.marked_by_cookie(),
        listed=kiosk.listed_address(),
    )

"""A person's own account: their password, staying signed in, and the one-time password link."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin import bp, client_address, staff_session
from admin.access import public_staff_page, requires
from admin.forms.passwords import NEW_PASSWORD_HINT, ChangePasswordForm, SetPasswordForm
from admin.staff_session import sign_in_rate_limit, staff_path_or_home
from portal.db import db, utcnow
from portal.extensions import limiter
from portal.services.staff import staff_accounts
from portal.services.staff.passwords import PasswordRefused

REFUSALS = {
    "too_short": lambda: _("Passordet må ha minst 12 tegn."),
    "too_long": lambda: _("Passordet kan ha høyst 1024 tegn."),
    "common": lambda: _("Dette passordet er for vanlig. Velg et annet."),
}


@bp.route("/account/password", methods=["GET", "POST"])
@requires()
@limiter.limit(sign_in_rate_limit, methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            staff_accounts.change_own_password(
                db.session,
                user,
                current_password=form.current_password.data,
                new_password=form.new_password.data,
                address=client_address(),
                now=utcnow(),
            )
        except staff_accounts.WrongCurrentPassword:
            form.current_password.errors.append(_("Passordet du bruker nå, er feil."))
        except staff_accounts.AccountLocked:
            staff_session.end()
            return redirect(url_for(".login", locked=1))
        except PasswordRefused as refused:
            form.new_password.errors.append(REFUSALS[refused.reason]())
        else:
            staff_session.keep_version(user)
            flash(_("Passordet er byttet. Du er logget ut alle andre steder."))
            return redirect(url_for(".home"))
    return render_template("admin/account/password.html", form=form, hint=NEW_PASSWORD_HINT)


@bp.post("/session/renew")
@requires()
def stay_signed_in():
    # The check before every staff request has already counted this as activity.
    return redirect(staff_path_or_home(request.form.get("next")))


@bp.route("/password/<token>", methods=["GET", "POST"])
@public_staff_page
def set_password(token: str):
    now = utcnow()
    try:
        link = staff_accounts.find_password_link(db.session, token, now=now)
    except staff_accounts.LinkInvalid:
        return render_template("admin/account/link_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            staff_accounts.set_password_with_link(
                db.session, token, form.new_password.data, address=client_address(), now=now
            )
        except PasswordRefused as refused:
            form.new_password.errors.append(REFUSALS[refused.reason]())
        else:
            staff_session.end()
            return render_template("admin/account/password_set.html")
    return render_template(
        "admin/account/set_password.html", form=form, hint=NEW_PASSWORD_HINT, person=link.staff_user
    )

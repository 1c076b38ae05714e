"""Signing in and out: the password step, and the staff pages' language."""

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin import bp, client_address, staff_session
from admin.access import public_staff_page, two_factor_step
from admin.forms.sign_in import LanguageForm, SignInForm
from admin.staff_session import NEXT, sign_in_rate_limit, staff_path_or_home
from portal.db import db, utcnow
from portal.extensions import limiter
from portal.i18n import remember_language
from portal.services.staff import sign_in


@bp.route("/login", methods=["GET", "POST"])
@public_staff_page
@limiter.limit(sign_in_rate_limit, methods=["POST"])
def login():
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        now = utcnow()
        try:
            user = sign_in.check_password(
                db.session,
                email=form.email.data,
                password=form.password.data,
                address=client_address(),
                now=now,
            )
        except sign_in.SignInRefused:
            form.email.errors.append(_("E-post eller passord er feil."))
        else:
            return _after_password(user, form.next.data, now)
    notice = None
    if request.args.get("expired"):
        notice = _("Du ble logget ut fordi du var inaktiv for lenge.")
    elif request.args.get("locked"):
        notice = _(
            "Du ble logget ut fordi passordet ble skrevet feil for mange ganger. "
            "Prøv igjen om 15 minutter."
        )
    return render_template("admin/sign_in/login.html", form=form, notice=notice)


def _after_password(user, next_path: str, now):
    needs = staff_session.must_use_two_factor(user)
    staff_session.begin(user, second_factor_verified=False, now=now)
    if not needs:
        sign_in.complete_sign_in(
            db.session, user, method="password", address=client_address(), now=now
        )
        return redirect(staff_path_or_home(next_path))
    session[NEXT] = staff_path_or_home(next_path)
    if user.has_two_factor:
        return redirect(url_for(".two_factor"))
    return redirect(url_for(".enrol_two_factor"))


@bp.post("/logout")
@two_factor_step
def logout():
    sign_in.record_sign_out(
        db.session, current_user._get_current_object(), address=client_address(), now=utcnow()
    )
    staff_session.end()
    return redirect(url_for(".signed_out"))


@bp.get("/signed-out")
@public_staff_page
def signed_out():
    return render_template("admin/sign_in/signed_out.html")


@bp.post("/language")
@public_staff_page
def choose_language():
    form = LanguageForm()
    response = redirect(staff_path_or_home(form.next.data))
    if form.validate_on_submit():
        remember_language(response, form.lang.data)
    return response

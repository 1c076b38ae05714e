"""The second step of signing in: a TOTP code, or enrolling an authenticator app first."""

import segno
from flask import redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from admin import bp, client_address, staff_session
from admin.access import two_factor_step
from admin.forms.sign_in import EnrolTwoFactorForm, TwoFactorForm
from admin.staff_session import NEXT, sign_in_rate_limit, staff_path_or_home
from portal.db import db, utcnow
from portal.extensions import limiter
from portal.services.staff import sign_in
from portal.services.staff import two_factor as totp


def qr_code_svg(uri: str, label: str) -> Markup:
    """The QR code as inline SVG: made here, so the secret never leaves the server."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, border=4, svgclass="qr-code", omitsize=True
    )
    # segno writes only numbers and path data; the label is escaped.
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1)
    return Markup(labelled)  # noqa: S704


@bp.route("/two-factor", methods=["GET", "POST"])
@two_factor_step
@limiter.limit(sign_in_rate_limit, methods=["POST"])
def two_factor():
    user = current_user._get_current_object()
    if staff_session.is_fully_signed_in(user):
        return redirect(url_for(".home"))
    if not user.has_two_factor:
        return redirect(url_for(".enrol_two_factor"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        now = utcnow()
        try:
            method = totp.verify(
                db.session, user, code=form.code.data, address=client_address(), now=now
            )
        except totp.CodeRefused:
            form.code.errors.append(_("Koden stemmer ikke. Vent på en ny kode og prøv igjen."))
        else:
            return _finish(user, method, now)
    return render_template("admin/two_factor/verify.html", form=form)


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@two_factor_step
@limiter.limit(sign_in_rate_limit, methods=["POST"])
def enrol_two_factor():
    user = current_user._get_current_object()
    if user.has_two_factor:
        signed_in = staff_session.is_fully_signed_in(user)
        return redirect(url_for(".home" if signed_in else ".two_factor"))
    secret = session.setdefault(staff_session.PENDING_SECRET, totp.new_secret())
    form = EnrolTwoFactorForm()
    if form.validate_on_submit():
        now = utcnow()
        try:
            codes = totp.enrol(
                db.session,
                user,
                secret=secret,
                code=form.code.data,
                address=client_address(),
                now=now,
            )
        except totp.CodeRefused:
            form.code.errors.append(
                _("Koden stemmer ikke. Sjekk klokka på telefonen og prøv igjen.")
            )
        else:
            next_path = _finish(user, "totp", now).location
            return render_template(
                "admin/two_factor/recovery_codes.html", codes=codes, next_path=next_path
            )
    return render_template(
        "admin/two_factor/enrol.html",
        form=form,
        qr_code=qr_code_svg(totp.provisioning_uri(secret, user.email), _("QR-kode for appen")),
        secret=totp.grouped(secret),
    )


def _finish(user, method: str, now):
    next_path = session.get(NEXT)
    staff_session.finish_two_factor(user, now=now)
    sign_in.complete_sign_in(db.session, user, method=method, address=client_address(), now=now)
    return redirect(staff_path_or_home(next_path))

"""Outgoing email and SMS (admins only): what waits, what failed, and trying a failed one again."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin import bp, client_address
from admin.access import requires
from portal.db import db, utcnow
from portal.permissions import Permission
from portal.query_values import whole_number
from portal.services.messaging import outbox_delivery

# The kinds of error the senders meet most; any other is shown by its technical name.
ERROR_NAMES = {
    "ConnectionRefusedError": _l("Fikk ikke kontakt med e-post- eller SMS-tjenesten"),
    "ConnectionResetError": _l("Fikk ikke kontakt med e-post- eller SMS-tjenesten"),
    "SMTPConnectError": _l("Fikk ikke kontakt med e-post- eller SMS-tjenesten"),
    "SMTPServerDisconnected": _l("Fikk ikke kontakt med e-post- eller SMS-tjenesten"),
    "URLError": _l("Fikk ikke kontakt med e-post- eller SMS-tjenesten"),
    "gaierror": _l("Fikk ikke kontakt med e-post- eller SMS-tjenesten"),
    "TimeoutError": _l("Tjenesten svarte ikke i tide"),
    "SMTPRecipientsRefused": _l("E-postadressen ble avvist"),
    "SMTPAuthenticationError": _l("Portalen fikk ikke logge inn på e-posttjenesten"),
    "HTTPError": _l("SMS-tjenesten avviste meldingen"),
    "TemplateNotFound": _l("Meldingen kunne ikke skrives"),
    "UndefinedError": _l("Meldingen kunne ikke skrives"),
}


@bp.get("/outbox")
@requires(Permission.MANAGE_MESSAGES)
def outbox_list():
    page = max(whole_number(request.args.get("page"), default=1), 1)
    overview = outbox_delivery.overview(db.session, page=page)
    return render_template(
        "admin/outbox/list.html",
        overview=overview,
        error_names=ERROR_NAMES,
        page_url=lambda number: url_for(".outbox_list", page=number),
    )


@bp.post("/outbox/<int:message_id>/retry")
@requires(Permission.MANAGE_MESSAGES)
def retry_message(message_id: int):
    try:
        outbox_delivery.retry(
            db.session,
            message_id,
            actor=current_user._get_current_object(),
            address=client_address(),
            now=utcnow(),
        )
    except outbox_delivery.MessageNotFound:
        abort(404)
    except outbox_delivery.NotFailed:
        flash(_("Meldingen er allerede sendt eller lagt tilbake i køen."), "error")
    else:
        flash(_("Meldingen er lagt tilbake i køen og blir sendt i løpet av et par minutter."))
    return redirect(url_for(".outbox_list"))

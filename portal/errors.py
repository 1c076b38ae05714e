"""Friendly error pages in the person's language; never a traceback."""

import logging
from collections.abc import Callable

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from portal.db import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        _l("Vi forsto ikke forespørselen"),
        _l(
            "Noe i det som ble sendt, var ikke slik vi ventet. Hvis du fylte ut et skjema, "
            "kan siden ha vært åpen lenge. Gå tilbake, last inn siden på nytt og prøv igjen."
        ),
    ),
    403: (
        _l("Du har ikke tilgang til denne siden"),
        _l("Siden finnes, men du har ikke lov til å se den."),
    ),
    404: (
        _l("Vi finner ikke siden"),
        _l("Sjekk at adressen er riktig. Siden kan også være flyttet eller slettet."),
    ),
    405: (
        _l("Siden kan ikke brukes slik"),
        _l("Gå tilbake og prøv igjen fra siden du kom fra."),
    ),
    413: (
        _l("Det du sendte, er for stort"),
        _l("Gå tilbake og send mindre på en gang, for eksempel én fil om gangen."),
    ),
    429: (
        _l("Du har prøvd mange ganger på kort tid"),
        _l("Vent litt og prøv igjen om noen minutter."),
    ),
    500: (
        _l("Noe gikk galt hos oss"),
        _l("Feilen er ikke din. Prøv igjen om litt."),
    ),
    503: (
        _l("Tjenesten er ikke tilgjengelig akkurat nå"),
        _l("Vi jobber med å få den i gang igjen. Prøv igjen om litt."),
    ),
}


def says_when_too_large(message) -> Callable[[Callable], Callable]:
    """A view that takes files says, on the 413 page, what it takes (e.g. "at most 10 MB")."""

    def decorate(view: Callable) -> Callable:
        view.too_large_message = message
        return view

    return decorate


def render_error(code: int, message=None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    page = render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    )
    return page, code


def _too_large_message():
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "too_large_message", None)


def handle_http_exception(error: HTTPException):
    code = error.code or 500
    if code == 413:
        return render_error(413, _too_large_message())
    response = render_error(code if code in MESSAGES else 500)
    if code == 405 and error.get_response().headers.get("Allow"):
        return (*response, {"Allow": error.get_response().headers["Allow"]})
    return response


def handle_database_unavailable(error: OperationalError):
    log.error("database unavailable: %s", type(error.orig).__name__)
    db.session.remove()
    return render_error(ServiceUnavailable.code)


# Shown only when even the error page cannot be rendered.
LAST_RESORT = (
    '<!doctype html><html lang="nb"><meta charset="utf-8"><title>Noe gikk galt</title>'
    "<h1>Noe gikk galt hos oss</h1><p>Prøv igjen om litt.</p></html>"
)


def handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    log.exception("unexpected error")
    try:
        return render_error(InternalServerError.code)
    except Exception:
        log.exception("the error page itself failed")
        return LAST_RESORT, 500, {"Content-Type": "text/html; charset=utf-8"}


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(Exception, handle_unexpected)

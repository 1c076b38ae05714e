"""Which paths we may send a person back to (only our own, never another site), and which
paths lead to a page of the portal."""

from flask import current_app
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from portal.i18n import LANGUAGES

# Browsers drop tabs and line breaks from addresses and read a backslash as a slash,
# so "/\t/evil.example" would lead to //evil.example: no such character is allowed.
_REFUSED = frozenset(chr(code) for code in range(0x21)) | {"\x7f", "\\"}


def is_local_path(value: str) -> bool:
    """True for `/nb/start`; false for `https://evil.example`, `//evil.example`, `/\\evil`
    and `/\\t/evil.example`."""
    return (
        value.startswith("/")
        and not value.startswith("//")
        and not any(character in _REFUSED for character in value)
    )


def is_route(path: str) -> bool:
    """Whether a path on this site answers a GET: `/nb/calculator` yes, `/nb/kalkulator`
    and `/xx/calculator` no. (Which information pages exist is the services' to say.)"""
    path = path.split("#", 1)[0].split("?", 1)[0]
    first = path.lstrip("/").split("/", 1)[0]
    if first not in LANGUAGES and first not in {"media", "static", "healthz", ""}:
        return False
    try:
        current_app.url_map.bind("localhost").match(path, method="GET")
    except RequestRedirect:
        return True
    except (NotFound, MethodNotAllowed):
        return False
    return True

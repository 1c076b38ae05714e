"""Kiosk mode: the shared PC at the town hall, where the next person must find nothing.

A device is a kiosk when an admin marked it (a long-lived signed cookie, set at
/admin/kiosk) or when its address is in PORTAL_KIOSK_ADDRESSES. On a kiosk:
- after KIOSK_WARN_SECONDS without activity the page warns, and after
  KIOSK_CLEAR_SECONDS it wipes the session and shows the start page (portal.js);
  without the script, the server wipes a session idle for 15 minutes;
- every page has "Finish and clear", which empties the session and the
  browser's cache and storage for this site;
- personal fields are not remembered by the browser (autocomplete off).
A kiosk's pages are never cached anywhere: every response to a kiosk is `no-store`, and the
page cache neither serves nor keeps a kiosk's request (portal/http_caching.py).
"""

import ipaddress
import time

from flask import Flask, Response, current_app, g, redirect, request, session, url_for
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE_NAME = "portal_kiosk"
COOKIE_MAX_AGE = 5 * 365 * 24 * 3600
WARN_SECONDS = 120
CLEAR_SECONDS = 180
# The server's own limit, for a kiosk whose script does not run. Longer than the
# page's, so someone typing (no requests) is never wiped by the server first.
SERVER_CLEAR_SECONDS = 15 * 60
_LAST_SEEN = "kiosk_last_seen"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kiosk-device")


def is_kiosk() -> bool:
    """Whether the request comes from a kiosk device (worked out once per request)."""
    if "kiosk" not in g:
        g.kiosk = marked_by_cookie() or listed_address()
    return g.kiosk


def marked_by_cookie() -> bool:
    value = request.cookies.get(COOKIE_NAME)
    if not value:
        return False
    try:
        return _serializer().loads(value) == "kiosk"
    except BadSignature:
        return False


def listed_address() -> bool:
    return address_in(request.remote_addr, current_app.config["KIOSK_ADDRESSES"])


def address_in(remote_addr: str | None, networks) -> bool:
    """Whether a client address is in one of these networks (PORTAL_KIOSK_ADDRESSES)."""
    if not networks or not remote_addr:
        return False
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(address in network for network in networks)


def mark_device(response: Response) -> Response:
    response.set_cookie(
        COOKIE_NAME,
        _serializer().dumps("kiosk"),
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def unmark_device(response: Response) -> Response:
    response.delete_cookie(
        COOKIE_NAME,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def clear_everything(response: Response) -> Response:
    """Empty the session, and ask the browser to drop this site's cache and storage."""
    session.clear()
    # Not "cookies": that would also remove the cookie that makes this PC a kiosk.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


def check_idle_time():
    """Before each public request on a kiosk: wipe a session left idle too long."""
    if not is_kiosk():
        return None
    now = int(time.time())
    last_seen = session.get(_LAST_SEEN)
    if last_seen is not None and now - last_seen > SERVER_CLEAR_SECONDS:
        return clear_everything(redirect(url_for("public.start", cleared="timeout")))
    if session or last_seen is not None:
        session[_LAST_SEEN] = now
    return None


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        is_kiosk=is_kiosk, kiosk_warn_seconds=WARN_SECONDS, kiosk_clear_seconds=CLEAR_SECONDS
    )

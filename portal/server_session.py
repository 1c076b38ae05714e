"""Sessions kept on the server: the browser's cookie holds ids, never personal data or codes.

The signed cookie carries at most two values: the CSRF token, and the random id
of a `browser_sessions` row when there is more to remember (the draft being
filled in, a booking in progress, a receipt's code, the cases this browser
opened, a staff sign-in). The row is found by the SHA-256 of that id, so a copy
of the table lets nobody in.

Clearing the session deletes the row, and the next value gets a new id (no
fixation). That is how "finish", "close the case", signing out and the kiosk
wipe end the access on the server: a copy of the old cookie opens nothing.
A page that only shows information sets no cookie and reads no row.

A staff page that only reads (GET, HEAD) may use this worker's copy of the row instead of
asking the database (portal/checked_copies.py): every insert, update and delete here sets
a new token for the row after its commit, so a copy is used only while the row is as it
was read, and for at most COPY_SECONDS. Residents' rows are never copied: their pages are
not reloaded all day, and a copy would hold them.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from flask import Flask, Request, Response, abort, session
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import ServiceUnavailable

from portal.checked_copies import (
    COPY_SECONDS,
    RECORDS,
    CheckedCopies,
    is_reading,
    tokens_for,
)
from portal.db import db, utcnow
from portal.models import BrowserSession

log = logging.getLogger(__name__)

# What may travel in the cookie itself: nothing personal, nothing that opens a case.
COOKIE_KEYS = frozenset({"csrf_token"})
IDLE_LIFETIME = timedelta(hours=24)
# A row read but not changed is given more time at most this often.
TOUCH_AFTER = timedelta(minutes=15)
COPIES_KEPT = 10_000
EXTENSION = "portal.session_copies"
COPIED_UNDER = "/admin/"  # the staff pages

_values = TaggedJSONSerializer()
_table = BrowserSession.__table__


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class ServerSession(SecureCookieSession):
    """A session whose values live in the database; `clear()` also ends the row."""

    def __init__(self, initial=None, *, cookie=None, session_id=None, stored="", expires_at=None):
        super().__init__(initial)
        # What the browser sent, so an unchanged cookie is not sent back.
        self.cookie = cookie or {}
        self.session_id = session_id
        self.stored = stored
        self.expires_at = expires_at
        self.was_cleared = False
        # Set when the database could not be read: nothing is written back then.
        self.is_unavailable = False

    def clear(self) -> None:
        self.was_cleared = True
        super().clear()


class ServerSessionInterface(SecureCookieSessionInterface):
    session_class = ServerSession

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        serializer = self.get_signing_serializer(app)
        raw = request.cookies.get(self.get_cookie_name(app))
        if serializer is None or not raw:
            return ServerSession()
        try:
            cookie = serializer.loads(raw)
        except BadSignature:
            return ServerSession()
        if not isinstance(cookie, dict):
            return ServerSession()
        in_cookie = {key: cookie[key] for key in COOKIE_KEYS if isinstance(cookie.get(key), str)}
        session_id = cookie.get("sid")
        if not isinstance(session_id, str):
            return ServerSession(in_cookie, cookie=cookie)
        try:
            reading = is_reading(request.method) and request.path.startswith(COPIED_UNDER)
            row = _read(app, session_id, reading=reading)
        except SQLAlchemyError:
            log.error("sessions unavailable: the database did not answer")
            session = ServerSession(in_cookie, cookie=cookie)
            session.is_unavailable = True
            return session
        if row is None:
            return ServerSession(in_cookie, cookie=cookie)
        values = _values.loads(row.data)
        return ServerSession(
            {**values, **in_cookie},
            cookie=cookie,
            session_id=session_id,
            stored=row.data,
            expires_at=row.expires_at,
        )

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        if session.accessed:
            response.vary.add("Cookie")
        if session.is_unavailable:
            return
        server_values = {key: value for key, value in session.items() if key not in COOKIE_KEYS}
        old_id = session.session_id
        session_id = None if session.was_cleared else old_id
        if old_id and (session.was_cleared or not server_values):
            _delete(app, old_id)
        if server_values:
            stored = _values.dumps(server_values)
            now = utcnow()
            if session_id is None:
                session_id = secrets.token_urlsafe(32)
                _insert(app, session_id, stored, now)
            elif stored != session.stored or _is_due_for_touch(session, now):
                _update(app, session_id, stored, now)
        self._write_cookie(app, session, response, session_id)

    def _write_cookie(self, app, session, response, session_id) -> None:
        cookie = {key: session[key] for key in COOKIE_KEYS if key in session}
        if session_id:
            cookie["sid"] = session_id
        name = self.get_cookie_name(app)
        options = {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app),
            "samesite": self.get_cookie_samesite(app),
            "httponly": self.get_cookie_httponly(app),
        }
        if cookie == session.cookie:
            return
        response.vary.add("Cookie")
        if not cookie:
            response.delete_cookie(name, **options)
            return
        value = self.get_signing_serializer(app).dumps(cookie)
        response.set_cookie(name, value, **options)


def refuse_when_unavailable() -> None:
    """Before each request: a browser whose session could not be read gets the 503 page.

    Carrying on without it would tell the person that their draft or booking is gone, or
    accept a step that cannot be kept; the 503 page says to try again in a while, in their
    language, and nothing is acknowledged that was not stored.
    """
    if getattr(session, "is_unavailable", False):
        abort(ServiceUnavailable.code)


def purge_expired(engine, *, now) -> int:
    """Delete every session row past its idle limit (`flask purge-expired`); how many went."""
    with engine.begin() as connection:
        return connection.execute(delete(_table).where(_table.c.expires_at <= now)).rowcount


def _is_due_for_touch(session: ServerSession, now) -> bool:
    return session.expires_at is None or session.expires_at - now < IDLE_LIFETIME - TOUCH_AFTER


def init_app(app: Flask) -> None:
    app.session_interface = ServerSessionInterface()
    if tokens_for(app) is not None:
        app.extensions[EXTENSION] = CheckedCopies(seconds=COPY_SECONDS, limit=COPIES_KEPT)


def _token_key(id_hash: str) -> str:
    return f"session:{id_hash}"


def _read(app: Flask, session_id: str, *, reading: bool = False):
    """The row's data and end, while it has not ended; this worker's copy if `reading`."""
    id_hash = _hash(session_id)

    def load():
        with db.engine_for(app).connect() as connection:
            return connection.execute(
                select(_table.c.data, _table.c.expires_at).where(
                    _table.c.id_hash == id_hash, _table.c.expires_at > utcnow()
                )
            ).first()

    copies: CheckedCopies | None = app.extensions.get(EXTENSION)
    if copies is None or not reading:
        return load()
    # With the records' token, which the staff page asks for next: one round trip for both.
    seen = tokens_for(app).now(_token_key(id_hash), RECORDS)
    row = copies.get(id_hash, seen and seen[_token_key(id_hash)], load)
    return row if row is not None and row.expires_at > utcnow() else None


def _row_changed(app: Flask, id_hash: str) -> None:
    copies: CheckedCopies | None = app.extensions.get(EXTENSION)
    if copies is not None:
        copies.drop(id_hash)
        tokens_for(app).change(_token_key(id_hash))


def _insert(app: Flask, session_id: str, stored: str, now) -> None:
    id_hash = _hash(session_id)
    with db.engine_for(app).begin() as connection:
        connection.execute(
            insert(_table).values(
                id_hash=id_hash,
                data=stored,
                created_at=now,
                updated_at=now,
                expires_at=now + IDLE_LIFETIME,
            )
        )
    _row_changed(app, id_hash)


def _update(app: Flask, session_id: str, stored: str, now) -> None:
    id_hash = _hash(session_id)
    with db.engine_for(app).begin() as connection:
        connection.execute(
            update(_table)
            .where(_table.c.id_hash == id_hash)
            .values(data=stored, updated_at=now, expires_at=now + IDLE_LIFETIME)
        )
    _row_changed(app, id_hash)


def _delete(app: Flask, session_id: str) -> None:
    id_hash = _hash(session_id)
    with db.engine_for(app).begin() as connection:
        connection.execute(delete(_table).where(_table.c.id_hash == id_hash))
    _row_changed(app, id_hash)

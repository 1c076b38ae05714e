"""What the Flask session remembers about a signed-in staff member, and its time limits.

Keys: the account's `session_version` (a password change or deactivation bumps
it, so older sessions stop loading), whether the second factor was verified, and
when the session began and was last used (idle 30 minutes, at most 10 hours).
Whether two-factor is needed is decided on every request from the person's roles
as they are now, so a role given mid-session asks for the code at once.

The account is read on every staff request. A request that only reads (GET, HEAD) may
use this worker's copy of it instead (portal/checked_copies.py), while no commit has
written any record since the copy was read (accounts and roles included), and for at most
COPY_SECONDS.
"""

from datetime import datetime

from flask import Flask, current_app, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy.orm import Session

from portal.checked_copies import (
    COPY_SECONDS,
    RECORDS,
    CheckedCopies,
    is_reading,
    tokens_for,
)
from portal.db import db
from portal.extensions import login_manager
from portal.models import StaffUser
from portal.paths import is_local_path
from portal.services.staff import sign_in

VERSION = "staff_session_version"
SECOND_FACTOR_VERIFIED = "staff_second_factor_verified"
STARTED_AT = "staff_started_at"
SEEN_AT = "staff_seen_at"
PENDING_SECRET = "staff_pending_totp_secret"  # noqa: S105  (a session key)
# Where to go once signed in (the page that asked for sign-in), kept between the two steps.
NEXT = "staff_next"
COPIES_KEPT = 1000
EXTENSION = "admin.account_copies"
TOUCH_EVERY_SECONDS = 60


def sign_in_rate_limit() -> str:
    """How often one address may try to sign in (or guess a password), from the config."""
    return current_app.config["STAFF_SIGN_IN_RATE_LIMIT"]


def staff_path_or_home(value: str | None) -> str:
    """`value` when it is a path on our own staff pages; else the staff start page."""
    if value and is_local_path(value) and (value == "/admin" or value.startswith("/admin/")):
        return value
    return url_for("admin.home")


def init_app(app: Flask) -> None:
    if tokens_for(app) is not None:
        app.extensions[EXTENSION] = CheckedCopies(seconds=COPY_SECONDS, limit=COPIES_KEPT)


def _account(staff_id: int) -> StaffUser | None:
    """The active account, as this request's own object; from this worker's copy if it may."""
    copies: CheckedCopies[StaffUser] | None = current_app.extensions.get(EXTENSION)
    if copies is None or not is_reading(request.method):
        return sign_in.active_staff_user(db.session, staff_id)

    def detached_copy() -> StaffUser | None:
        with Session(db.engine) as reading:
            user = sign_in.active_staff_user(reading, staff_id)
            if user is not None:
                reading.expunge(user)
            return user

    seen = tokens_for(current_app).now(RECORDS)
    copy = copies.get(str(staff_id), seen and seen[RECORDS], detached_copy)
    # Into this request's session as it was read, without asking the database again.
    return None if copy is None else db.session.merge(copy, load=False)


@login_manager.user_loader
def load_staff_user(user_id: str) -> StaffUser | None:
    if not user_id.isdigit():
        return None
    user = _account(int(user_id))
    if user is None or session.get(VERSION) != user.session_version:
        return None
    return user


def begin(user: StaffUser, *, second_factor_verified: bool, now: datetime) -> None:
    """A fresh session for this person: nothing from before survives (no fixation)."""
    session.clear()
    login_user(user)
    session[VERSION] = user.session_version
    session[SECOND_FACTOR_VERIFIED] = second_factor_verified
    session[STARTED_AT] = session[SEEN_AT] = int(now.timestamp())


def finish_two_factor(user: StaffUser, *, now: datetime) -> None:
    """Two-factor is done: renew the session again, now fully signed in."""
    begin(user, second_factor_verified=True, now=now)


def keep_version(user: StaffUser) -> None:
    """This session changed the password itself: it stays, with the new version."""
    session[VERSION] = user.session_version


def end() -> None:
    logout_user()
    session.clear()


def must_use_two_factor(user: StaffUser) -> bool:
    return sign_in.needs_two_factor(
        user, require_for_editors=current_app.config["REQUIRE_2FA_FOR_EDITORS"]
    )


def is_fully_signed_in(user: StaffUser) -> bool:
    """Password given, and the second factor too if this person's roles need it."""
    return bool(session.get(SECOND_FACTOR_VERIFIED)) or not must_use_two_factor(user)


def idle_limit_seconds() -> int:
    return current_app.config["STAFF_IDLE_MINUTES"] * 60


def expiry_reason(now: datetime) -> str | None:
    """ "time_limit" past the absolute limit, "idle" when unused too long, else None."""
    seconds = int(now.timestamp())
    absolute = current_app.config["STAFF_ABSOLUTE_HOURS"] * 3600
    if seconds - session.get(STARTED_AT, 0) > absolute:
        return "time_limit"
    if seconds - session.get(SEEN_AT, 0) > idle_limit_seconds():
        return "idle"
    return None


def touch(now: datetime) -> None:
    """This request counts as use. Written at most once a minute: each write is a database
    write and a new session row for every worker to read, and the idle limit and the
    countdown shown are both counted from the time written, so they still agree."""
    seconds = int(now.timestamp())
    if seconds - session.get(SEEN_AT, 0) >= TOUCH_EVERY_SECONDS:
        session[SEEN_AT] = seconds


def expires_at() -> int:
    """When the session ends if nothing more happens (seconds since the epoch)."""
    absolute = session.get(STARTED_AT, 0) + current_app.config["STAFF_ABSOLUTE_HOURS"] * 3600
    return min(session.get(SEEN_AT, 0) + idle_limit_seconds(), absolute)

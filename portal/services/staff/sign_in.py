"""Signing staff in: the password step, lockout, and who must use two-factor.

Whatever goes wrong (unknown email, wrong password, locked or deactivated
account), the caller gets the same `SignInRefused`, and the answer takes the
same time: an unknown email is checked against a dummy hash.
"""

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from portal import permissions
from portal.models import StaffUser
from portal.services.staff import audit, passwords

LOCK_AFTER_FAILURES = 10
LOCK_FOR = timedelta(minutes=15)


class SignInRefused(Exception):
    """The email and password do not let this person in (never says why)."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(session: Session, email: str) -> StaffUser | None:
    return session.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))


def active_staff_user(session: Session, staff_id: int) -> StaffUser | None:
    """The account behind a session, if it may still be used. Read on every staff request:
    the roles come in the same query."""
    user = session.get(StaffUser, staff_id, options=[joinedload(StaffUser.roles)])
    return user if user is not None and user.active else None


def check_password(
    session: Session, *, email: str, password: str, address: str, now: datetime
) -> StaffUser:
    """The person whose password this is, or SignInRefused. Failures are counted and logged.

    The tenth wrong password in a row locks the account for 15 minutes; while
    locked, even the right password is refused with the same answer.
    """
    user = find_by_email(session, email)
    check = passwords.verify(user.password_hash if user else None, password)
    if user is None:
        _refuse(session, None, "unknown_email", address, now)
    if not user.active:
        _refuse(session, user, "inactive", address, now)
    if is_locked(session, user, now=now):
        _refuse(session, user, "locked", address, now)
    if not check.matches:
        count_failure(session, user, address=address, now=now)
        _refuse(session, user, "wrong_password", address, now)
    # The count of failures is not reset here: only a finished sign-in (after the
    # second factor, where one is needed) clears it, so a known password does not
    # buy an attacker ten more guesses at the code.
    if check.needs_rehash:
        user.password_hash = passwords.hash_password(password)
    session.commit()
    return user


def is_locked(session: Session, user: StaffUser, *, now: datetime) -> bool:
    """Whether the account is locked now, read from the database (another request may lock it)."""
    locked_until = session.scalar(select(StaffUser.locked_until).where(StaffUser.id == user.id))
    return locked_until is not None and locked_until > now


def count_failure(session: Session, user: StaffUser, *, address: str, now: datetime) -> bool:
    """One more wrong password or code; the tenth in a row locks the account. Not committed.

    The count goes up in the database in one statement, so wrong passwords sent at
    once from many addresses are all counted; of the requests that reach the tenth,
    one locks the account and logs it. Returns whether this failure locked it.
    """
    count = session.execute(
        update(StaffUser)
        .where(StaffUser.id == user.id)
        .values(failed_sign_ins=StaffUser.failed_sign_ins + 1)
        .returning(StaffUser.failed_sign_ins)
        .execution_options(synchronize_session="fetch")
    ).scalar_one()
    if count < LOCK_AFTER_FAILURES:
        return False
    locked = session.execute(
        update(StaffUser)
        .where(StaffUser.id == user.id, StaffUser.failed_sign_ins >= LOCK_AFTER_FAILURES)
        .values(failed_sign_ins=0, locked_until=now + LOCK_FOR)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if not locked:
        return False
    session.refresh(user, ["failed_sign_ins", "locked_until"])
    audit.record(
        session,
        actor=user,
        action="lockout",
        object_type="staff_user",
        object_id=user.id,
        address=address,
        now=now,
        details=f"{LOCK_AFTER_FAILURES} failed attempts",
    )
    return True


def clear_failures(session: Session, user: StaffUser) -> None:
    """A finished sign-in: the count of failures starts again (not committed)."""
    session.execute(
        update(StaffUser)
        .where(StaffUser.id == user.id)
        .values(failed_sign_ins=0, locked_until=None)
        .execution_options(synchronize_session="fetch")
    )


def _refuse(
    session: Session, user: StaffUser | None, reason: str, address: str, now: datetime
) -> None:
    audit.record(
        session,
        actor=user,
        action="sign_in_failed",
        object_type="staff_user",
        object_id=user.id if user else None,
        address=address,
        now=now,
        details=reason,
    )
    session.commit()
    raise SignInRefused()


def needs_two_factor(user: StaffUser, *, require_for_editors: bool) -> bool:
    """Whoever may reach personal data (portal/permissions.py); editors when set so."""
    return permissions.needs_two_factor(user.role_names, require_for_editors=require_for_editors)


def complete_sign_in(
    session: Session, user: StaffUser, *, method: str, address: str, now: datetime
) -> None:
    """Log the finished sign-in (`method`: password, totp or recovery_code)."""
    clear_failures(session, user)
    user.last_signed_in_at = now
    audit.record(
        session,
        actor=user,
        action="sign_in",
        object_type="staff_user",
        object_id=user.id,
        address=address,
        now=now,
        details=method,
    )
    session.commit()


def record_sign_out(
    session: Session, user: StaffUser, *, address: str, now: datetime, reason: str = "by_person"
) -> None:
    """End every session of this person and log it; `reason`: by_person, idle or time_limit.

    Sessions live in signed cookies, so a copy of the cookie would outlive a
    sign-out on this browser alone: bumping the version makes every copy stale.
    """
    user.session_version += 1
    audit.record(
        session,
        actor=user,
        action="sign_out",
        object_type="staff_user",
        object_id=user.id,
        address=address,
        now=now,
        details=reason,
    )
    session.commit()

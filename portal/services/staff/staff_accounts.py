"""Staff accounts: creating them, roles, deactivation, passwords and one-time password links.

Every change is logged through `audit.record` in the same transaction. An admin
cannot lock themself out: they cannot deactivate themself or drop their own admin role.
"""

import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import permissions
from portal.models import PasswordLink, StaffRole, StaffUser
from portal.models.staff import ROLES
from portal.services.staff import audit, passwords, sign_in
from portal.services.staff.sign_in import find_by_email, normalise_email

PASSWORD_LINK_VALID_FOR = timedelta(hours=24)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidAccount(ValueError):
    """The email, name or roles cannot be used (`reason` says which)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class EmailTaken(Exception):
    """Another account already signs in with this email."""


class NotAllowedOnYourself(Exception):
    """An admin tried to deactivate themself or remove their own admin role."""


class LinkInvalid(Exception):
    """The password link is unknown, used or expired."""


class AccountLocked(Exception):
    """Too many wrong passwords: the account is locked for a while, and its sessions ended."""


class WrongCurrentPassword(Exception):
    """The current password given when changing it was wrong."""


def _valid_roles(roles: Iterable[str]) -> list[str]:
    wanted = sorted(set(roles))
    if any(role not in ROLES for role in wanted):
        raise InvalidAccount("unknown_role")
    return wanted


def _log(session, actor, action, user, address, now, details=""):
    audit.record(
        session,
        actor=actor,
        action=action,
        object_type="staff_user",
        object_id=user.id,
        address=address,
        now=now,
        details=details,
    )


def create_staff(
    session: Session,
    *,
    email: str,
    name: str,
    roles: Iterable[str],
    actor: StaffUser | None,
    address: str,
    now: datetime,
    password: str | None = None,
) -> StaffUser:
    """A new active account. Without `password` it has none until its link is used."""
    email = normalise_email(email)
    name = name.strip()
    if not _EMAIL.match(email) or len(email) > 254:
        raise InvalidAccount("email")
    if not name or len(name) > 200:
        raise InvalidAccount("name")
    role_names = _valid_roles(roles)
    if find_by_email(session, email) is not None:
        raise EmailTaken(email)
    if password is not None:
        passwords.check_policy(password)
    user = StaffUser(
        email=email,
        name=name,
        password_hash=passwords.hash_password(password) if password is not None else None,
        active=True,
        session_version=1,
        failed_sign_ins=0,
        created_at=now,
        roles=[StaffRole(role=role) for role in role_names],
    )
    session.add(user)
    session.flush()
    _log(session, actor, "account_created", user, address, now, ",".join(role_names))
    session.commit()
    return user


def list_staff(session: Session) -> list[StaffUser]:
    """Everyone, active first, by name."""
    return list(
        session.scalars(select(StaffUser).order_by(StaffUser.active.desc(), StaffUser.name))
    )


def get_staff(session: Session, staff_id: int) -> StaffUser | None:
    return session.get(StaffUser, staff_id)


def set_roles(
    session: Session,
    user: StaffUser,
    roles: Iterable[str],
    *,
    actor: StaffUser,
    address: str,
    now: datetime,
) -> None:
    """Give the person exactly these roles."""
    wanted = _valid_roles(roles)
    before = sorted(user.role_names)
    # Nobody takes away their own right to manage staff: someone must keep it.
    manages = permissions.Permission.MANAGE_STAFF
    if (
        user.id == actor.id
        and permissions.may(before, manages)
        and not permissions.may(wanted, manages)
    ):
        raise NotAllowedOnYourself()
    if wanted == before:
        return
    keep = [role for role in user.roles if role.role in wanted]
    user.roles = keep + [StaffRole(role=r) for r in wanted if r not in user.role_names]
    _log(
        session,
        actor,
        "roles_changed",
        user,
        address,
        now,
        f"{','.join(before)} -> {','.join(wanted)}",
    )
    session.commit()


def deactivate(
    session: Session, user: StaffUser, *, actor: StaffUser, address: str, now: datetime
) -> None:
    """The person can no longer sign in; their open sessions end on their next request."""
    if user.id == actor.id:
        raise NotAllowedOnYourself()
    if not user.active:
        return
    user.active = False
    user.session_version += 1
    _log(session, actor, "account_deactivated", user, address, now)
    session.commit()


def reactivate(
    session: Session, user: StaffUser, *, actor: StaffUser, address: str, now: datetime
) -> None:
    """The person may sign in again, with a clean slate of failed attempts."""
    if user.active:
        return
    user.active = True
    user.failed_sign_ins = 0
    user.locked_until = None
    _log(session, actor, "account_reactivated", user, address, now)
    session.commit()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_password_link(
    session: Session, user: StaffUser, *, actor: StaffUser, address: str, now: datetime
) -> str:
    """A new one-time token, valid 24 hours; earlier unused links stop working.

    Only its SHA-256 is stored: the token itself is returned once, to show the admin.
    """
    earlier = session.scalars(
        select(PasswordLink).where(
            PasswordLink.staff_user_id == user.id, PasswordLink.used_at.is_(None)
        )
    )
    for link in earlier:
        link.expires_at = min(link.expires_at, now)
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordLink(
            staff_user_id=user.id,
            token_hash=_token_hash(token),
            created_at=now,
            expires_at=now + PASSWORD_LINK_VALID_FOR,
        )
    )
    _log(session, actor, "password_link_created", user, address, now)
    session.commit()
    return token


def find_password_link(session: Session, token: str, *, now: datetime) -> PasswordLink:
    """The usable link for `token`, or LinkInvalid."""
    if not token or len(token) > 200:
        raise LinkInvalid()
    link = session.scalar(select(PasswordLink).where(PasswordLink.token_hash == _token_hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= now:
        raise LinkInvalid()
    if not link.staff_user.active:
        raise LinkInvalid()
    return link


def set_password_with_link(
    session: Session, token: str, new_password: str, *, address: str, now: datetime
) -> StaffUser:
    """Set the password the link was made for; the link is used up and other sessions end."""
    link = find_password_link(session, token, now=now)
    passwords.check_policy(new_password)
    user = link.staff_user
    _replace_password(user, new_password)
    user.failed_sign_ins = 0
    user.locked_until = None
    link.used_at = now
    _log(session, user, "password_set_by_link", user, address, now)
    session.commit()
    return user


def change_own_password(
    session: Session,
    user: StaffUser,
    *,
    current_password: str,
    new_password: str,
    address: str,
    now: datetime,
) -> None:
    """Change a signed-in person's password; their other sessions end.

    A wrong current password counts like a wrong password at sign-in. When the
    account is locked (now, or by this failure), every session of the person
    ends and AccountLocked is raised: someone may be guessing in a stolen session.
    """
    if sign_in.is_locked(session, user, now=now):
        raise AccountLocked()
    if not passwords.verify(user.password_hash, current_password).matches:
        locked = sign_in.count_failure(session, user, address=address, now=now)
        _log(session, user, "password_change_failed", user, address, now)
        if locked:
            user.session_version += 1
        session.commit()
        raise AccountLocked() if locked else WrongCurrentPassword()
    passwords.check_policy(new_password)
    _replace_password(user, new_password)
    _log(session, user, "password_changed", user, address, now)
    session.commit()


def _replace_password(user: StaffUser, new_password: str) -> None:
    user.password_hash = passwords.hash_password(new_password)
    user.session_version += 1


def invite_staff(
    session: Session,
    *,
    email: str,
    name: str,
    roles: Iterable[str],
    actor: StaffUser,
    address: str,
    now: datetime,
) -> tuple[StaffUser, str]:
    """A new account and the one-time link through which its owner chooses a password."""
    user = create_staff(
        session, email=email, name=name, roles=roles, actor=actor, address=address, now=now
    )
    return user, issue_password_link(session, user, actor=actor, address=address, now=now)

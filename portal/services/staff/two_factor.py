"""TOTP two-factor (RFC 6238) with one-time recovery codes.

A code is accepted for the current 30-second step and one step either side
(clocks on phones drift), and never for a step at or before the last one used.
Recovery codes are 60 random bits each; only their SHA-256 is stored.
"""

import hashlib
import secrets
from datetime import datetime

import pyotp
from sqlalchemy.orm import Session

from portal.models import RecoveryCode, StaffUser
from portal.services.staff import audit
from portal.services.staff.sign_in import count_failure, is_locked

STEP_SECONDS = 30
ISSUER = "Boligportalen Eigersund"
RECOVERY_CODE_COUNT = 10
# No 0/O, 1/I: easy to read off paper.
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class CodeRefused(Exception):
    """The code is wrong, already used, or the account is locked."""


def new_secret() -> str:
    """A fresh base32 secret (160 bits)."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """What the QR code holds: authenticator apps read account and issuer from it."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The secret in groups of four, for reading aloud or typing in."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _digits(code: str) -> str:
    return "".join(code.split())


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    code = _digits(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if secrets.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _hash_recovery_code(code: str) -> str:
    return hashlib.sha256(_normalise_recovery_code(code).encode()).hexdigest()


def _new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    return codes


def enrol(
    session: Session, user: StaffUser, *, secret: str, code: str, address: str, now: datetime
) -> list[str]:
    """Turn on two-factor with `secret` once `code` proves the app has it.

    Returns ten recovery codes: the only time anyone sees them.
    """
    step = _matching_step(secret, code, now)
    if step is None:
        raise CodeRefused()
    user.totp_secret = secret
    user.totp_last_step = step
    user.two_factor_enrolled_at = now
    codes = _new_recovery_codes()
    user.recovery_codes = [RecoveryCode(code_hash=_hash_recovery_code(c)) for c in codes]
    audit.record(
        session,
        actor=user,
        action="two_factor_enrolled",
        object_type="staff_user",
        object_id=user.id,
        address=address,
        now=now,
    )
    session.commit()
    return codes


def verify(session: Session, user: StaffUser, *, code: str, address: str, now: datetime) -> str:
    """Accept a TOTP code or an unused recovery code; returns "totp" or "recovery_code".

    Failures count towards the same lockout as wrong passwords; the count is cleared
    only when the sign-in is completed (sign_in.complete_sign_in).
    """
    locked = is_locked(session, user, now=now)
    if user.has_two_factor and not locked:
        step = _matching_step(user.totp_secret, code, now)
        if step is not None and step > (user.totp_last_step or -1):
            user.totp_last_step = step
            session.commit()
            return "totp"
        recovery = _unused_recovery_code(user, code)
        if recovery is not None:
            recovery.used_at = now
            audit.record(
                session,
                actor=user,
                action="recovery_code_used",
                object_type="staff_user",
                object_id=user.id,
                address=address,
                now=now,
                details=f"{_unused_count(user)} left",
            )
            session.commit()
            return "recovery_code"
        count_failure(session, user, address=address, now=now)
    audit.record(
        session,
        actor=user,
        action="two_factor_failed",
        object_type="staff_user",
        object_id=user.id,
        address=address,
        now=now,
        details="locked" if locked else "wrong_code",
    )
    session.commit()
    raise CodeRefused()


def _unused_recovery_code(user: StaffUser, code: str) -> RecoveryCode | None:
    if len(_normalise_recovery_code(code)) != 12:
        return None
    wanted = _hash_recovery_code(code)
    for recovery in user.recovery_codes:
        if recovery.used_at is None and secrets.compare_digest(recovery.code_hash, wanted):
            return recovery
    return None


def _unused_count(user: StaffUser) -> int:
    return sum(1 for recovery in user.recovery_codes if recovery.used_at is None)


def reset(
    session: Session, user: StaffUser, *, actor: StaffUser, address: str, now: datetime
) -> None:
    """Turn two-factor off for a person who lost their phone; they enrol again at next sign-in.

    Their open sessions end, since those were signed in with the old factor.
    """
    user.totp_secret = None
    user.totp_last_step = None
    user.two_factor_enrolled_at = None
    user.recovery_codes = []
    user.session_version += 1
    audit.record(
        session,
        actor=actor,
        action="two_factor_reset",
        object_type="staff_user",
        object_id=user.id,
        address=address,
        now=now,
    )
    session.commit()

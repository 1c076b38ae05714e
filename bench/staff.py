"""The benchmarks' staff: accounts that sign in with a password and then a code."""

from datetime import datetime

import pyotp
from sqlalchemy.orm import Session

from portal.models import StaffUser
from portal.services.staff import staff_accounts

PASSWORD = "et langt og godt passord"  # noqa: S105  (throwaway benchmark accounts)


def enrolled_staff(
    session: Session, *, email: str, name: str, roles: list[str], now: datetime, secret: str = ""
) -> StaffUser:
    """A person with PASSWORD and a second factor (`secret`, or a new one); not committed."""
    person = staff_accounts.create_staff(
        session, email=email, name=name, roles=roles, actor=None, address="bench", now=now,
        password=PASSWORD,
    )  # fmt: skip
    person.totp_secret = secret or pyotp.random_base32()
    person.two_factor_enrolled_at = now
    return person

"""Husbanken's current interest rate, as staff last set it: the calculator's default."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Setting

_PERCENT = "husbanken.rate_percent"
_AS_OF = "husbanken.rate_as_of"


@dataclass(frozen=True)
class InterestRate:
    percent: Decimal
    as_of: date


def current_rate(session: Session) -> InterestRate | None:
    """The rate and the day it was set from, or None when staff have set none."""
    values = {
        row.key: row.value
        for row in session.scalars(select(Setting).where(Setting.key.in_([_PERCENT, _AS_OF])))
    }
    try:
        return InterestRate(Decimal(values[_PERCENT]), date.fromisoformat(values[_AS_OF]))
    except (KeyError, InvalidOperation, ValueError):
        return None


def save_rate(session: Session, rate: InterestRate, *, now: datetime) -> None:
    """Store the rate and its date in one commit."""
    store_rate(session, rate, now=now)
    session.commit()


def store_rate(session: Session, rate: InterestRate, *, now: datetime) -> None:
    """The rate and its date, in the caller's transaction (the caller commits)."""
    for key, value in [(_PERCENT, str(rate.percent)), (_AS_OF, rate.as_of.isoformat())]:
        setting = session.get(Setting, key) or Setting(key=key)
        setting.value = value
        setting.updated_at = now
        session.add(setting)

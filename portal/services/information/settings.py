"""Small settings staff keep right, stored in the settings table."""

from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import Setting
from portal.services.information.contacts import UrgentContacts, store_urgent_contacts
from portal.services.information.interest_rate import InterestRate, store_rate
from portal.services.staff import audit
from portal.services.staff.audit import Actor
from portal.signals import content_changed

_ANSWER_WEEKS = "applications.answer_weeks"
DEFAULT_ANSWER_WEEKS = 3


def answer_weeks(session: Session) -> int:
    """How many weeks an applicant normally waits for an answer (shown on the receipt)."""
    setting = session.get(Setting, _ANSWER_WEEKS)
    try:
        return int(setting.value) if setting else DEFAULT_ANSWER_WEEKS
    except ValueError:
        return DEFAULT_ANSWER_WEEKS


def save_settings(
    session: Session,
    *,
    contacts: UrgentContacts,
    rate: InterestRate,
    weeks: int,
    actor: Actor,
    now: datetime,
) -> None:
    """Everything on the settings page, and its audit entry, in one commit."""
    store_urgent_contacts(session, contacts, now=now)
    store_rate(session, rate, now=now)
    store_answer_weeks(session, weeks, now=now)
    audit.record_by(
        actor, session, "settings_changed", object_type="settings", object_id=None, now=now
    )
    session.commit()
    content_changed.send("settings")


def store_answer_weeks(session: Session, weeks: int, *, now: datetime) -> None:
    """Stored in the caller's transaction (the caller commits)."""
    setting = session.get(Setting, _ANSWER_WEEKS) or Setting(key=_ANSWER_WEEKS)
    setting.value = str(weeks)
    setting.updated_at = now
    session.add(setting)

"""Small settings staff keep right, stored in the settings table."""

from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import Setting

_ANSWER_WEEKS = "applications.answer_weeks"
DEFAULT_ANSWER_WEEKS = 3


def answer_weeks(session: Session) -> int:
    """How many weeks an applicant normally waits for an answer (shown on the receipt)."""
    setting = session.get(Setting, _ANSWER_WEEKS)
    try:
        return int(setting.value) if setting else DEFAULT_ANSWER_WEEKS
    except ValueError:
        return DEFAULT_ANSWER_WEEKS


def save_answer_weeks(session: Session, weeks: int, *, now: datetime) -> None:
    """Stored in the caller's transaction (the caller commits)."""
    setting = session.get(Setting, _ANSWER_WEEKS) or Setting(key=_ANSWER_WEEKS)
    setting.value = str(weeks)
    setting.updated_at = now
    session.add(setting)

"""Residents' answers to "did you find what you were looking for?"."""

from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import Feedback
from portal.paths import is_local_path

COMMENT_MAX_LENGTH = 1000
PAGE_MAX_LENGTH = 200


class InvalidFeedback(ValueError):
    """The feedback cannot be stored as given."""


def record_feedback(
    session: Session,
    *,
    page: str,
    language: str,
    found_what_they_needed: bool,
    comment: str,
    now: datetime,
) -> Feedback:
    """Store one answer. Only a path on this site is kept as the page, never a full URL."""
    if not is_local_path(page) or len(page) > PAGE_MAX_LENGTH:
        raise InvalidFeedback("page must be a path on this site")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise InvalidFeedback("comment is too long")
    feedback = Feedback(
        page=page.split("?", 1)[0],
        language=language,
        found_what_they_needed=found_what_they_needed,
        comment=comment,
        created_at=now,
    )
    session.add(feedback)
    session.commit()
    return feedback

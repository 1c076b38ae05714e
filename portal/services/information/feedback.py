"""Residents' answers to "did you find what you were looking for?", and what editors learn
from them.

No personal data is kept: before a comment is stored, anything that looks like an email
address, a phone number or an identity number is replaced by REDACTED. Editors see the
answers per page and per month (Oslo time), the comments, and a CSV.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import Feedback
from portal.paths import is_local_path
from portal.services.spreadsheet import to_csv

COMMENT_MAX_LENGTH = 1000
PAGE_MAX_LENGTH = 200
REDACTED = "[fjernet]"
LOCAL_TIME = ZoneInfo("Europe/Oslo")

_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[^\s@<>()\[\],;:\"']+")
# Eight digits or more, however they are grouped (91 23 45 67, +47 912 34 567, 0047...,
# an identity number 010190 12345): no amount of kroner is written with that many.
_NUMBER = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ .\-/]?\d){7,}(?!\w)")


class InvalidFeedback(ValueError):
    """The feedback cannot be stored as given."""


def redact(comment: str) -> str:
    """The comment with email addresses, phone numbers and identity numbers taken out."""
    comment = _EMAIL.sub(REDACTED, comment)
    return _NUMBER.sub(REDACTED, comment)


def record_feedback(
    session: Session,
    *,
    page: str,
    language: str,
    found_what_they_needed: bool,
    comment: str,
    now: datetime,
) -> Feedback:
    """Store one answer. Only a path on this site is kept as the page, never a full URL;
    the comment is stored without contact details or identity numbers."""
    if not is_local_path(page) or len(page) > PAGE_MAX_LENGTH:
        raise InvalidFeedback("page must be a path on this site")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise InvalidFeedback("comment is too long")
    feedback = Feedback(
        page=page.split("?", 1)[0],
        language=language,
        found_what_they_needed=found_what_they_needed,
        comment=redact(comment),
        created_at=now,
    )
    session.add(feedback)
    session.commit()
    return feedback


@dataclass(frozen=True)
class PageMonth:
    month: str  # "2026-11", Oslo time
    page: str
    found: int
    not_found: int

    @property
    def answers(self) -> int:
        return self.found + self.not_found

    @property
    def found_percent(self) -> int:
        return round(100 * self.found / self.answers) if self.answers else 0


def _since(today: date, months: int) -> datetime:
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return datetime.combine(first, datetime.min.time(), tzinfo=LOCAL_TIME)


def per_page_and_month(session: Session, *, today: date, months: int = 12) -> list[PageMonth]:
    """Yes and no answers per page and month for the last `months` months (this one
    included), newest month first, then the page with most answers."""
    rows = session.execute(
        select(Feedback.page, Feedback.found_what_they_needed, Feedback.created_at).where(
            Feedback.created_at >= _since(today, months)
        )
    )
    counts: dict[tuple[str, str], list[int]] = {}
    for page, found, created_at in rows:
        month = created_at.astimezone(LOCAL_TIME).strftime("%Y-%m")
        counts.setdefault((month, page), [0, 0])[0 if found else 1] += 1
    summary = [PageMonth(month, page, yes, no) for (month, page), (yes, no) in counts.items()]
    return sorted(summary, key=lambda row: (row.month, row.answers, row.page), reverse=True)


@dataclass(frozen=True)
class CommentPage:
    comments: list[Feedback]
    number: int
    page_count: int
    total: int


def comments(session: Session, *, page: int = 1, per_page: int = 50) -> CommentPage:
    """The answers that came with a comment, newest first, one page of them."""
    with_comment = Feedback.comment != ""
    total = session.scalar(select(func.count()).select_from(Feedback).where(with_comment)) or 0
    page_count = max(1, -(-total // per_page))
    page = min(max(page, 1), page_count)
    rows = session.scalars(
        select(Feedback)
        .where(with_comment)
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return CommentPage(list(rows), page, page_count, total)


CSV_COLUMNS = ("received_at", "page", "language", "found_what_they_needed", "comment")


def export_csv(session: Session) -> str:
    """Every answer, oldest first, as CSV that is safe to open in a spreadsheet."""
    rows = session.scalars(select(Feedback).order_by(Feedback.created_at, Feedback.id))
    return to_csv(
        [
            CSV_COLUMNS,
            *(
                (
                    f.created_at.astimezone(LOCAL_TIME).isoformat(timespec="minutes"),
                    f.page,
                    f.language,
                    "yes" if f.found_what_they_needed else "no",
                    f.comment,
                )
                for f in rows
            ),
        ]
    )

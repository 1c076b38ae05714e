"""The outbox's bookkeeping: who may send a message now, what a failure costs, and giving up.

A message is sent by one run only. A run claims it first, in its own short
transaction: on PostgreSQL it locks the next due row and skips rows another run
has locked (`FOR UPDATE SKIP LOCKED`); elsewhere (SQLite) an UPDATE that only
succeeds while the message is still unclaimed. The claim is a lease: a run that
dies lets its message go again when the lease ends.

A failure puts the message back with a growing delay (RETRY_DELAYS). After the
last attempt it is marked failed and waits for staff (/admin/outbox); nothing
is dropped without a trace. Only the kind of error is kept, never an address
or the text.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from portal.models import Case, OutboxMessage, StaffUser
from portal.services.staff import audit

# Waits after the 1st, 2nd, ... failed attempt; after the attempt that has no wait left,
# the message has failed. About five and a half hours from the first try to giving up.
RETRY_DELAYS = tuple(timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 240))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Far longer than one attempt can take (the SMTP and SMS clients give up after 20 s).
LEASE = timedelta(minutes=5)


class NotFailed(Exception):
    """The message is not (or no longer) failed: sent, or already back in the queue."""


class MessageNotFound(Exception):
    """No outbox message has this id."""


def _waiting() -> ColumnElement[bool]:
    return and_(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))


def _claimable(now: datetime) -> ColumnElement[bool]:
    return and_(
        _waiting(),
        OutboxMessage.next_attempt_at <= now,
        or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )


def _due(now: datetime):
    return (
        select(OutboxMessage)
        .where(_claimable(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
    )


def claim_next(session: Session, *, now: datetime) -> OutboxMessage | None:
    """The next due message, claimed for this run until `now + LEASE`; None when none is due.

    Commits the claim, so another run that asks at the same moment gets another message.
    """
    # populate_existing: what another run wrote wins over this session's copy (attempts).
    if session.get_bind().dialect.name == "postgresql":
        locked = _due(now).with_for_update(skip_locked=True)
        message = session.scalars(locked.execution_options(populate_existing=True)).first()
        if message is not None:
            message.claimed_until = now + LEASE
        session.commit()
        return message
    while True:
        candidate = session.scalar(_due(now).with_only_columns(OutboxMessage.id))
        if candidate is None:
            session.commit()  # ends the read; a rollback would expire what the caller holds
            return None
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == candidate, _claimable(now))
            .values(claimed_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        session.commit()
        if claimed.rowcount == 1:
            return session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.id == candidate)
                .execution_options(populate_existing=True)
            ).one()
        # Another run claimed it between our two statements: ask for the next one.


def record_sent(session: Session, message: OutboxMessage, *, now: datetime) -> None:
    """The message left: it is never sent again. Commits."""
    message.attempts += 1
    message.sent_at = now
    message.claimed_until = None
    message.last_error = ""
    session.commit()


def record_failure(
    session: Session, message: OutboxMessage, error: BaseException, *, now: datetime
) -> bool:
    """Count a failed attempt: retry after the next delay, or mark it failed. Commits.

    True when this was the last attempt and the message is now failed.
    """
    message.attempts += 1
    message.claimed_until = None
    message.last_error = type(error).__name__
    if message.attempts >= MAX_ATTEMPTS:
        message.failed_at = now
    else:
        message.next_attempt_at = now + RETRY_DELAYS[message.attempts - 1]
    session.commit()
    return message.failed_at is not None


def count_failed(session: Session) -> int:
    """How many messages have failed and wait for staff."""
    failed = select(func.count(OutboxMessage.id)).where(OutboxMessage.failed_at.is_not(None))
    return session.scalar(failed) or 0


@dataclass(frozen=True)
class FailedMessage:
    """What staff see of a failed message: never its text; the address masked."""

    id: int
    channel: str
    template: str
    case_reference: str | None
    masked_recipient: str
    attempts: int
    last_error: str
    failed_at: datetime


@dataclass(frozen=True)
class OutboxOverview:
    waiting: int
    # Of those waiting: messages that failed before and wait for their next attempt.
    retrying: int
    failed: list[FailedMessage]
    number: int
    page_count: int
    total_failed: int


def masked(recipient: str) -> str:
    """Enough of an address to tell two apart, not to write to: `k…@example.no`, `•••• ••67`."""
    if "@" in recipient:
        name, _, domain = recipient.rpartition("@")
        return f"{name[:1]}…@{domain}"
    digits = "".join(c for c in recipient if c.isdigit())
    return f"•••• ••{digits[-2:]}" if len(digits) >= 4 else "••••"


def overview(session: Session, *, page: int = 1, per_page: int = 50) -> OutboxOverview:
    """How many messages wait, and one page of the failed ones, most recently failed first."""
    waiting, retrying = session.execute(
        select(
            func.count(OutboxMessage.id),
            func.count(OutboxMessage.id).filter(OutboxMessage.attempts > 0),
        ).where(_waiting())
    ).one()
    total = count_failed(session)
    page_count = max(1, -(-total // per_page))
    page = min(max(page, 1), page_count)
    rows = session.execute(
        select(OutboxMessage, Case.reference)
        .outerjoin(Case, Case.id == OutboxMessage.case_id)
        .where(OutboxMessage.failed_at.is_not(None))
        .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    failed = [
        FailedMessage(
            id=message.id,
            channel=message.channel,
            template=message.template,
            case_reference=reference,
            masked_recipient=masked(message.recipient),
            attempts=message.attempts,
            last_error=message.last_error,
            failed_at=message.failed_at,
        )
        for message, reference in rows
    ]
    return OutboxOverview(waiting, retrying, failed, page, page_count, total)


def retry(
    session: Session, message_id: int, *, actor: StaffUser, address: str, now: datetime
) -> None:
    """Put a failed message back in the queue with all its attempts, and log who did. Commits.

    Raises MessageNotFound, or NotFailed when it is not failed (any more): two
    staff pressing the button at once put it back, and log it, once.
    """
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise MessageNotFound(message_id)
    details = f"{message.template}, {message.channel}, {message.attempts}: {message.last_error}"
    put_back = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.failed_at.is_not(None))
        .values(failed_at=None, attempts=0, next_attempt_at=now, claimed_until=None)
    )
    if put_back.rowcount != 1:
        session.rollback()
        raise NotFailed(message_id)
    audit.record(
        session,
        actor=actor,
        action="outbox_retried",
        object_type="outbox_message",
        object_id=message_id,
        address=address,
        now=now,
        details=details,
    )
    session.commit()

"""The audit log: every sign-in, refusal and change to an account, and later every view of a case.

`record` is the only way a row gets in. It adds the row to the caller's
transaction, so the event and the change it describes commit together.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, StaffUser
from portal.models.audit import AuditAction
from portal.services.spreadsheet import safe_cell

LOCAL_TIME = ZoneInfo("Europe/Oslo")

# Every action the log records, with its words for staff: portal/models/audit.py.
ACTIONS = AuditAction.values()


@dataclass(frozen=True)
class Actor:
    """Who does something on a staff page, and from where: what the audit log needs."""

    user: StaffUser
    address: str

    @property
    def name(self) -> str:
        return self.user.name


def record_by(
    actor: Actor,
    session: Session,
    action: str,
    *,
    object_type: str,
    object_id: str | int | None,
    now: datetime,
    details: str = "",
) -> AuditEvent:
    """`record` for a staff member's own action (the caller commits)."""
    return record(
        session,
        actor=actor.user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        address=actor.address,
        now=now,
        details=details,
    )


def record(
    session: Session,
    *,
    actor: StaffUser | None,
    action: str,
    object_type: str,
    object_id: str | int | None,
    address: str,
    now: datetime,
    details: str = "",
) -> AuditEvent:
    """Add one event to the caller's transaction (the caller commits)."""
    event = AuditEvent(
        occurred_at=now,
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else "",
        action=action,
        object_type=object_type,
        object_id="" if object_id is None else str(object_id),
        client_address=(address or "")[:64],
        details=details[:500],
    )
    session.add(event)
    return event


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    action: str | None = None
    # Whole days in Oslo time, both included.
    from_date: date | None = None
    to_date: date | None = None


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    number: int
    page_count: int
    total: int


def _filtered(query: Select, filters: AuditFilter) -> Select:
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.from_date:
        start = datetime.combine(filters.from_date, time(), tzinfo=LOCAL_TIME)
        query = query.where(AuditEvent.occurred_at >= start)
    if filters.to_date:
        end = datetime.combine(filters.to_date + timedelta(days=1), time(), tzinfo=LOCAL_TIME)
        query = query.where(AuditEvent.occurred_at < end)
    return query


def search(
    session: Session, filters: AuditFilter, *, page: int = 1, per_page: int = 50
) -> AuditPage:
    """One page of matching events, newest first."""
    total = session.scalar(_filtered(select(func.count(AuditEvent.id)), filters)) or 0
    page_count = max(1, -(-total // per_page))
    page = min(max(page, 1), page_count)
    events = session.scalars(
        _filtered(select(AuditEvent), filters)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return AuditPage(list(events), page, page_count, total)


CSV_COLUMNS = (
    "occurred_at",
    "actor_id",
    "actor_email",
    "action",
    "object_type",
    "object_id",
    "client_address",
    "details",
)


def _csv_rows(events: Iterable[AuditEvent]) -> Iterable[list[str]]:
    yield list(CSV_COLUMNS)
    for event in events:
        yield [
            safe_cell(value)
            for value in (
                event.occurred_at.astimezone(LOCAL_TIME).isoformat(timespec="seconds"),
                "" if event.actor_id is None else str(event.actor_id),
                event.actor_email,
                event.action,
                event.object_type,
                event.object_id,
                event.client_address,
                event.details,
            )
        ]


def export_csv(
    session: Session, filters: AuditFilter, *, actor: StaffUser, address: str, now: datetime
) -> str:
    """Every matching event as CSV, oldest first, safe to open in a spreadsheet.

    The export itself is logged: the log is personal data about staff.
    """
    events = session.scalars(
        _filtered(select(AuditEvent), filters).order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    out = io.StringIO()
    csv.writer(out).writerows(_csv_rows(events))
    record(
        session,
        actor=actor,
        action="audit_exported",
        object_type="audit_log",
        object_id=None,
        address=address,
        now=now,
    )
    session.commit()
    return out.getvalue()

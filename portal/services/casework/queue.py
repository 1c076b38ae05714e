"""The case queue: everything that came in, in one list, with nothing cut off.

Sorted by how many priority flags a case has, then by age (oldest first). Pages are
cut with keyset pagination: the next page starts after the last case shown, so a page
deep in the queue costs what the first one does, and cases that arrive meanwhile never
push one off the end unseen.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session

from portal.models import Booking, Case, GuidanceSlot, StaffUser
from portal.models.case import (
    ENDED_STATUSES,
    OPEN_STATUSES,
    CaseKind,
    CaseStatus,
    PriorityFlag,
    flag_bit,
)
from portal.services.casework import access_codes
from portal.services.casework.workflow import is_overdue, overdue_after_days

PAGE_SIZE = 50
COUNTED_STATUSES = (*OPEN_STATUSES, CaseStatus.DECIDED)
MAX_SEARCH = 100


@dataclass(frozen=True)
class QueueFilter:
    """What the caseworker asked to see. Empty means "any"."""

    kind: str = ""
    # A CaseStatus, "open" (every open status: the default) or "all".
    status: str = "open"
    team_id: int | None = None
    # "mine", "nobody", or a person's id as text.
    assignee: str = ""
    flag: str = ""
    new_reply: bool = False
    overdue: bool = False
    search: str = ""


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last case's place in the queue's order."""

    priority: int
    created_at: datetime
    case_id: int

    def encode(self) -> str:
        return f"{self.priority}.{int(self.created_at.timestamp() * 1_000_000)}.{self.case_id}"

    @classmethod
    def decode(cls, text: str | None) -> "Cursor | None":
        """A cursor from an address; None for anything that is not one."""
        parts = (text or "").split(".")
        if len(parts) != 3 or not all(p.isascii() and p.isdigit() and len(p) < 20 for p in parts):
            return None
        moment = datetime.fromtimestamp(int(parts[1]) / 1_000_000, UTC)
        return cls(int(parts[0]), moment, int(parts[2]))


@dataclass(frozen=True)
class QueueRow:
    case: Case
    assignee_name: str
    booked_at: datetime | None
    is_overdue: bool


@dataclass
class QueuePage:
    rows: list[QueueRow]
    next_cursor: str | None
    counts: dict[str, int] = field(default_factory=dict)
    # How many cases the filters match; None when that would mean counting ended ones.
    total: int | None = 0


def _overdue_condition(now: datetime, answer_weeks: int):
    oldest = now - timedelta(days=overdue_after_days(answer_weeks))
    return and_(
        Case.kind == CaseKind.APPLICATION,
        Case.status.in_(OPEN_STATUSES),
        Case.created_at <= oldest,
        or_(Case.expected_decision_on.is_(None), Case.expected_decision_on < now.date()),
    )


def _conditions(filters: QueueFilter, *, me_id: int, now: datetime, answer_weeks: int) -> list:
    """Every filter but the status (the counts per status use these)."""
    conditions = []
    if filters.kind in CaseKind.values():
        conditions.append(Case.kind == filters.kind)
    if filters.team_id:
        conditions.append(Case.team_id == filters.team_id)
    if filters.assignee == "mine":
        conditions.append(Case.assignee_id == me_id)
    elif filters.assignee == "nobody":
        conditions.append(Case.assignee_id.is_(None))
    elif filters.assignee.isascii() and filters.assignee.isdigit() and len(filters.assignee) < 10:
        conditions.append(Case.assignee_id == int(filters.assignee))
    if filters.flag:
        bit = flag_bit(filters.flag) if filters.flag in PriorityFlag.values() else 0
        conditions.append(Case.flag_bits.op("&")(bit) != 0 if bit else false())
    if filters.new_reply:
        conditions.append(Case.has_new_reply.is_(True))
    if filters.overdue:
        conditions.append(_overdue_condition(now, answer_weeks))
    search = filters.search.strip()[:MAX_SEARCH]
    if search:
        reference = access_codes.normalise(search)
        by_name = Case.search_name.contains(search.casefold(), autoescape=True)
        conditions.append(or_(Case.reference == reference, by_name) if reference else by_name)
    return conditions


def _status_condition(status: str):
    if status == "all":
        return None
    if status in CaseStatus.values():
        return Case.status == status
    return Case.status.in_(OPEN_STATUSES)


def queue_page(
    session: Session,
    filters: QueueFilter,
    *,
    after: Cursor | None,
    me_id: int,
    now: datetime,
    answer_weeks: int,
    page_size: int = PAGE_SIZE,
) -> QueuePage:
    """One page of the queue, the counts per status under the other filters, and where the
    next page starts (None on the last page). Three queries, however deep the page."""
    conditions = _conditions(filters, me_id=me_id, now=now, answer_weeks=answer_weeks)
    # Counted: the statuses still in work. Ended cases only grow with the years; they are
    # a filter away, but counting them on every page would cost more each year.
    counts = dict(
        session.execute(
            select(Case.status, func.count())
            .where(*conditions, Case.status.in_(COUNTED_STATUSES))
            .group_by(Case.status)
        ).all()
    )
    status = _status_condition(filters.status)
    listed = [*conditions, status] if status is not None else conditions
    query = (
        select(Case)
        .where(*listed)
        .order_by(Case.priority.desc(), Case.created_at, Case.id)
        .limit(page_size + 1)
    )
    if after is not None:
        query = query.where(
            or_(
                Case.priority < after.priority,
                and_(
                    Case.priority == after.priority,
                    or_(
                        Case.created_at > after.created_at,
                        and_(Case.created_at == after.created_at, Case.id > after.case_id),
                    ),
                ),
            )
        )
    found = list(session.scalars(query))
    more = len(found) > page_size
    found = found[:page_size]
    rows = _rows(session, found, now=now, answer_weeks=answer_weeks)
    last = found[-1] if more and found else None
    next_cursor = Cursor(last.priority, last.created_at, last.id).encode() if last else None
    counted = filters.status not in ("all", *ENDED_STATUSES)
    total = sum(n for value, n in counts.items() if _listed(value, filters)) if counted else None
    return QueuePage(rows=rows, next_cursor=next_cursor, counts=counts, total=total)


def _listed(status: str, filters: QueueFilter) -> bool:
    if filters.status in CaseStatus.values():
        return status == filters.status
    return status in OPEN_STATUSES


def _rows(session: Session, found: list[Case], *, now: datetime, answer_weeks: int):
    """Each case with who holds it and its booked time: one more query for the page."""
    if not found:
        return []
    ids = [case.id for case in found]
    details = session.execute(
        select(Case.id, StaffUser.name, GuidanceSlot.starts_at, Booking.cancelled_at)
        .select_from(Case)
        .outerjoin(StaffUser, StaffUser.id == Case.assignee_id)
        .outerjoin(Booking, Booking.case_id == Case.id)
        .outerjoin(GuidanceSlot, GuidanceSlot.id == Booking.slot_id)
        .where(Case.id.in_(ids))
    )
    extra = {
        case_id: (name or "", starts_at if cancelled is None else None)
        for case_id, name, starts_at, cancelled in details
    }
    return [
        QueueRow(
            case=case,
            assignee_name=extra[case.id][0],
            booked_at=extra[case.id][1],
            is_overdue=is_overdue(case, now=now, answer_weeks=answer_weeks),
        )
        for case in found
    ]

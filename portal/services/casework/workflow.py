"""What staff do with a case: its status in a set order, who holds it, internal notes,
messages and document requests to the resident, and the preliminary answer.

Every change is made against the version of the case the caseworker saw: when a
colleague changed it in between, the change is refused (CaseChanged) with what they
did, and nothing is stored. A change commits with its timeline line, its audit entry
and, when the resident should know, a note through the outbox that there is news (never
the content: that is read on the case page, behind the code).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import Case, CaseEvent, DocumentRequest, StaffUser, Team
from portal.models.case import CaseKind, CaseStatus, EventKind
from portal.permissions import Permission, roles_that_may
from portal.services.casework import cases
from portal.services.housing import waitlist
from portal.services.messaging import outbox
from portal.services.staff import audit
from portal.services.staff.audit import Actor

# Which status may follow which, set by staff. A case reaches "decided" only through a
# decision (decisions.py), "withdrawn" only by the resident, "cancelled" through booking.
NEXT_STATUSES: dict[str, tuple[CaseStatus, ...]] = {
    CaseStatus.RECEIVED: (
        CaseStatus.IN_REVIEW,
        CaseStatus.WAITING_FOR_RESIDENT,
        CaseStatus.CLOSED,
    ),
    CaseStatus.IN_REVIEW: (CaseStatus.WAITING_FOR_RESIDENT, CaseStatus.CLOSED),
    CaseStatus.WAITING_FOR_RESIDENT: (CaseStatus.IN_REVIEW, CaseStatus.CLOSED),
    CaseStatus.DECIDED: (CaseStatus.CLOSED,),
}
MAX_TEXT = 4000
# The law's limit: an application not decided within a month gets a preliminary answer.
PRELIMINARY_ANSWER_AFTER_DAYS = 30


class CaseChanged(Exception):
    """Someone changed the case after this form was opened: `changes` says who and what."""

    def __init__(self, case: Case, changes: list[CaseEvent]):
        super().__init__(case.reference)
        self.case = case
        self.changes = changes


class NotAllowed(ValueError):
    """The change does not fit the case (a status out of order, an unknown team or person)."""


@dataclass(frozen=True)
class Holder:
    """Who a case goes to: a team, a person, or neither (None)."""

    team_id: int | None
    assignee_id: int | None


def next_statuses(case: Case) -> tuple[CaseStatus, ...]:
    """The statuses staff may set next."""
    return NEXT_STATUSES.get(case.status, ())


def overdue_after_days(answer_weeks: int) -> int:
    """An application is overdue when it waited longer than residents were told, and never
    longer than the month after which the law asks for a preliminary answer."""
    return min(answer_weeks * 7, PRELIMINARY_ANSWER_AFTER_DAYS)


def due_on(case: Case, *, answer_weeks: int) -> date | None:
    """When an open application should have its decision: the day a preliminary answer
    promised, or the end of the answer time residents were told."""
    if case.kind != CaseKind.APPLICATION or not case.is_open:
        return None
    if case.expected_decision_on is not None:
        return case.expected_decision_on
    return (case.created_at + timedelta(days=overdue_after_days(answer_weeks))).date()


def holder_name(session: Session, case: Case) -> str:
    """The name of the person who holds the case ("" when nobody does)."""
    if case.assignee_id is None:
        return ""
    person = session.get(StaffUser, case.assignee_id)
    return person.name if person else ""


def is_overdue(case: Case, *, now: datetime, answer_weeks: int) -> bool:
    if case.kind != CaseKind.APPLICATION or not case.is_open:
        return False
    if case.expected_decision_on is not None and case.expected_decision_on >= now.date():
        return False
    return (now - case.created_at).days >= overdue_after_days(answer_weeks)


def claim(session: Session, case: Case, seen_version: int) -> None:
    """Take the next version of the case, if nobody changed it since `seen_version`."""
    claimed = session.execute(
        update(Case)
        .where(Case.id == case.id, Case.version == seen_version)
        .values(version=Case.version + 1)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if claimed != 1:
        session.rollback()
        raise CaseChanged(case, changes_since(session, case, seen_version))


def changes_since(session: Session, case: Case, version: int) -> list[CaseEvent]:
    """What staff (or the resident) did to the case after `version`, oldest first."""
    session.refresh(case)
    return list(
        session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case.id, CaseEvent.case_version > version)
            .order_by(CaseEvent.id)
        )
    )


def log_case_action(session, actor: Actor, case: Case, action: str, now, details: str = "") -> None:
    audit.record_by(
        actor,
        session,
        action,
        object_type="case",
        object_id=case.reference,
        now=now,
        details=details,
    )


def tell_resident(session: Session, case: Case, now: datetime) -> None:
    """A short SMS/email in the resident's language: there is news on case REF."""
    outbox.queue_for_case(session, case, "case_news", {"reference": case.reference}, now=now)


def set_status(
    session: Session,
    case: Case,
    status: str,
    *,
    seen_version: int,
    actor: Actor,
    now: datetime,
) -> None:
    """Move the case on to `status`, if the workflow allows it (NotAllowed otherwise)."""
    if status not in next_statuses(case):
        raise NotAllowed(status)
    claim(session, case, seen_version)
    move_to(case, status, actor=actor, now=now)
    if case.has_ended:
        waitlist.on_case_ended(session, case, now=now)
    log_case_action(session, actor, case, "case_status_changed", now, details=status)
    session.commit()


def move_to(case: Case, status: str, *, actor: Actor | None, now: datetime) -> None:
    case.status = status
    if case.has_ended:
        case.ended_at = now
    cases.add_event(
        case,
        EventKind.STATUS_CHANGED,
        detail=status,
        actor_id=actor.user.id if actor else None,
        now=now,
    )


def take(session: Session, case: Case, *, seen_version: int, actor: Actor, now: datetime):
    """The caseworker takes the case: it is theirs (its team stays)."""
    assign(
        session,
        case,
        Holder(case.team_id, actor.user.id),
        seen_version=seen_version,
        actor=actor,
        now=now,
    )


def assign(
    session: Session,
    case: Case,
    holder: Holder,
    *,
    seen_version: int,
    actor: Actor,
    now: datetime,
) -> None:
    """Give the case to a team and a person (either may be none)."""
    team = session.get(Team, holder.team_id) if holder.team_id else None
    person = session.get(StaffUser, holder.assignee_id) if holder.assignee_id else None
    if (holder.team_id and (team is None or not team.active)) or (
        holder.assignee_id and (person is None or not person.active)
    ):
        raise NotAllowed("holder")
    if (case.team_id, case.assignee_id) == (holder.team_id, holder.assignee_id):
        return
    claim(session, case, seen_version)
    case.team_id, case.assignee_id = holder.team_id, holder.assignee_id
    words = " / ".join(part for part in (team and team.name, person and person.name) if part)
    cases.add_event(
        case,
        EventKind.ASSIGNED,
        detail=words[:100],
        is_visible_to_resident=False,
        actor_id=actor.user.id,
        now=now,
    )
    log_case_action(session, actor, case, "case_assigned", now, details=words[:200])
    session.commit()


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise NotAllowed("text")
    return text


def add_note(session: Session, case: Case, text: str, *, actor: Actor, now: datetime) -> None:
    """An internal note: staff read it on the case page, the resident never does."""
    cases.add_event(
        case,
        EventKind.NOTE,
        body=_text(text),
        is_visible_to_resident=False,
        actor_id=actor.user.id,
        now=now,
    )
    log_case_action(session, actor, case, "case_note_added", now)
    session.commit()


def message_resident(
    session: Session, case: Case, text: str, *, actor: Actor, now: datetime
) -> None:
    """A message the resident reads on their case page; the status stays as it is."""
    cases.add_event(
        case, EventKind.MESSAGE_TO_RESIDENT, body=_text(text), actor_id=actor.user.id, now=now
    )
    tell_resident(session, case, now)
    log_case_action(session, actor, case, "case_message_sent", now)
    session.commit()


def request_document(
    session: Session,
    case: Case,
    description: str,
    *,
    seen_version: int,
    actor: Actor,
    now: datetime,
) -> DocumentRequest:
    """Ask the resident for a document: they see what is asked and send it against it; the
    case waits for them meanwhile."""
    if case.kind != CaseKind.APPLICATION or not case.is_open:
        raise NotAllowed("document")
    description = _text(description)
    claim(session, case, seen_version)
    request = DocumentRequest(
        case_id=case.id, description=description, requested_by_id=actor.user.id, requested_at=now
    )
    session.add(request)
    cases.add_event(
        case, EventKind.DOCUMENT_REQUESTED, body=description, actor_id=actor.user.id, now=now
    )
    if case.status != CaseStatus.WAITING_FOR_RESIDENT:
        move_to(case, CaseStatus.WAITING_FOR_RESIDENT, actor=actor, now=now)
    tell_resident(session, case, now)
    log_case_action(session, actor, case, "document_requested", now)
    session.commit()
    return request


def send_preliminary_answer(
    session: Session,
    case: Case,
    *,
    reason: str,
    expected_on: date,
    seen_version: int,
    actor: Actor,
    now: datetime,
) -> None:
    """Tell the resident why the case takes time and when to expect a decision
    (forvaltningsloven § 11 a); it shows on their timeline and stops the overdue flag
    until that day."""
    if case.kind != CaseKind.APPLICATION or not case.is_open:
        raise NotAllowed("preliminary_answer")
    if expected_on <= now.date():
        raise NotAllowed("expected_on")
    claim(session, case, seen_version)
    case.expected_decision_on = expected_on
    cases.add_event(
        case,
        EventKind.PRELIMINARY_ANSWER,
        body=_text(reason),
        detail=expected_on.isoformat(),
        actor_id=actor.user.id,
        now=now,
    )
    tell_resident(session, case, now)
    log_case_action(session, actor, case, "preliminary_answer_sent", now)
    session.commit()


def note_resident_reply(session: Session, case: Case, *, now: datetime) -> None:
    """The resident wrote or sent something: it is new for staff, and a case that waited for
    them is back with the caseworker (the caller commits)."""
    case.has_new_reply = True
    case.updated_at = now
    if case.status == CaseStatus.WAITING_FOR_RESIDENT:
        case.version += 1
        move_to(case, CaseStatus.IN_REVIEW, actor=None, now=now)


def handlers(session: Session) -> list[StaffUser]:
    """The people cases can go to: active staff who may handle cases."""
    roles = roles_that_may(Permission.HANDLE_CASES)
    people = session.scalars(
        select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.name)
    )
    return [person for person in people if person.role_names & roles]

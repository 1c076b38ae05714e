"""Cases as residents see them: opening one with reference and code, and its public timeline."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Case, CaseEvent
from portal.models.case import OPEN_STATUSES, CaseStatus
from portal.services.casework import access_codes
from portal.services.staff import audit
from portal.services.staff.audit import Actor


class CodeMismatch(Exception):
    """No case has this reference, or the code is not its code: the resident is told the same."""


@dataclass(frozen=True)
class Receipt:
    """What the resident is shown once, after the commit: the reference and the secret code."""

    reference: str
    code: str


def new_case(
    *,
    kind: str,
    reference: str,
    code: str,
    language: str,
    name: str,
    phone: str,
    email: str,
    topic: str,
    now: datetime,
) -> Case:
    """A case in status "received", with its first timeline line. Not yet added to a session."""
    case = Case(
        reference=reference,
        code_hash=access_codes.hash_code(code),
        kind=kind,
        status="received",
        language=language,
        name=name,
        phone=phone,
        email=email,
        topic=topic,
        created_at=now,
        updated_at=now,
    )
    case.events.append(CaseEvent(kind="received", created_at=now))
    return case


def open_case(session: Session, reference: str, code: str) -> Case:
    """The case with this reference, when `code` is its code; CodeMismatch otherwise.

    An unknown reference costs the same hash check as a wrong code, so the
    answer's timing says nothing about which references exist.
    """
    normalised_reference = access_codes.normalise(reference)
    normalised_code = access_codes.normalise(code) or ""
    case = None
    if normalised_reference:
        case = session.scalar(select(Case).where(Case.reference == normalised_reference))
    if not access_codes.code_matches(case.code_hash if case else None, normalised_code):
        raise CodeMismatch()
    return case


def find_by_reference(session: Session, reference: str) -> Case | None:
    """For a resident who has already shown the code in this browser session."""
    return session.scalar(select(Case).where(Case.reference == reference))


def add_event(
    case: Case,
    kind: str,
    *,
    now: datetime,
    body: str = "",
    is_visible_to_resident: bool = True,
    actor_id: int | None = None,
) -> CaseEvent:
    event = CaseEvent(
        kind=kind,
        body=body,
        is_visible_to_resident=is_visible_to_resident,
        actor_id=actor_id,
        created_at=now,
    )
    case.events.append(event)
    case.updated_at = now
    return event


def latest_message_from_staff(case: Case) -> CaseEvent | None:
    """The newest line a member of staff wrote to the resident, if any."""
    return next(
        (
            event
            for event in reversed(case.events)
            if event.is_visible_to_resident and event.actor_id is not None and event.body
        ),
        None,
    )


def resident_timeline(case: Case) -> list[CaseEvent]:
    """The lines of the timeline the resident may see, newest first."""
    return [event for event in reversed(case.events) if event.is_visible_to_resident]


# What staff can set a case to from the case page.
STAFF_STATUSES = (CaseStatus.IN_PROGRESS, CaseStatus.CLOSED)


def queue(
    session: Session, *, kind: str = "", only_open: bool = True, limit: int = 200
) -> list[Case]:
    """Cases for triage, oldest first: what waits longest comes first."""
    query = select(Case).order_by(Case.created_at, Case.id).limit(limit)
    if kind:
        query = query.where(Case.kind == kind)
    if only_open:
        query = query.where(Case.status.in_(OPEN_STATUSES))
    return list(session.scalars(query))


def record_view(session: Session, case: Case, *, actor: Actor, now: datetime) -> None:
    """Every time a staff member opens a case, the audit log says so."""
    audit.record_by(
        actor, session, "case_viewed", object_type="case", object_id=case.reference, now=now
    )
    session.commit()


def change_status(
    session: Session,
    case: Case,
    status: str,
    *,
    message: str,
    actor: Actor,
    now: datetime,
) -> None:
    """Staff move a case on; a message, when written, is shown to the resident on the case page."""
    if status not in STAFF_STATUSES:
        raise ValueError(status)
    case.status = status
    add_event(case, status, now=now, actor_id=actor.user.id, body=message)
    audit.record_by(
        actor,
        session,
        "case_status_changed",
        object_type="case",
        object_id=case.reference,
        now=now,
        details=status,
    )
    session.commit()

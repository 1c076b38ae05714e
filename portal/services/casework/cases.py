"""Cases: making one, opening it with reference and code, its timeline as the resident
reads it, and a staff member's look at it. What staff do with a case is workflow.py."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, Case, CaseEvent, DocumentRequest
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
        search_name=name.casefold(),
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
    detail: str = "",
    is_visible_to_resident: bool = True,
    actor_id: int | None = None,
) -> CaseEvent:
    """A line on the case's timeline (the caller commits), stamped with the case's version."""
    event = CaseEvent(
        kind=kind,
        body=body,
        detail=detail,
        is_visible_to_resident=is_visible_to_resident,
        actor_id=actor_id,
        case_version=case.version,
        created_at=now,
    )
    case.events.append(event)
    case.updated_at = now
    return event


def end(case: Case, status: str, *, now: datetime) -> None:
    """The case ends (cancelled, withdrawn, closed): retention counts from now. Not committed;
    the version moves on, so a form opened before the case ended is refused."""
    case.status = status
    case.ended_at = now
    case.updated_at = now
    case.version += 1


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


def document_requests(session: Session, case: Case) -> list[DocumentRequest]:
    """Every document staff have asked the resident for, oldest first."""
    return list(
        session.scalars(
            select(DocumentRequest)
            .where(DocumentRequest.case_id == case.id)
            .order_by(DocumentRequest.id)
        )
    )


def open_document_requests(session: Session, case: Case) -> list[DocumentRequest]:
    """What staff have asked the resident to send, and the resident has not sent yet."""
    return list(
        session.scalars(
            select(DocumentRequest)
            .where(DocumentRequest.case_id == case.id, DocumentRequest.fulfilled_at.is_(None))
            .order_by(DocumentRequest.id)
        )
    )


def resident_timeline(case: Case) -> list[CaseEvent]:
    """The lines of the timeline the resident may see, newest first."""
    return [event for event in reversed(case.events) if event.is_visible_to_resident]


def record_view(session: Session, case: Case, *, actor: Actor, now: datetime) -> None:
    """Every time a staff member opens a case, the audit log says so; what the resident
    sent since is no longer new."""
    audit.record_by(
        actor, session, "case_viewed", object_type="case", object_id=case.reference, now=now
    )
    case.has_new_reply = False
    session.commit()


def viewers(session: Session, case: Case, *, limit: int = 20) -> list[tuple[str, datetime]]:
    """Who has opened the case, newest first (from the audit log): name or email, and when."""
    rows = session.execute(
        select(AuditEvent.actor_email, func.max(AuditEvent.occurred_at).label("last"))
        .where(AuditEvent.action == "case_viewed", AuditEvent.object_id == case.reference)
        .group_by(AuditEvent.actor_email)
        .order_by(func.max(AuditEvent.occurred_at).desc())
        .limit(limit)
    )
    return [(email, last) for email, last in rows]

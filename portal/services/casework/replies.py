"""What a resident does on their case page: answer, send a document (perhaps one staff
asked for), withdraw an application. What they send is new for staff, and a case that
waited for them goes back to the caseworker."""

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from portal.models import Attachment, Case, DocumentRequest
from portal.models.case import CaseStatus, EventKind
from portal.services.casework import attachments, cases, workflow
from portal.services.casework.case_files import case_attachments
from portal.services.messaging import outbox

MAX_MESSAGE = 2000


def add_resident_message(session: Session, case: Case, text: str, *, now: datetime) -> None:
    """The resident's answer, on the timeline of both."""
    if case.has_ended:
        raise workflow.NotAllowed("ended")
    cases.add_event(case, EventKind.RESIDENT_MESSAGE, body=text[:MAX_MESSAGE], now=now)
    workflow.note_resident_reply(session, case, now=now)
    session.commit()


def add_requested_document(
    session: Session,
    case: Case,
    content: bytes,
    *,
    original_name: str,
    directory: Path,
    now: datetime,
    request_id: int | None = None,
) -> Attachment:
    """A document the resident sends from the case page; with `request_id`, the one a
    caseworker asked for (the request is then fulfilled)."""
    if case.has_ended:
        raise workflow.NotAllowed("ended")
    request = session.get(DocumentRequest, request_id) if request_id else None
    if request is not None and (request.case_id != case.id or request.fulfilled_at):
        request = None
    attachment = attachments.store(
        directory,
        content,
        original_name=original_name,
        kind="requested",
        existing=len(case_attachments(session, case)),
        now=now,
        limit=attachments.MAX_FILES_AFTER_SENDING,
    )
    attachment.case_id = case.id
    session.add(attachment)
    if request is not None:
        session.flush()
        attachment.document_request_id = request.id
        request.fulfilled_at = now
    cases.add_event(case, EventKind.DOCUMENT_ADDED, body=attachment.original_name, now=now)
    workflow.note_resident_reply(session, case, now=now)
    attachments.commit_or_remove(session, directory, attachment)
    return attachment


def withdraw(session: Session, case: Case, *, now: datetime) -> None:
    """The resident withdraws their application: the case ends, and they are told so."""
    if not case.is_open:
        return
    cases.end(case, CaseStatus.WITHDRAWN, now=now)
    cases.add_event(case, EventKind.WITHDRAWN, now=now)
    outbox.queue_for_case(session, case, "application_withdrawn", {}, now=now)
    session.commit()

"""Files that belong to a case: the resident's, listed for staff, and opened (logged)."""

from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Attachment, Case
from portal.services.casework import attachments
from portal.services.staff import audit
from portal.services.staff.audit import Actor


class FileNotFound(LookupError):
    """No file with that id belongs to the case, or it is gone from the disk."""


def open_case_file(
    session: Session,
    case: Case,
    attachment_id: int,
    *,
    directory: Path,
    actor: Actor,
    now: datetime,
) -> tuple[Attachment, Path]:
    """A file the resident sent, for a member of staff to read: every opening is logged."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.case_id != case.id:
        raise FileNotFound(attachment_id)
    path = attachments.path_of(directory, attachment)
    if not path.is_file():
        raise FileNotFound(attachment_id)
    audit.record_by(
        actor,
        session,
        "attachment_downloaded",
        object_type="attachment",
        object_id=attachment.id,
        now=now,
        details=case.reference,
    )
    session.commit()
    return attachment, path


def case_attachments(session: Session, case: Case) -> list[Attachment]:
    return list(
        session.scalars(
            select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
        )
    )

"""The audit log: who did or saw what, when, from where. Append-only."""

from datetime import datetime

from sqlalchemy import String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.db import Base, UtcDateTime


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    # No foreign key: the log outlives accounts, and the email snapshot says who it was.
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    client_address: Mapped[str] = mapped_column(String(64), default="")
    # Never personal data: role names, a reason code, a count.
    details: Mapped[str] = mapped_column(String(500), default="")


class AuditLogIsAppendOnly(RuntimeError):
    """Someone tried to change or delete a row of the audit log."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_the_audit_log(session: Session, _context, _instances) -> None:
    for row in list(session.dirty) + list(session.deleted):
        if isinstance(row, AuditEvent):
            raise AuditLogIsAppendOnly("audit events are never changed or deleted")

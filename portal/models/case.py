"""Cases: anything a resident sends that needs staff attention, and its timeline."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime

# What a case came in as. Applications arrive with the housing application journey.
KINDS = ("application", "booking", "callback")
STATUSES = ("received", "in_progress", "closed", "cancelled", "withdrawn")


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short and easy to read aloud: `B7K4-P2QM` (services/access_codes.py).
    reference: Mapped[str] = mapped_column(String(9), unique=True)
    # argon2id hash of the secret code the resident got on the receipt.
    code_hash: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    # The language the resident used: messages to them are written in it.
    language: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    # What it is about, in the topic words of the booking journey (bostotte, startlan, ...).
    topic: Mapped[str] = mapped_column(String(40), default="")
    team: Mapped[str] = mapped_column(String(40), default="")
    # For triage, derived by services/priority.py when an application arrives.
    priority_flags: Mapped[list] = mapped_column(JSON, default=list)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id"
    )

    @property
    def is_open(self) -> bool:
        return self.status in ("received", "in_progress")


class CaseEvent(Base):
    """One line of a case's timeline. Internal notes are never shown to the resident."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # received, booked, moved, cancelled_by_resident, cancelled_by_staff, reminder_queued, ...
    kind: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text, default="")
    is_visible_to_resident: Mapped[bool] = mapped_column(default=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    case: Mapped[Case] = relationship(back_populates="events")

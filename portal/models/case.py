"""Cases: anything a resident sends that needs staff attention, and its timeline."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime
from portal.models.choices import Choice


class CaseKind(Choice):
    """What a case came in as."""

    APPLICATION = "application", _l("Søknad om kommunal bolig")
    BOOKING = "booking", _l("Veiledning")
    CALLBACK = "callback", _l("Be om å bli ringt")


class CaseStatus(Choice):
    RECEIVED = "received", _l("Mottatt")
    IN_PROGRESS = "in_progress", _l("Under behandling")
    CLOSED = "closed", _l("Avsluttet")
    CANCELLED = "cancelled", _l("Avlyst")
    WITHDRAWN = "withdrawn", _l("Trukket")


# What makes a case "open": it still waits for someone to act. Defined here only.
OPEN_STATUSES = frozenset({CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS})


class EventKind(Choice):
    """A line of a case's timeline: as the resident reads it ("you", "we"), and as staff do."""

    RECEIVED = "received", _l("Vi har tatt imot saken."), _l("Mottatt")
    BOOKED = "booked", _l("Timen ble bestilt."), _l("Time bestilt")
    MOVED = "moved", _l("Timen ble flyttet."), _l("Time flyttet av innbyggeren")
    CANCELLED_BY_RESIDENT = (
        "cancelled_by_resident",
        _l("Du avlyste timen."),
        _l("Time avlyst av innbyggeren"),
    )
    CANCELLED_BY_MUNICIPALITY = (
        "cancelled_by_municipality",
        _l("Kommunen måtte avlyse timen. Bestill en ny tid, eller be om at vi ringer deg."),
        _l("Tiden avlyst av kommunen"),
    )
    IN_PROGRESS = (
        "in_progress",
        _l("En saksbehandler arbeider med saken."),
        _l("Satt til under behandling"),
    )
    RESIDENT_MESSAGE = (
        "resident_message",
        _l("Du sendte en melding."),
        _l("Melding fra innbyggeren"),
    )
    DOCUMENT_ADDED = "document_added", _l("Du sendte et dokument."), _l("Dokument fra innbyggeren")
    WITHDRAWN = "withdrawn", _l("Du trakk søknaden."), _l("Trukket av innbyggeren")
    CLOSED = "closed", _l("Saken er avsluttet."), _l("Avsluttet")


class PriorityFlag(Choice):
    """Why a case may come first in triage (set by services/casework/priority.py)."""

    CHILDREN = "children", _l("Barnefamilie")
    YOUNG_AFTERCARE = "young_aftercare", _l("Ung i ettervern")
    HOMELESS = "homeless", _l("Uten bolig nå")
    EVICTION_SOON = "eviction_soon", _l("Må flytte innen 3 måneder")
    FOLLOW_UP = "follow_up", _l("Trenger oppfølging (ROP)")
    SENIOR = "senior", _l("67 år eller eldre")
    DISABILITY = "disability", _l("Nedsatt funksjonsevne")


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
        return self.status in OPEN_STATUSES


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

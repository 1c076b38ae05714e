"""Cases: anything a resident sends that needs staff attention, its timeline, who holds it,
what the resident is asked for, and the decisions made on it."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime
from portal.models.choices import Choice


class CaseKind(Choice):
    """What a case came in as."""

    APPLICATION = "application", _l("Søknad om kommunal bolig")
    BOOKING = "booking", _l("Veiledning")
    CALLBACK = "callback", _l("Be om å bli ringt")


class CaseStatus(Choice):
    """Where a case stands, as the resident reads it and as staff do. Which status may
    follow which is services/casework/workflow.py."""

    RECEIVED = "received", _l("Mottatt")
    IN_REVIEW = "in_review", _l("Under behandling")
    WAITING_FOR_RESIDENT = (
        "waiting_for_resident",
        _l("Venter på svar fra deg"),
        _l("Venter på innbyggeren"),
    )
    DECIDED = "decided", _l("Vedtak er fattet"), _l("Vedtak fattet")
    CLOSED = "closed", _l("Avsluttet")
    CANCELLED = "cancelled", _l("Avlyst")
    WITHDRAWN = "withdrawn", _l("Trukket")


# What makes a case "open": it still waits for someone to act. Defined here only.
OPEN_STATUSES = frozenset(
    {CaseStatus.RECEIVED, CaseStatus.IN_REVIEW, CaseStatus.WAITING_FOR_RESIDENT}
)
# A case that has ended: nothing more happens on it, and it can be archived and deleted.
ENDED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.CANCELLED, CaseStatus.WITHDRAWN})


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
    STATUS_CHANGED = "status_changed", _l("Saken har fått ny status."), _l("Ny status")
    MESSAGE_TO_RESIDENT = (
        "message_to_resident",
        _l("Du har fått en melding fra kommunen."),
        _l("Melding til innbyggeren"),
    )
    NOTE = "note", None, _l("Internt notat")
    DOCUMENT_REQUESTED = (
        "document_requested",
        _l("Kommunen ber deg sende et dokument."),
        _l("Ba om dokument"),
    )
    ASSIGNED = "assigned", None, _l("Fordelt")
    PRELIMINARY_ANSWER = (
        "preliminary_answer",
        _l("Kommunen har sendt deg et foreløpig svar."),
        _l("Foreløpig svar sendt"),
    )
    DECISION = "decision", _l("Kommunen har fattet vedtak i saken."), _l("Vedtak fattet")
    RESIDENT_MESSAGE = (
        "resident_message",
        _l("Du sendte en melding."),
        _l("Melding fra innbyggeren"),
    )
    DOCUMENT_ADDED = "document_added", _l("Du sendte et dokument."), _l("Dokument fra innbyggeren")
    WITHDRAWN = "withdrawn", _l("Du trakk søknaden."), _l("Trukket av innbyggeren")
    CLOSED = "closed", _l("Saken er avsluttet."), _l("Avsluttet")
    ON_AGENDA = "on_agenda", None, _l("Satt på sakslisten til Boligutvalget")
    OFFER_MADE = "offer_made", _l("Du har fått tilbud om en bolig."), _l("Tilbud om bolig")
    OFFER_ACCEPTED = "offer_accepted", _l("Du takket ja til boligen."), _l("Takket ja")
    OFFER_DECLINED = "offer_declined", _l("Du takket nei til boligen."), _l("Takket nei")
    OFFER_EXPIRED = (
        "offer_expired",
        _l("Fristen for å svare på tilbudet gikk ut."),
        _l("Tilbudet gikk ut uten svar"),
    )
    OFFER_WITHDRAWN = (
        "offer_withdrawn",
        _l("Kommunen trakk tilbudet om bolig."),
        _l("Tilbudet trukket"),
    )
    TENANCY_STARTED = "tenancy_started", _l("Leieforholdet har startet."), _l("Leieforhold startet")
    TENANCY_RENEWED = "tenancy_renewed", _l("Leiekontrakten er fornyet."), _l("Kontrakt fornyet")
    TENANCY_ENDED = "tenancy_ended", _l("Leieforholdet er avsluttet."), _l("Leieforhold avsluttet")
    TENANCY_ENDING_LETTER = (
        "tenancy_ending_letter",
        _l("Du har fått brev om at leiekontrakten snart går ut."),
        _l("Brev om at kontrakten går ut"),
    )
    ATTENDANCE = "attendance", None, _l("Oppmøte registrert")


class PriorityFlag(Choice):
    """Why a case may come first in triage (set by services/casework/priority.py)."""

    CHILDREN = "children", _l("Barnefamilie")
    YOUNG_AFTERCARE = "young_aftercare", _l("Ung i ettervern")
    HOMELESS = "homeless", _l("Uten bolig nå")
    EVICTION_SOON = "eviction_soon", _l("Må flytte innen 3 måneder")
    FOLLOW_UP = "follow_up", _l("Trenger oppfølging (ROP)")
    SENIOR = "senior", _l("67 år eller eldre")
    DISABILITY = "disability", _l("Nedsatt funksjonsevne")


_FLAG_BITS = {flag.value: 1 << place for place, flag in enumerate(PriorityFlag)}


def flag_bit(flag: str) -> int:
    """The flag's bit in Case.flag_bits (its place in PriorityFlag)."""
    return _FLAG_BITS[flag]


class Team(Base):
    """A team cases go to: Boligutvalget, the economic allocation team, ... (admins edit)."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


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
    # The name case-folded, for staff search that ignores case in every alphabet (Ø, Ж).
    search_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    # What it is about, in the topic words of the booking journey (bostotte, startlan, ...).
    topic: Mapped[str] = mapped_column(String(40), default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # For triage, derived by services/casework/priority.py when an application arrives:
    # one bit per PriorityFlag, and how many are set (the queue's first sort key).
    flag_bits: Mapped[int] = mapped_column(default=0)
    priority: Mapped[int] = mapped_column(default=0)
    # Bumped by every change staff make: a save based on an older version is refused.
    version: Mapped[int] = mapped_column(default=1)
    # The resident wrote or sent something staff have not opened yet.
    has_new_reply: Mapped[bool] = mapped_column(default=False)
    # When a preliminary answer promised a decision (forvaltningsloven § 11 a).
    expected_decision_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the case ended (closed, cancelled, withdrawn): retention counts from here.
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    # When it was exported for the archive: only then may it be deleted.
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id"
    )
    team: Mapped[Team | None] = relationship(lazy="joined")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_ended(self) -> bool:
        return self.status in ENDED_STATUSES

    @property
    def priority_flags(self) -> list[str]:
        bits = self.flag_bits
        return [flag for flag, bit in _FLAG_BITS.items() if bits & bit]

    @priority_flags.setter
    def priority_flags(self, flags: list[str]) -> None:
        self.flag_bits = sum(flag_bit(flag) for flag in set(flags))
        self.priority = len(set(flags))


# The queue's order: most priority flags first, then the oldest (keyset pagination); and the
# same order within one caseworker's cases ("mine"), the filter used most.
Index("ix_cases_queue_order", Case.priority.desc(), Case.created_at, Case.id)
Index(
    "ix_cases_assignee_queue_order",
    Case.assignee_id,
    Case.priority.desc(),
    Case.created_at,
    Case.id,
)
# The few cases with something new from the resident, in the queue's order.
Index(
    "ix_cases_new_reply_queue_order",
    Case.priority.desc(),
    Case.created_at,
    Case.id,
    sqlite_where=Case.has_new_reply.is_(True),
    postgresql_where=Case.has_new_reply.is_(True),
)


class CaseEvent(Base):
    """One line of a case's timeline. Internal notes are never shown to the resident."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # An EventKind.
    kind: Mapped[str] = mapped_column(String(40))
    # What the kind needs besides the text: the new status, a team's name, a date.
    detail: Mapped[str] = mapped_column(String(100), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    is_visible_to_resident: Mapped[bool] = mapped_column(default=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # The case's version after this change: who changed what since a form was opened.
    case_version: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped["StaffUser | None"] = relationship(lazy="joined")  # noqa: F821


class DocumentRequest(Base):
    """A document a caseworker asked the resident for; the resident sends it against it."""

    __tablename__ = "document_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DecisionOutcome(Choice):
    GRANTED = "granted", _l("Du får tilbud om kommunal bolig"), _l("Innvilget")
    WAITLISTED = "waitlisted", _l("Du står på venteliste"), _l("Venteliste")
    REJECTED = "rejected", _l("Du får ikke kommunal bolig"), _l("Avslag")


class DecisionType(Choice):
    """What was decided under which law: it chooses the appeal body the letter names."""

    MUNICIPAL_DWELLING = (
        "municipal_dwelling",
        _l("Tildeling av kommunal bolig"),
        _l("Kommunal bolig (klage til kommunens klagenemnd)"),
    )
    SOCIAL_HOUSING_HELP = (
        "social_housing_help",
        _l("Hjelp etter den boligsosiale loven"),
        _l("Boligsosial hjelp (klage til Statsforvalteren)"),
    )


class Decision(Base):
    """An individual decision (enkeltvedtak) with its grounds and the letter sent."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    decision_type: Mapped[str] = mapped_column(String(30))
    grounds: Mapped[str] = mapped_column(Text)
    rules_applied: Mapped[str] = mapped_column(Text)
    # For a granted dwelling: how long the first contract runs.
    tenancy_years: Mapped[int | None]
    next_steps: Mapped[str] = mapped_column(Text, default="")
    # The letter is written in the resident's language.
    language: Mapped[str] = mapped_column(String(8))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The PDF letter, stored like residents' files (outside static/, random name).
    letter_stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    letter_sha256: Mapped[str] = mapped_column(String(64))


class DecisionText(Base):
    """What a decision letter says besides its legal parts, per outcome and language
    (admins edit them; the appeal rights are fixed in the letter itself)."""

    __tablename__ = "decision_texts"
    __table_args__ = (UniqueConstraint("outcome", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseSummary(Base):
    """What is kept of a case after it is deleted: anonymous, for the statistics."""

    __tablename__ = "case_summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date, index=True)
    decided_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(20), default="")
    final_status: Mapped[str] = mapped_column(String(20))
    flag_bits: Mapped[int] = mapped_column(default=0)
    ended_on: Mapped[date | None] = mapped_column(Date)

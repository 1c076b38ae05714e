"""The municipality's dwellings and who lives in them: the register, the households waiting
for a dwelling, offers of one dwelling to one household, tenancies, Boligutvalget's
meetings, and the start-loan decisions kept for the plan's numbers.

Rules the data itself must keep are kept by the database, so they hold however many staff
act at once: one open offer per dwelling, one current tenancy per dwelling, a tenancy ends
after it starts, sizes and rents within sense.
"""

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import today
from portal.db import Base, UtcDateTime
from portal.models.case import Case
from portal.models.choices import Choice


class DwellingStatus(Choice):
    VACANT = "vacant", _l("Ledig")
    LET = "let", _l("Utleid")
    RENOVATION = "renovation", _l("Pusses opp")
    NOT_IN_USE = "not_in_use", _l("Ikke i bruk")


class Ownership(Choice):
    """Who owns the dwelling, as Statistics Norway counts municipal dwellings."""

    OWNED = "owned", _l("Eid av kommunen")
    LEASED = "leased", _l("Leid inn av kommunen")
    ALLOCATION_RIGHT = "allocation_right", _l("Privat eid, kommunen tildeler")


class Group(Choice):
    """The housing plan's groups: whom a dwelling suits or is kept for, and which of them a
    household belongs to."""

    FAMILIES = "families", _l("Barnefamilier")
    ELDERLY = "elderly", _l("Eldre")
    WHEELCHAIR = "wheelchair", _l("Rullestolbrukere")
    FOLLOW_UP = "follow_up", _l("Trenger oppfølging i hjemmet")
    YOUNG_AFTERCARE = "young_aftercare", _l("Unge i ettervern")


def group_bit(group: str) -> int:
    return 1 << Group.values().index(group)


def groups_of(bits: int) -> list[str]:
    return [group.value for group in Group if bits & group_bit(group)]


def bits_of(groups) -> int:
    return sum(group_bit(group) for group in set(groups))


# Limits a dwelling's numbers must keep, in the register and in the database.
BEDROOMS = (0, 8)
SIZE_M2 = (10, 400)
FLOORS = (-1, 30)
RENT = (0, 60_000)


class Dwelling(Base):
    __tablename__ = "dwellings"
    __table_args__ = (
        CheckConstraint(f"bedrooms BETWEEN {BEDROOMS[0]} AND {BEDROOMS[1]}", name="bedrooms"),
        CheckConstraint(f"size_m2 BETWEEN {SIZE_M2[0]} AND {SIZE_M2[1]}", name="size"),
        CheckConstraint(f"floor BETWEEN {FLOORS[0]} AND {FLOORS[1]}", name="floor"),
        CheckConstraint(f"monthly_rent BETWEEN {RENT[0]} AND {RENT[1]}", name="rent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Street and number ("Storgata 12"); the flat's number within the building, if any.
    address: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20), default="")
    # The address and unit in one comparable form: no two dwellings share it.
    address_key: Mapped[str] = mapped_column(String(230), unique=True)
    postcode: Mapped[str] = mapped_column(String(4))
    # The part of the municipality (matched against the areas an applicant asked for).
    area: Mapped[str] = mapped_column(String(60), index=True)
    size_m2: Mapped[int]
    bedrooms: Mapped[int]
    floor: Mapped[int] = mapped_column(default=1)
    # Reached without steps from the street (a lift counts).
    step_free: Mapped[bool] = mapped_column(default=False)
    # Groups the dwelling suits (bits of Group) and the one group it is kept for, if any.
    suitable_bits: Mapped[int] = mapped_column(default=0)
    reserved_for: Mapped[str] = mapped_column(String(20), default="")
    # A DwellingStatus.
    status: Mapped[str] = mapped_column(String(20), index=True)
    # An Ownership.
    ownership: Mapped[str] = mapped_column(String(20), default="owned")
    monthly_rent: Mapped[int]
    # Fire risk to weigh when allocating (the plan asks for it in every allocation), and
    # who else nearby needs follow-up, so tenants with heavy needs are spread out.
    fire_safety_notes: Mapped[str] = mapped_column(Text, default="")
    follow_up_notes: Mapped[str] = mapped_column(Text, default="")
    available_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    @property
    def suitable_for(self) -> list[str]:
        return groups_of(self.suitable_bits)

    @property
    def full_address(self) -> str:
        return f"{self.address} {self.unit}".strip()

    @property
    def has_notes(self) -> bool:
        return bool(self.fire_safety_notes.strip() or self.follow_up_notes.strip())


class NeedStatus(Choice):
    WAITING = "waiting", _l("Venter")
    OFFERED = "offered", _l("Har fått tilbud")
    HOUSED = "housed", _l("Har fått bolig")
    LEFT = "left", _l("Tatt av listen")


class HousingNeed(Base):
    """A household with a decision (granted or waitlisted) waiting for a dwelling: what it
    needs, taken from the application when it was decided, so matching reads one table."""

    __tablename__ = "housing_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    # A DecisionOutcome: granted or waitlisted.
    outcome: Mapped[str] = mapped_column(String(20))
    bedrooms: Mapped[int]
    step_free: Mapped[bool] = mapped_column(default=False)
    # Groups of the household (bits of Group), from the application and its flags.
    group_bits: Mapped[int] = mapped_column(default=0)
    # Places the household asked for, as typed (lower case), and whether it has pets.
    areas: Mapped[str] = mapped_column(String(300), default="")
    has_pets: Mapped[bool] = mapped_column(default=False)
    priority: Mapped[int] = mapped_column(default=0)
    # Waiting time counts from the day the application arrived.
    waiting_since: Mapped[datetime] = mapped_column(UtcDateTime)
    # A NeedStatus.
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    # The first tenancy is shorter; the decision says how many years.
    tenancy_years: Mapped[int] = mapped_column(default=3)
    # On the list from created_at (the decision) until ended_at (housed or taken off it):
    # the waiting list at any past day is read from these two.
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    case: Mapped[Case] = relationship(lazy="joined")

    @property
    def groups(self) -> list[str]:
        return groups_of(self.group_bits)


Index(
    "ix_housing_needs_matching_order",
    HousingNeed.status,
    HousingNeed.priority.desc(),
    HousingNeed.waiting_since,
)


class OfferStatus(Choice):
    OPEN = "open", _l("Venter på svar")
    ACCEPTED = "accepted", _l("Takket ja")
    DECLINED = "declined", _l("Takket nei")
    EXPIRED = "expired", _l("Fristen gikk ut")
    WITHDRAWN = "withdrawn", _l("Trukket tilbake")


class Offer(Base):
    """One dwelling offered to one household, with a deadline to answer."""

    __tablename__ = "offers"
    __table_args__ = (
        # Two offers of one dwelling at once are refused by the database itself.
        Index(
            "uq_offers_open_dwelling",
            "dwelling_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index(
            "uq_offers_open_case",
            "case_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    dwelling_id: Mapped[int] = mapped_column(ForeignKey("dwellings.id"), index=True)
    # An OfferStatus.
    status: Mapped[str] = mapped_column(String(20), default="open")
    # What the resident is told: the rent and the day the dwelling is free, as offered.
    monthly_rent: Mapped[int]
    available_on: Mapped[date]
    answer_by: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    made_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    # A caseworker confirmed reading the fire-safety and follow-up notes (required when the
    # household needs follow-up).
    notes_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decline_reason: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship()
    dwelling: Mapped[Dwelling] = relationship(lazy="joined")

    @property
    def last_day(self) -> date:
        """The last day to answer, in Oslo (the deadline is the end of that day)."""
        return today(self.answer_by - timedelta(seconds=1))


class TenancyEnd(Choice):
    RENEWED = "renewed", _l("Fornyet")
    MOVED_OUT = "moved_out", _l("Flyttet ut")
    TERMINATED = "terminated", _l("Sagt opp av kommunen")


class Tenancy(Base):
    """A contract for one dwelling: three years by default, shorter the first time."""

    __tablename__ = "tenancies"
    __table_args__ = (
        CheckConstraint("ends_on > starts_on", name="ends_after_start"),
        # One current tenancy per dwelling.
        Index(
            "uq_tenancies_current_dwelling",
            "dwelling_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
        # The ending list: current tenancies by the day they end.
        Index(
            "ix_tenancies_current_ends_on",
            "ends_on",
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dwelling_id: Mapped[int] = mapped_column(ForeignKey("dwellings.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    is_first: Mapped[bool] = mapped_column(default=True)
    # A renewal continues the tenancy it renews (which ended that day, reason "renewed").
    renewal_of_id: Mapped[int | None] = mapped_column(ForeignKey("tenancies.id"))
    # When the tenancy really ended, and why (a TenancyEnd).
    ended_on: Mapped[date | None] = mapped_column(Date, index=True)
    end_reason: Mapped[str] = mapped_column(String(20), default="")
    # The letter saying the contract ends went into the outbox then, queued by whom.
    warned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    warned_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    case: Mapped[Case] = relationship(lazy="joined")
    dwelling: Mapped[Dwelling] = relationship(lazy="joined")
    warned_by: Mapped["StaffUser | None"] = relationship(lazy="joined")  # noqa: F821


class Meeting(Base):
    """A meeting of Boligutvalget, which allocates municipal dwellings."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    meets_on: Mapped[date] = mapped_column(Date, unique=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    items: Mapped[list["MeetingItem"]] = relationship(
        back_populates="meeting", order_by="MeetingItem.position, MeetingItem.id"
    )


class MeetingItem(Base):
    """A case on a meeting's agenda, with the caseworker's proposal and, after the meeting,
    the decision recorded from it."""

    __tablename__ = "meeting_items"
    __table_args__ = (UniqueConstraint("meeting_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    proposal: Mapped[str] = mapped_column(Text, default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    case: Mapped[Case] = relationship(lazy="joined")


class StartLoanOutcome(Choice):
    GRANTED = "granted", _l("Innvilget")
    REJECTED = "rejected", _l("Avslått")


class StartLoanDecision(Base):
    """A start-loan decision as the plan counts it: no name, no number, only what the share
    of loans to families with children needs."""

    __tablename__ = "start_loan_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    decided_on: Mapped[date] = mapped_column(Date, index=True)
    # A StartLoanOutcome.
    outcome: Mapped[str] = mapped_column(String(20))
    family_with_children: Mapped[bool]
    # In whole kroner; optional (refusals have none).
    amount: Mapped[int | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

"""Guidance times staff offer, bookings of them, and requests to be called back."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime
from portal.models.case import Case
from portal.models.choices import Choice


class Topic(Choice):
    """What guidance (and a call-back) is about."""

    BOSTOTTE = "bostotte", _l("Bostøtte")
    STARTLAN = "startlan", _l("Startlån")
    KOMMUNAL_BOLIG = "kommunal_bolig", _l("Kommunal bolig")
    OKONOMI = "okonomi", _l("Økonomi og gjeld")
    LEIE_TIL_EIE = "leie_til_eie", _l("Fra leie til eie")
    ANNET = "annet", _l("Noe annet om bolig")


class Channel(Choice):
    """How a guidance time is held."""

    IN_PERSON = "in_person", _l("Oppmøte")
    PHONE = "phone", _l("Telefon")
    VIDEO = "video", _l("Video")


class CallbackTime(Choice):
    """When a resident who asked to be called would like the call."""

    MORNING = "morning", _l("Formiddag (kl. 9–12)")
    AFTERNOON = "afternoon", _l("Ettermiddag (kl. 12–15)")
    ANY = "any", _l("Når som helst")


class Attendance(Choice):
    """Whether a booked guidance time was held, as staff recorded it afterwards."""

    HELD = "held", _l("Gjennomført")
    NO_SHOW = "no_show", _l("Møtte ikke")


class GuidanceSlot(Base):
    __tablename__ = "guidance_slots"
    __table_args__ = (Index("ix_guidance_slots_topic_starts_at", "topic", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))
    # Where to meet, for times in person.
    location: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The adviser who holds the time: one person is never in two times at once.
    adviser_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        # One booking per time, kept by the database: a second insert (or move)
        # onto a time with a live booking fails, however many arrive at once.
        Index(
            "uq_bookings_live_slot",
            "slot_id",
            unique=True,
            sqlite_where=text("cancelled_at IS NULL"),
            postgresql_where=text("cancelled_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("guidance_slots.id"))
    about: Mapped[str] = mapped_column(Text, default="")
    interpreter_language: Mapped[str] = mapped_column(String(60), default="")
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the reminder for the current time went into the outbox.
    reminder_queued_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # An Attendance, once staff have recorded it; empty before.
    attendance: Mapped[str] = mapped_column(String(20), default="")

    case: Mapped[Case] = relationship()
    slot: Mapped[GuidanceSlot] = relationship()


class CallbackRequest(Base):
    """ "Call me back": when no time suits, a caseworker phones the resident."""

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    # A CallbackTime.
    preferred_time: Mapped[str] = mapped_column(String(20))
    about: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship()

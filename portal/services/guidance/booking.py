"""Guidance booking as residents use it: free times, booking, moving, cancelling, call-backs.

One booking per time is kept by the database (a unique index on live bookings),
never by a check in Python: of any number of people pressing "book" on the
same time at once, one gets it and the others are told it was just taken.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from portal.models import Booking, CallbackRequest, Case, GuidanceSlot
from portal.models.booking import Attendance
from portal.models.case import CaseStatus, EventKind
from portal.services.casework import access_codes, cases
from portal.services.casework.cases import Receipt
from portal.services.messaging import outbox
from portal.services.staff import audit
from portal.services.staff.audit import Actor

# How far ahead residents can see and book times.
BOOKING_HORIZON = timedelta(weeks=4)


class SlotUnavailable(Exception):
    """The time does not exist, was cancelled, has passed or is too close to book."""


class SlotTaken(Exception):
    """Someone else booked the time first."""

    def __init__(self, slot: GuidanceSlot):
        super().__init__(slot.id)
        self.slot = slot


class ChangeClosed(Exception):
    """The booking can no longer be changed here: too close to the time, or no longer live."""


@dataclass(frozen=True)
class BookingDetails:
    name: str
    phone: str
    email: str = ""
    about: str = ""
    interpreter_language: str = ""
    accessibility_needs: str = ""


@dataclass(frozen=True)
class BookingReceipt(Receipt):
    slot: GuidanceSlot


def _live_booking_join():
    return and_(Booking.slot_id == GuidanceSlot.id, Booking.cancelled_at.is_(None))


def earliest_bookable(now: datetime, cutoff: timedelta) -> datetime:
    return now + cutoff


def free_slots(
    session: Session,
    topic: str,
    *,
    start: datetime,
    end: datetime,
    now: datetime,
    cutoff: timedelta,
    limit: int | None = None,
) -> list[GuidanceSlot]:
    """The topic's times in [start, end) that nobody has booked and that can still be booked."""
    query = (
        select(GuidanceSlot)
        .outerjoin(Booking, _live_booking_join())
        .where(
            GuidanceSlot.topic == topic,
            GuidanceSlot.cancelled_at.is_(None),
            GuidanceSlot.starts_at >= max(start, earliest_bookable(now, cutoff)),
            GuidanceSlot.starts_at < end,
            Booking.id.is_(None),
        )
        .order_by(GuidanceSlot.starts_at, GuidanceSlot.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def next_free_slots(
    session: Session, topic: str, *, now: datetime, cutoff: timedelta, count: int = 5
) -> list[GuidanceSlot]:
    """The first few free times of the topic: offered to someone whose time was just taken."""
    return free_slots(
        session, topic, start=now, end=now + BOOKING_HORIZON, now=now, cutoff=cutoff, limit=count
    )


def bookable_slot(
    session: Session, slot_id: int, *, now: datetime, cutoff: timedelta
) -> GuidanceSlot:
    """The time with this id if it can be booked now; SlotUnavailable or SlotTaken if not."""
    slot = session.get(GuidanceSlot, slot_id)
    if slot is None or not _is_open_for_booking(slot, now, cutoff):
        raise SlotUnavailable(slot_id)
    if live_booking_of(session, slot) is not None:
        raise SlotTaken(slot)
    return slot


def _is_open_for_booking(slot: GuidanceSlot, now: datetime, cutoff: timedelta) -> bool:
    return (
        slot.cancelled_at is None
        and earliest_bookable(now, cutoff) <= slot.starts_at < now + BOOKING_HORIZON
    )


def live_booking_of(session: Session, slot: GuidanceSlot) -> Booking | None:
    return session.scalar(
        select(Booking).where(Booking.slot_id == slot.id, Booking.cancelled_at.is_(None))
    )


def slot_params(slot: GuidanceSlot) -> dict:
    """What a message about a time needs to say, in a form the outbox can store."""
    return {
        "starts_at": slot.starts_at.isoformat(),
        "minutes": slot.minutes,
        "topic": slot.topic,
        "channel": slot.channel,
        "location": slot.location,
    }


def book_slot(
    session: Session,
    slot_id: int,
    details: BookingDetails,
    *,
    language: str,
    reference: str,
    code: str,
    now: datetime,
    cutoff: timedelta,
) -> BookingReceipt:
    """Book the time: the case, the booking, its timeline and the outbox message commit together.

    `reference` and `code` were made when the person reached the check page, so a
    second press of the button (a double click, a reload) finds its own booking
    and gets the same receipt instead of a second case.
    Raises SlotTaken when someone else has the time, SlotUnavailable when it
    cannot be booked at all.
    """
    case = cases.new_case(
        kind="booking",
        reference=reference,
        code=code,
        language=language,
        name=details.name,
        phone=details.phone,
        email=details.email,
        topic="",
        now=now,
    )
    # Writes come before reads: on SQLite the first write takes the database's
    # write lock (waiting its turn), so no reader has to upgrade to a writer later.
    session.add(case)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return _receipt_of_earlier_submission(session, reference, code, slot_id)
    booking = Booking(
        case_id=case.id,
        slot_id=slot_id,
        about=details.about,
        interpreter_language=details.interpreter_language,
        accessibility_needs=details.accessibility_needs,
        created_at=now,
    )
    session.add(booking)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return _receipt_of_earlier_submission(session, reference, code, slot_id)
    slot = session.get(GuidanceSlot, slot_id)
    if slot is None or not _is_open_for_booking(slot, now, cutoff):
        session.rollback()
        raise SlotUnavailable(slot_id)
    case.topic = slot.topic
    cases.add_event(case, "booked", now=now)
    outbox.queue_for_case(session, case, "booking_confirmed", slot_params(slot), now=now)
    session.commit()
    return BookingReceipt(reference=reference, code=code, slot=slot)


def _receipt_of_earlier_submission(
    session: Session, reference: str, code: str, slot_id: int
) -> BookingReceipt:
    """After a refused insert: this person's own earlier press, or someone else's booking."""
    earlier = session.scalar(
        select(Booking).join(Case).where(Case.reference == reference, Case.kind == "booking")
    )
    if earlier is not None and access_codes.code_matches(earlier.case.code_hash, code):
        return BookingReceipt(reference=reference, code=code, slot=earlier.slot)
    slot = session.get(GuidanceSlot, slot_id)
    if slot is None:
        raise SlotUnavailable(slot_id)
    raise SlotTaken(slot)


def booking_of_case(session: Session, case: Case) -> Booking | None:
    return session.scalar(select(Booking).where(Booking.case_id == case.id))


def can_change(booking: Booking | None, *, now: datetime, cutoff: timedelta) -> bool:
    """Whether the resident may still cancel or move this booking themselves."""
    return (
        booking is not None
        and booking.cancelled_at is None
        and booking.slot.cancelled_at is None
        and booking.case.is_open
        and booking.slot.starts_at - cutoff > now
    )


def cancel_booking(session: Session, case: Case, *, now: datetime, cutoff: timedelta) -> None:
    """The resident cancels: the time is free again at once, and they get a confirmation."""
    booking = booking_of_case(session, case)
    if not can_change(booking, now=now, cutoff=cutoff):
        raise ChangeClosed(case.reference)
    booking.cancelled_at = now
    cases.end(case, CaseStatus.CANCELLED, now=now)
    cases.add_event(case, "cancelled_by_resident", now=now)
    outbox.queue_for_case(session, case, "booking_cancelled", slot_params(booking.slot), now=now)
    session.commit()


def move_booking(
    session: Session, case: Case, slot_id: int, *, now: datetime, cutoff: timedelta
) -> GuidanceSlot:
    """Move the booking to another free time of the same topic; the old time is free at once."""
    booking = booking_of_case(session, case)
    if not can_change(booking, now=now, cutoff=cutoff):
        raise ChangeClosed(case.reference)
    new_slot = bookable_slot(session, slot_id, now=now, cutoff=cutoff)
    if new_slot.topic != booking.slot.topic:
        raise SlotUnavailable(slot_id)
    booking.slot_id = new_slot.id
    booking.reminder_queued_at = None
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise SlotTaken(new_slot) from None
    session.refresh(booking, ["slot"])
    cases.add_event(case, "moved", now=now)
    outbox.queue_for_case(session, case, "booking_moved", slot_params(new_slot), now=now)
    session.commit()
    return new_slot


def request_callback(
    session: Session,
    *,
    topic: str,
    name: str,
    phone: str,
    preferred_time: str,
    about: str,
    language: str,
    reference: str,
    code: str,
    now: datetime,
) -> Receipt:
    """ "Call me back": a case in the staff queue, and an SMS that says it arrived."""
    case = cases.new_case(
        kind="callback",
        reference=reference,
        code=code,
        language=language,
        name=name,
        phone=phone,
        email="",
        topic=topic,
        now=now,
    )
    session.add(case)
    try:
        session.flush()
    except IntegrityError:  # the same form sent twice: the first one stands
        session.rollback()
        return Receipt(reference=reference, code=code)
    session.add(CallbackRequest(case_id=case.id, preferred_time=preferred_time, about=about))
    outbox.queue_for_case(session, case, "callback_received", {"topic": topic}, now=now)
    session.commit()
    return Receipt(reference=reference, code=code)


def queue_reminders(session: Session, *, now: datetime) -> int:
    """Queue a reminder for every live booking in the next 24 hours that has none yet.

    Running it again sends nothing twice: the booking remembers its reminder,
    and the outbox refuses a second message with the same key.
    """
    due = session.scalars(
        select(Booking)
        .join(GuidanceSlot, Booking.slot_id == GuidanceSlot.id)
        .where(
            Booking.cancelled_at.is_(None),
            Booking.reminder_queued_at.is_(None),
            GuidanceSlot.cancelled_at.is_(None),
            GuidanceSlot.starts_at > now,
            GuidanceSlot.starts_at <= now + timedelta(hours=24),
        )
    ).all()
    for booking in due:
        outbox.queue_for_case(
            session,
            booking.case,
            "booking_reminder",
            slot_params(booking.slot),
            now=now,
            dedupe_key=f"reminder:{booking.id}:{booking.slot_id}",
        )
        booking.reminder_queued_at = now
    session.commit()
    return len(due)


def bookings_of_cases(session: Session, case_ids: list[int]) -> list[Booking]:
    """The bookings behind a page of cases, with their times, in one query."""
    if not case_ids:
        return []
    return list(
        session.scalars(
            select(Booking).where(Booking.case_id.in_(case_ids)).options(joinedload(Booking.slot))
        )
    )


def callback_of_case(session: Session, case: Case) -> CallbackRequest | None:
    return session.scalar(select(CallbackRequest).where(CallbackRequest.case_id == case.id))


def record_attendance(
    session: Session, booking: Booking, attendance: str, *, actor: Actor, now: datetime
) -> None:
    """Whether the resident came, recorded by staff once the time has begun (for the
    no-show figures). Staff only: the resident's timeline does not show it."""
    if attendance not in Attendance.values():
        raise ValueError(attendance)
    if booking.cancelled_at is not None or booking.slot.starts_at > now:
        raise ValueError("not_held_yet")
    booking.attendance = attendance
    cases.add_event(
        booking.case,
        EventKind.ATTENDANCE,
        detail=attendance,
        is_visible_to_resident=False,
        actor_id=actor.user.id,
        now=now,
    )
    audit.record_by(
        actor,
        session,
        "attendance_recorded",
        object_type="case",
        object_id=booking.case.reference,
        now=now,
        details=attendance,
    )
    session.commit()

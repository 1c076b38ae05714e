"""Guidance times as staff manage them: one time or a weekly series, a day's bookings, cancelling.

Staff think in Oslo wall-clock time ("Tuesdays at 10:00"); the database keeps
UTC. A weekly series stays at 10:00 in Oslo across the changes to and from
summer time, so its UTC times move by an hour there.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, joinedload

from portal.models import Booking, GuidanceSlot, StaffUser
from portal.models.case import CaseStatus
from portal.services.casework import cases
from portal.services.guidance.booking import live_booking_of, slot_params
from portal.services.messaging import outbox
from portal.services.staff import audit

LOCAL_TIME = ZoneInfo("Europe/Oslo")
MAX_SERIES_WEEKS = 26
MAX_MINUTES = 240


class PastTime(ValueError):
    """A time would start before now."""


class NoSuchLocalTime(ValueError):
    """The wall-clock time does not exist that day (the hour skipped in spring)."""

    def __init__(self, day: date):
        super().__init__(day.isoformat())
        self.day = day


class OverlappingTimes(ValueError):
    """The adviser already holds a time that overlaps; `starts` are the new ones that clash."""

    def __init__(self, starts: list[datetime]):
        super().__init__(len(starts))
        self.starts = starts


@dataclass(frozen=True)
class SlotPlan:
    """What every time in one creation shares."""

    topic: str
    channel: str
    location: str
    minutes: int


@dataclass(frozen=True)
class ScheduledSlot:
    slot: GuidanceSlot
    booking: Booking | None


def local_to_utc(day: date, at: time) -> datetime:
    """Oslo wall-clock time on a day, as UTC; NoSuchLocalTime for the hour skipped in spring."""
    local = datetime.combine(day, at, tzinfo=LOCAL_TIME)
    moment = local.astimezone(ZoneInfo("UTC"))
    if moment.astimezone(LOCAL_TIME).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NoSuchLocalTime(day)
    return moment


def series_starts(first_day: date, weekdays: set[int], at: time, weeks: int) -> list[datetime]:
    """Every chosen weekday (Monday = 0) at `at` Oslo time, for `weeks` weeks from `first_day`."""
    days = (first_day + timedelta(days=offset) for offset in range(weeks * 7))
    return [local_to_utc(day, at) for day in days if day.weekday() in weekdays]


def create_slots(
    session: Session,
    plan: SlotPlan,
    starts: list[datetime],
    *,
    adviser: StaffUser,
    address: str,
    now: datetime,
) -> list[GuidanceSlot]:
    """Create the times, all or none: refused when one is past or overlaps the adviser's times."""
    if not starts:
        return []
    if any(start <= now for start in starts):
        raise PastTime()
    length = timedelta(minutes=plan.minutes)
    existing = session.scalars(
        select(GuidanceSlot).where(
            GuidanceSlot.adviser_id == adviser.id,
            GuidanceSlot.cancelled_at.is_(None),
            GuidanceSlot.starts_at < max(starts) + length,
            GuidanceSlot.ends_at > min(starts),
        )
    ).all()
    taken = [(slot.starts_at, slot.ends_at) for slot in existing]
    clashes = []
    for start in sorted(starts):
        if any(start < end and start + length > begin for begin, end in taken):
            clashes.append(start)
        taken.append((start, start + length))
    if clashes:
        raise OverlappingTimes(clashes)
    slots = [
        GuidanceSlot(
            topic=plan.topic,
            channel=plan.channel,
            location=plan.location,
            starts_at=start,
            ends_at=start + length,
            adviser_id=adviser.id,
            created_at=now,
        )
        for start in sorted(starts)
    ]
    session.add_all(slots)
    audit.record(
        session,
        actor=adviser,
        action="slots_created",
        object_type="guidance_slot",
        object_id=None,
        address=address,
        now=now,
        details=f"{len(slots)} times, {plan.topic}, {plan.channel}",
    )
    session.commit()
    return slots


def has_future_slots(session: Session, adviser: StaffUser, *, now: datetime) -> bool:
    return (
        session.scalar(
            select(GuidanceSlot.id)
            .where(GuidanceSlot.adviser_id == adviser.id, GuidanceSlot.starts_at > now)
            .limit(1)
        )
        is not None
    )


def day_schedule(session: Session, day: date) -> list[ScheduledSlot]:
    """Every time on an Oslo calendar day, cancelled ones too, each with its live booking."""
    start = local_to_utc(day, time(0, 0))
    end = local_to_utc(day + timedelta(days=1), time(0, 0))
    rows = session.execute(
        select(GuidanceSlot, Booking)
        .outerjoin(
            Booking, and_(Booking.slot_id == GuidanceSlot.id, Booking.cancelled_at.is_(None))
        )
        .where(GuidanceSlot.starts_at >= start, GuidanceSlot.starts_at < end)
        .order_by(GuidanceSlot.starts_at, GuidanceSlot.id)
        # The day view names who booked each time: their cases come in the same query.
        .options(joinedload(Booking.case))
    ).all()
    return [ScheduledSlot(slot, booking) for slot, booking in rows]


def find_slot(session: Session, slot_id: int) -> GuidanceSlot | None:
    """A guidance time by its id, cancelled or not."""
    return session.get(GuidanceSlot, slot_id)


def cancel_slot(
    session: Session, slot: GuidanceSlot, *, actor: StaffUser, address: str, now: datetime
) -> Booking | None:
    """Cancel a time. A resident who had booked it is told, and sees it on their case."""
    if slot.cancelled_at is not None:
        return None
    slot.cancelled_at = now
    booking = live_booking_of(session, slot)
    if booking is not None:
        booking.cancelled_at = now
        cases.end(booking.case, CaseStatus.CANCELLED, now=now)
        cases.add_event(booking.case, "cancelled_by_municipality", now=now, actor_id=actor.id)
        outbox.queue_for_case(session, booking.case, "slot_cancelled", slot_params(slot), now=now)
    audit.record(
        session,
        actor=actor,
        action="slot_cancelled",
        object_type="guidance_slot",
        object_id=slot.id,
        address=address,
        now=now,
    )
    session.commit()
    return booking

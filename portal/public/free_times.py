"""The free guidance times a resident picks from, week by week: for booking a time and for
moving one (portal/public/book.py, portal/public/case.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from itertools import groupby

from flask import abort, current_app, render_template, request, url_for
from flask_babel import format_date, to_user_timezone

from portal.db import db, utcnow
from portal.extensions import htmx
from portal.models.booking import Channel
from portal.query_values import whole_number
from portal.services.guidance import booking
from portal.services.guidance.guidance_slots import LOCAL_TIME, local_to_utc

# The last week that can hold a bookable time: the horizon, and the week it ends in.
WEEKS_AHEAD = booking.BOOKING_HORIZON.days // 7 + 1


def cutoff() -> timedelta:
    return timedelta(hours=current_app.config["BOOKING_CUTOFF_HOURS"])


def week_of(week: int, now):
    """Monday of the week `week` weeks from now (Oslo), its bounds in UTC, and the last week."""
    today = to_user_timezone(now).date()
    first_monday = today - timedelta(days=today.weekday())
    last_day = to_user_timezone(now + booking.BOOKING_HORIZON).date()
    last_week = (last_day - first_monday).days // 7
    monday = first_monday + timedelta(weeks=week)
    start = local_to_utc(monday, time(0, 0))
    end = local_to_utc(monday + timedelta(days=7), time(0, 0))
    return monday, start, min(end, now + booking.BOOKING_HORIZON), last_week


@dataclass(frozen=True)
class FreeTime:
    href: str
    clock: str  # "10:00", Oslo time
    channel: str  # already in the person's language


@dataclass(frozen=True)
class FreeDay:
    heading: str  # "Fredag 27. november"
    label: str  # "fredag 27. november": read out after each time, for screen readers
    times: list[FreeTime]


def link_to(endpoint: str, **values) -> Callable[[int], str]:
    """The link to a time, by its id. url_for runs once: a week can hold hundreds of times."""
    sample = url_for(endpoint, slot_id=0, **values)
    assert sample.endswith("/0"), sample
    prefix = sample[:-1]
    return lambda slot_id: f"{prefix}{slot_id}"


def times_by_day(slots, link: Callable[[int], str]) -> list[FreeDay]:
    """Free times by Oslo calendar day, with every word and link ready for the template."""
    channels = {value: str(name) for value, name in Channel.labels().items()}
    days = []
    for day, day_slots in groupby(
        slots, key=lambda slot: slot.starts_at.astimezone(LOCAL_TIME).date()
    ):
        label = format_date(day, "EEEE d. MMMM")
        times = [
            FreeTime(
                link(slot.id),
                slot.starts_at.astimezone(LOCAL_TIME).strftime("%H:%M"),
                channels[slot.channel],
            )
            for slot in day_slots
        ]
        days.append(FreeDay(label[:1].upper() + label[1:], label, times))
    return days


def wants_fragment() -> bool:
    """An htmx request for the times of another week (a history restore wants the whole page)."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def times_page(template: str, topic: str, *, link, week_url, **values):
    """A week of the topic's free times (?week=): the whole page, or only the times for htmx."""
    now = utcnow()
    week = week_arg(topic, now)
    if week is None:
        abort(404)
    monday, start, end, last_week = week_of(week, now)
    if week > last_week:
        abort(404)
    slots = booking.free_slots(db.session, topic, start=start, end=end, now=now, cutoff=cutoff())
    fragment = wants_fragment()
    return render_template(
        "public/book/_times.html" if fragment else template,
        topic=topic,
        week=week,
        last_week=last_week,
        monday=monday,
        sunday=monday + timedelta(days=6),
        days=times_by_day(slots, link),
        week_url=week_url,
        fragment=fragment,
        **values,
    )


def week_arg(topic: str, now) -> int | None:
    """The week asked for; without one, the first week that has a free time (or this week).

    None for a week no one can book (the page answers 404): only a few weeks are offered.
    """
    week = request.args.get("week")
    if week is not None:
        if not week.isascii() or not week.isdigit():
            return 0
        number = whole_number(week)
        # Past the booking horizon nothing can be booked (and the dates would overflow).
        return number if number is not None and number <= WEEKS_AHEAD else None
    first = booking.next_free_slots(db.session, topic, now=now, cutoff=cutoff(), count=1)
    if not first:
        return 0
    this_monday, *_ = week_of(0, now)
    return (to_user_timezone(first[0].starts_at).date() - this_monday).days // 7


def taken_page(topic: str, link: Callable[[int], str] | None = None):
    """ "That time was just taken", with the next free times of the topic (409)."""
    now = utcnow()
    others = booking.next_free_slots(db.session, topic, now=now, cutoff=cutoff())
    return (
        render_template(
            "public/book/taken.html",
            topic=topic,
            days=times_by_day(others, link or link_to(".enter_details")),
        ),
        409,
    )


def unavailable_page():
    return render_template("public/book/unavailable.html"), 410

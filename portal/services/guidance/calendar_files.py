"""Calendar files (.ics) for a booked guidance time, in Oslo time with its VTIMEZONE."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar

from portal.models import GuidanceSlot

LOCAL_TIME = ZoneInfo("Europe/Oslo")


def booking_calendar(
    slot: GuidanceSlot,
    *,
    reference: str,
    summary: str,
    description: str,
    location: str,
    now: datetime,
) -> bytes:
    """One event for the booked time. The UID follows the case, so a moved time replaces the old."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Eigersund kommune//Boligportalen//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"{reference}@boligportalen.eigersund.kommune.no")
    event.add("dtstamp", now)
    event.add("dtstart", slot.starts_at.astimezone(LOCAL_TIME))
    event.add("dtend", slot.ends_at.astimezone(LOCAL_TIME))
    event.add("summary", summary)
    event.add("description", description)
    if location:
        event.add("location", location)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()

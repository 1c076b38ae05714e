"""Builders for test data: each makes one thing through the services, with plain defaults."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from portal.models import GuidanceSlot, Page
from portal.services.information.pages import create_page

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def make_page(
    session: Session,
    *,
    slug: str = "bostotte",
    language: str = "nb",
    title: str = "Bostøtte",
    summary: str = "Penger til boutgifter når inntekten er lav.",
    body: str = "Du kan få **bostøtte** fra Husbanken.\n\n## Slik søker du\n\nSøk på nett.",
    publish: bool = True,
    now: datetime = NOW,
    reviewed: bool = False,
) -> Page:
    """A page; a translation starts unreviewed unless `reviewed` (read against bokmål `now`)."""
    page = create_page(
        session,
        slug=slug,
        language=language,
        title=title,
        summary=summary,
        body=body,
        author_name="Test",
        now=now,
        publish=publish,
    )
    if reviewed:
        page.review_status, page.reviewed_at = "reviewed", now
    session.commit()
    return page


def make_slot(
    session: Session,
    adviser,
    starts_at: datetime,
    *,
    topic: str = "bostotte",
    channel: str = "in_person",
    location: str = "Rådhuset, Lundeveien 2",
    minutes: int = 45,
) -> GuidanceSlot:
    """One guidance time held by `adviser`, committed."""
    slot = GuidanceSlot(
        topic=topic,
        channel=channel,
        location=location if channel == "in_person" else "",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        adviser_id=adviser.id,
        created_at=starts_at - timedelta(days=30),
    )
    session.add(slot)
    session.commit()
    return slot


def at_ten(days_ahead: int) -> datetime:
    """10:00 Oslo time, `days_ahead` days from today, in UTC."""
    day = datetime.now(OSLO).date() + timedelta(days=days_ahead)
    return datetime(day.year, day.month, day.day, 10, tzinfo=OSLO).astimezone(UTC)

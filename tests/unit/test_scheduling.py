"""Scheduled publishing and unpublishing: right on time, once, even when cron is late."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from portal.models import AuditEvent, ScheduledChange
from portal.services.information import page_editing, scheduling
from portal.services.information.pages import due_for_review, published_page
from portal.services.information.reading import read_page
from portal.services.information.scheduling import ScheduleRefused
from portal.services.staff.audit import Actor
from tests.factories import NOW, make_page
from tests.staff import make_staff

AT = NOW + timedelta(days=2)


@pytest.fixture
def actor(session) -> Actor:
    return Actor(make_staff(session, "editor", name="Eva Editor"), "10.0.0.1")


def draft(session, page, body, actor, now=NOW):
    return page_editing.save_draft(
        session, page.id, page_editing.Text(page.title, page.summary, body),
        based_on=page_editing.latest_revision(session, page.id).id, actor=actor, now=now,
    )  # fmt: skip


def test_a_scheduled_draft_goes_live_at_its_time_and_not_before(session, actor):
    page = make_page(session, body="Gammel tekst.")
    draft(session, page, "Ny tekst fra nyttår.", actor)
    scheduling.schedule(session, page.id, "publish", AT, actor=actor, now=NOW)

    assert scheduling.apply_due(session, now=AT - timedelta(minutes=1)) == 0
    assert "Gammel tekst." in published_page(session, "bostotte", "nb").html

    assert scheduling.apply_due(session, now=AT) == 1
    assert "Ny tekst fra nyttår." in published_page(session, "bostotte", "nb").html
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "page_published"))
    assert event.actor_id is None and "scheduled by Eva Editor" in event.details


def test_a_reader_gets_the_scheduled_text_even_when_cron_has_not_run(session, actor):
    page = make_page(session, body="Gammel tekst.")
    draft(session, page, "Ny tekst.", actor)
    scheduling.schedule(session, page.id, "publish", AT, actor=actor, now=NOW)

    reading = read_page(session, "bostotte", "nb", now=AT + timedelta(seconds=1))

    assert "Ny tekst." in reading.page.html
    assert scheduling.apply_due(session, now=AT + timedelta(minutes=5)) == 0  # ran once


def test_the_draft_chosen_when_scheduling_is_the_one_that_goes_live(session, actor):
    page = make_page(session, body="Gammel tekst.")
    draft(session, page, "Planlagt tekst.", actor)
    scheduling.schedule(session, page.id, "publish", AT, actor=actor, now=NOW)
    draft(session, page, "Halvferdig tekst etterpå.", actor, now=NOW + timedelta(hours=1))

    scheduling.apply_due(session, now=AT)

    assert "Planlagt tekst." in published_page(session, "bostotte", "nb").html


def test_a_scheduled_unpublishing_takes_the_page_down(session, actor):
    page = make_page(session)
    scheduling.schedule(session, page.id, "unpublish", AT, actor=actor, now=NOW)

    assert read_page(session, "bostotte", "nb", now=AT).page is None


@pytest.mark.parametrize("when", [NOW - timedelta(minutes=1), NOW])
def test_a_schedule_in_the_past_is_refused_and_nothing_is_stored(session, actor, when):
    page = make_page(session)

    with pytest.raises(ScheduleRefused) as refused:
        scheduling.schedule(session, page.id, "publish", when, actor=actor, now=NOW)

    assert refused.value.reason == "in_past"
    session.rollback()
    assert session.scalar(select(func.count()).select_from(ScheduledChange)) == 0


def test_a_cancelled_change_never_runs_and_cancelling_twice_is_harmless(session, actor):
    page = make_page(session)
    change = scheduling.schedule(session, page.id, "unpublish", AT, actor=actor, now=NOW)
    assert [c.id for c in scheduling.planned(session, page.id)] == [change.id]

    assert scheduling.cancel(session, page.id, change.id, actor=actor, now=NOW)
    assert not scheduling.cancel(session, page.id, change.id, actor=actor, now=NOW)

    assert scheduling.apply_due(session, now=AT) == 0
    assert published_page(session, "bostotte", "nb") is not None


def test_an_oslo_morning_is_stored_as_utc(session, actor):
    page = make_page(session)
    oslo_eight = datetime(2027, 3, 1, 8, 0, tzinfo=ZoneInfo("Europe/Oslo"))

    change = scheduling.schedule(session, page.id, "unpublish", oslo_eight, actor=actor, now=NOW)

    session.expire_all()
    stored = session.get(ScheduledChange, change.id).run_at
    assert stored == datetime(2027, 3, 1, 7, 0, tzinfo=UTC)


def test_pages_due_for_review_are_listed_soonest_first_with_the_overdue_marked(session, actor):
    today = date(2026, 11, 25)
    for slug, day in [("a", today + timedelta(days=40)), ("b", today + timedelta(days=3)),
                      ("c", today - timedelta(days=1))]:  # fmt: skip
        page = make_page(session, slug=slug, title=slug)
        page_editing.save_review(session, page.id, status="reviewed", review_by=day,
                                 actor=actor, now=NOW)  # fmt: skip

    due = due_for_review(session, today=today)

    assert [(d.slug, d.is_overdue) for d in due] == [("c", True), ("b", False)]

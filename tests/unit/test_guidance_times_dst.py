"""Times are stored in UTC and shown in Oslo time, right across the changes to and from summer time.

The last Sunday of March 2027 is the 28th (clocks go 02:00 → 03:00); the last
Sunday of October 2027 is the 31st (03:00 → 02:00). Time is frozen by passing
`now`, and in the page test by replacing the clock the views read.
"""

from datetime import UTC, date, datetime, time

import pytest

from portal.services.guidance import guidance_slots
from portal.services.guidance.guidance_slots import NoSuchLocalTime, SlotPlan
from tests.factories import make_slot
from tests.html import parse, text_of
from tests.staff import make_staff

PLAN = SlotPlan(topic="bostotte", channel="phone", location="", minutes=45)


def test_a_weekly_series_keeps_its_oslo_time_over_the_spring_change():
    starts = guidance_slots.series_starts(date(2027, 3, 22), {0}, time(10, 0), weeks=2)

    assert starts == [
        datetime(2027, 3, 22, 9, 0, tzinfo=UTC),  # CET, UTC+1
        datetime(2027, 3, 29, 8, 0, tzinfo=UTC),  # CEST, UTC+2
    ]


def test_a_weekly_series_keeps_its_oslo_time_over_the_autumn_change():
    starts = guidance_slots.series_starts(date(2027, 10, 25), {0}, time(10, 0), weeks=2)

    assert starts == [
        datetime(2027, 10, 25, 8, 0, tzinfo=UTC),
        datetime(2027, 11, 1, 9, 0, tzinfo=UTC),
    ]


def test_the_hour_skipped_in_spring_cannot_be_a_time():
    with pytest.raises(NoSuchLocalTime) as refused:
        guidance_slots.local_to_utc(date(2027, 3, 28), time(2, 30))

    assert refused.value.day == date(2027, 3, 28)


def test_the_hour_repeated_in_autumn_means_the_first_of_the_two():
    assert guidance_slots.local_to_utc(date(2027, 10, 31), time(2, 30)) == datetime(
        2027, 10, 31, 0, 30, tzinfo=UTC
    )


def test_a_day_schedule_covers_the_23_and_25_hour_days(session):
    adviser = make_staff(session, "caseworker")
    for moment in (
        datetime(2027, 3, 27, 23, 0, tzinfo=UTC),  # 00:00 on the 28th in Oslo (CET)
        datetime(2027, 3, 28, 21, 30, tzinfo=UTC),  # 23:30 on the 28th in Oslo (CEST)
        datetime(2027, 10, 30, 22, 0, tzinfo=UTC),  # 00:00 on the 31st (CEST)
        datetime(2027, 10, 31, 22, 30, tzinfo=UTC),  # 23:30 on the 31st (CET)
    ):
        make_slot(session, adviser, moment)

    spring = guidance_slots.day_schedule(session, date(2027, 3, 28))
    autumn = guidance_slots.day_schedule(session, date(2027, 10, 31))

    assert len(spring) == len(autumn) == 2


@pytest.mark.parametrize(
    "now, before_change, after_change",
    [
        # Wednesday 24 March 2027; Thursday 25 March is winter time, Monday 29 March summer time.
        (datetime(2027, 3, 24, 12, 0, tzinfo=UTC), date(2027, 3, 25), date(2027, 3, 29)),
        (datetime(2027, 10, 27, 12, 0, tzinfo=UTC), date(2027, 10, 28), date(2027, 11, 1)),
    ],
)
def test_the_free_times_page_shows_oslo_time_on_both_sides_of_the_change(
    monkeypatch, client, data, now, before_change, after_change
):
    monkeypatch.setattr("portal.public.free_times.utcnow", lambda: now)
    adviser = make_staff(data, "caseworker", now=now)
    first = make_slot(data, adviser, guidance_slots.local_to_utc(before_change, time(10, 0)))
    second = make_slot(data, adviser, guidance_slots.local_to_utc(after_change, time(10, 0)))
    assert first.starts_at.hour != second.starts_at.hour  # an hour apart in UTC

    this_week = parse(client.get("/nb/book/bostotte?week=0"))
    next_week = parse(client.get("/nb/book/bostotte?week=1"))

    shown = [
        (text_of(page.select_one(".times__day")), text_of(page.select_one(".time-link span")))
        for page in (this_week, next_week)
    ]
    assert [when.split(" , ")[0] for _, when in shown] == ["kl. 10:00", "kl. 10:00"]
    assert [day.split()[1] for day, _ in shown] == [
        f"{before_change.day}.",
        f"{after_change.day}.",
    ]

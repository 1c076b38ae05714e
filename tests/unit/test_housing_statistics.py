"""The plan's numbers for a year (services/housing/statistics.py), on a small known data set:
Oslo month boundaries, deleted cases' summaries, first decisions only, medians of an even
count, the waiting list as it stood, an empty year and a year under way."""

import csv
import io
from datetime import date

import pytest

from portal.models.case import PriorityFlag, flag_bit
from portal.services.housing import statistics
from portal.services.housing.months import month_starts, safe_cell
from portal.services.housing.statistics import Measure, topic_key
from tests.staff import make_staff
from tests.statistics_data import (
    application,
    booking,
    decide,
    dwelling,
    need,
    offer,
    oslo,
    start_loan,
    summary,
    tenancy,
)

NOW = oslo(2026, 6, 15)
CHILDREN = flag_bit(PriorityFlag.CHILDREN)


def months(figure) -> dict[int, object]:
    """The months that are not zero (or empty), by number: {3: 2, 4: 1}."""
    return {number: value for number, value in enumerate(figure.months, 1) if value}


@pytest.fixture
def year_2025(session):
    """A year with something in it of every kind; the names say which month each falls in."""
    # Received: Oslo midnight decides the month, in winter and in summer time.
    application(session, oslo(2024, 12, 31, 23, 30))  # 2024, though 22:30 UTC
    application(session, oslo(2025, 1, 1, 0, 30))  # January, though 2024 in UTC
    application(session, oslo(2025, 1, 31, 23, 30))  # January
    application(session, oslo(2025, 2, 1, 0, 30))  # February, though 31 January in UTC
    application(session, oslo(2025, 6, 30, 23, 30))  # June
    application(session, oslo(2025, 7, 1, 0, 10))  # July, though 30 June in UTC
    # Decided in March after 3 and 4 whole days: the median of an even count is 3.5.
    family = application(session, oslo(2025, 3, 1, 10), flags=("children",), status="decided")
    decide(session, family, "granted", oslo(2025, 3, 4, 15))
    decide(session, family, "waitlisted", oslo(2025, 5, 2))  # a second decision is not counted
    single = application(session, oslo(2025, 3, 2, 10), status="decided")
    decide(session, single, "rejected", oslo(2025, 3, 6, 15))
    # A deleted case, kept as its summary: received and decided (granted, after 10 days) in April.
    summary(session, date(2025, 4, 1), decided=date(2025, 4, 11), outcome="granted")
    # Call-backs in May: one case, one summary.
    application_free_callback = application(session, oslo(2025, 5, 5))
    application_free_callback.kind = "callback"
    session.commit()
    summary(session, date(2025, 5, 20), kind="callback")
    # The waiting list: one household housed in May, one still waiting.
    housed = application(session, oslo(2025, 1, 10), status="decided")
    need(session, housed, since=oslo(2025, 1, 10), listed=oslo(2025, 2, 10),
         ended=oslo(2025, 5, 15), status="housed")  # fmt: skip
    waiting = application(session, oslo(2025, 3, 1), status="decided")
    need(session, waiting, since=oslo(2025, 3, 1), listed=oslo(2025, 3, 5))
    # Offers: accepted in May; declined just after midnight on 1 June; run out in June.
    homes = [dwelling(session) for _ in range(3)]
    offer(session, housed, homes[0], made=oslo(2025, 5, 2), status="accepted",
          answered=oslo(2025, 5, 5))  # fmt: skip
    offer(session, waiting, homes[1], made=oslo(2025, 5, 20), status="declined",
          answered=oslo(2025, 6, 1, 0, 30))  # fmt: skip
    offer(session, waiting, homes[2], made=oslo(2025, 5, 25), status="expired",
          answered=oslo(2025, 6, 10))  # fmt: skip
    # Tenancies: one started in May; one renewed in January (its old contract ended as
    # "renewed", which is not an end); one ended in September.
    tenancy(session, housed, homes[0], starts=date(2025, 5, 15))
    old = tenancy(session, family, homes[1], starts=date(2022, 1, 1), ended=date(2025, 1, 1),
                  reason="renewed")  # fmt: skip
    tenancy(session, family, homes[1], starts=date(2025, 1, 1), renews=old, is_first=False)
    tenancy(session, single, homes[2], starts=date(2023, 1, 1), ended=date(2025, 9, 30),
            reason="moved_out")  # fmt: skip
    # Bookings in March: held, no-show, cancelled (not counted).
    adviser = make_staff(session, "caseworker")
    booking(session, adviser, oslo(2025, 3, 10, 10), topic="startlan", channel="phone",
            attendance="held")  # fmt: skip
    booking(session, adviser, oslo(2025, 3, 11, 10), attendance="no_show")
    booking(session, adviser, oslo(2025, 3, 12, 10), cancelled=True)
    # Start loans: February 2 granted (1 to a family) and 1 refused; August 1 granted to a family.
    start_loan(session, date(2025, 2, 3), amount=1_000_000)
    start_loan(session, date(2025, 2, 10), family=False)
    start_loan(session, date(2025, 2, 20), "rejected")
    start_loan(session, date(2025, 8, 1))
    return statistics.year_statistics(session, 2025, now=NOW)


def test_applications_fall_in_the_oslo_month_they_came_in(year_2025):
    received = year_2025[Measure.APPLICATIONS_RECEIVED]

    assert months(received) == {1: 3, 2: 1, 3: 3, 4: 1, 6: 1, 7: 1}
    assert received.year == 10


def test_month_starts_are_oslo_midnight_in_utc():
    starts = month_starts(2025)

    assert starts[0].isoformat() == "2024-12-31T23:00:00+00:00"
    assert starts[6].isoformat() == "2025-06-30T22:00:00+00:00"
    assert starts[12].isoformat() == "2025-12-31T23:00:00+00:00"


def test_decisions_count_each_cases_first_decision_and_deleted_cases(year_2025):
    assert months(year_2025[Measure.APPLICATIONS_DECIDED]) == {3: 2, 4: 1}
    assert months(year_2025[Measure.GRANTED]) == {3: 1, 4: 1}
    assert months(year_2025[Measure.REJECTED]) == {3: 1}
    assert year_2025[Measure.WAITLISTED].year == 0


def test_median_days_to_decision_of_an_even_count_is_the_mean_of_the_middle_two(year_2025):
    median = year_2025[Measure.MEDIAN_DAYS_TO_DECISION]

    assert median.months[2] == 3.5
    assert median.months[3] == 10
    assert median.months[0] is None
    assert median.year == 4


def test_share_of_granted_to_families_with_children(year_2025):
    share = year_2025[Measure.GRANTED_WITH_CHILDREN_PERCENT]

    assert share.months[2] == 100.0
    assert share.months[3] == 0.0
    assert share.months[4] is None
    assert share.year == 50.0


def test_the_waiting_list_as_it_stood_at_each_month_end(year_2025):
    length = year_2025[Measure.WAITING_LIST]
    waited = year_2025[Measure.MEDIAN_DAYS_WAITING]

    assert length.months[:6] == (0, 1, 2, 2, 1, 1)
    assert length.year == 1
    # End of March: since noon 10 January (80 whole days) and 1 March (30 whole days).
    assert waited.months[2] == 55
    assert waited.months[0] is None
    # End of the year: only the household waiting since noon 1 March 2025.
    assert waited.year == 305


def test_offers_by_the_month_they_were_made_and_answered(year_2025):
    assert months(year_2025[Measure.OFFERS_MADE]) == {5: 3}
    assert months(year_2025[Measure.OFFERS_ACCEPTED]) == {5: 1}
    assert months(year_2025[Measure.OFFERS_DECLINED]) == {6: 1}
    assert months(year_2025[Measure.OFFERS_EXPIRED]) == {6: 1}


def test_tenancies_started_renewed_and_ended(year_2025):
    assert months(year_2025[Measure.TENANCIES_STARTED]) == {5: 1}
    assert months(year_2025[Measure.TENANCIES_RENEWED]) == {1: 1}
    assert months(year_2025[Measure.TENANCIES_ENDED]) == {9: 1}


def test_bookings_by_topic_and_channel_without_cancelled_ones(year_2025):
    assert months(year_2025[Measure.BOOKINGS]) == {3: 2}
    assert months(year_2025[Measure.NO_SHOWS]) == {3: 1}
    assert year_2025[topic_key("startlan")].year == 1
    assert year_2025[topic_key("bostotte")].year == 1
    assert year_2025[statistics.channel_key("phone")].year == 1
    assert year_2025[statistics.channel_key("video")].year == 0
    assert months(year_2025[Measure.CALLBACKS]) == {5: 2}


def test_start_loans_share_to_families_with_children(year_2025):
    assert months(year_2025[Measure.START_LOANS_GRANTED]) == {2: 2, 8: 1}
    assert months(year_2025[Measure.START_LOANS_FAMILIES_PERCENT]) == {2: 50.0, 8: 100.0}
    assert year_2025[Measure.START_LOANS_FAMILIES_PERCENT].year == 66.7
    assert year_2025[Measure.START_LOANS_REJECTED].year == 1


def test_every_csv_column_has_a_figure(year_2025):
    assert set(statistics.COLUMNS) == set(year_2025.figures)


def test_an_empty_year_has_zeros_and_no_medians(session):
    empty = statistics.year_statistics(session, 2019, now=NOW)

    assert empty[Measure.APPLICATIONS_RECEIVED].months == (0,) * 12
    assert empty[Measure.MEDIAN_DAYS_TO_DECISION].year is None
    assert empty[Measure.GRANTED_WITH_CHILDREN_PERCENT].year is None
    assert empty[Measure.WAITING_LIST].year == 0
    assert empty[Measure.START_LOANS_FAMILIES_PERCENT].year is None
    assert empty.homeless_now == 0


def test_months_not_yet_begun_are_empty_not_zero(session):
    application(session, oslo(2026, 6, 1))

    this_year = statistics.year_statistics(session, 2026, now=NOW)

    assert this_year.months_begun == 6
    assert this_year[Measure.APPLICATIONS_RECEIVED].months[5:] == (1,) + (None,) * 6
    assert this_year[Measure.WAITING_LIST].months[6:] == (None,) * 6
    assert this_year.last_day == date(2026, 6, 15)


def test_homeless_now_counts_open_applications_without_a_current_tenancy(session):
    application(session, oslo(2026, 1, 5), flags=("homeless",))
    application(session, oslo(2026, 1, 5), flags=("homeless",), status="closed")
    application(session, oslo(2026, 1, 5), flags=("children",))
    housed = application(session, oslo(2026, 1, 5), flags=("homeless",), status="decided")
    tenancy(session, housed, dwelling(session), starts=date(2026, 3, 1))
    moved_out = application(session, oslo(2026, 1, 5), flags=("homeless",), status="decided")
    tenancy(session, moved_out, dwelling(session), starts=date(2026, 2, 1),
            ended=date(2026, 4, 1), reason="moved_out")  # fmt: skip

    assert statistics.homeless_now(session) == 2


def test_the_csv_has_a_row_per_month_and_one_for_the_year(year_2025):
    rows = list(csv.reader(io.StringIO(statistics.as_csv(year_2025))))

    assert rows[0] == ["period", *statistics.COLUMNS]
    assert [row[0] for row in rows[1:]] == [f"2025-{m:02d}" for m in range(1, 13)] + ["2025"]
    column = rows[0].index("median_days_to_decision")
    assert rows[3][column] == "3.5"
    assert rows[13][rows[0].index("applications_received")] == "10"


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\t1"])
def test_a_cell_that_would_be_a_formula_is_made_text(value):
    assert safe_cell(value).startswith("'")


def test_the_years_to_choose_from_run_from_the_first_with_data_to_this_year(session):
    application(session, oslo(2023, 5, 1))

    assert statistics.years_with_data(session, now=NOW) == [2026, 2025, 2024, 2023]
    assert statistics.is_valid_year(2026, now=NOW)
    assert not statistics.is_valid_year(2027, now=NOW)
    assert not statistics.is_valid_year(1999, now=NOW)

"""The year's numbers for Statistics Norway (services/housing/ssb.py): dwellings by who owns
them on the counting day, applications, decisions, the waiting list and households that
moved in, as SSB's KOSTRA form 13 asks for them."""

import csv
import io
from datetime import date

from portal.services.housing import ssb
from portal.services.housing.ssb import SsbLine
from tests.statistics_data import application, decide, dwelling, need, oslo, summary, tenancy

NOW = oslo(2026, 6, 15)


def test_the_report_counts_dwellings_and_households_as_ssb_defines_them(session):
    homes = [
        dwelling(session, ownership="owned", wheelchair=True),
        dwelling(session, ownership="owned"),
        dwelling(session, ownership="leased", status="vacant"),
        dwelling(session, ownership="allocation_right", status="renovation"),
    ]
    dwelling(session, ownership="owned", status="not_in_use")
    dwelling(session, ownership="owned", created=oslo(2026, 2, 1))  # after the counting day
    granted = application(session, oslo(2025, 2, 1), status="decided")
    decide(session, granted, "granted", oslo(2025, 2, 20))
    waiting = application(session, oslo(2025, 3, 1), status="decided")
    decide(session, waiting, "waitlisted", oslo(2025, 3, 20))
    need(session, waiting, since=oslo(2025, 3, 1), listed=oslo(2025, 3, 20))
    refused = application(session, oslo(2025, 4, 1), status="decided")
    decide(session, refused, "rejected", oslo(2025, 4, 20))
    summary(session, date(2025, 9, 1), decided=date(2025, 9, 10), outcome="rejected")
    tenancy(session, granted, homes[0], starts=date(2025, 5, 1))
    old = tenancy(session, waiting, homes[1], starts=date(2022, 1, 1), ended=date(2025, 1, 1),
                  reason="renewed")  # fmt: skip
    tenancy(session, waiting, homes[1], starts=date(2025, 1, 1), renews=old, is_first=False)

    report = ssb.year_report(session, 2025, now=NOW)

    assert report.counted_on == date(2025, 12, 31)
    assert not report.is_year_under_way
    assert report.values == {
        SsbLine.DWELLINGS: 4,
        SsbLine.OWNED: 2,
        SsbLine.LEASED: 1,
        SsbLine.ALLOCATION_RIGHT: 1,
        SsbLine.WHEELCHAIR: 1,
        SsbLine.RECEIVED: 4,
        SsbLine.GRANTED: 2,
        SsbLine.WAITLISTED: 1,
        SsbLine.REFUSED: 2,
        SsbLine.WAITING: 1,
        SsbLine.MOVED_IN: 1,
    }


def test_a_year_under_way_is_counted_to_today(session):
    report = ssb.year_report(session, 2026, now=NOW)

    assert report.is_year_under_way
    assert report.counted_on == date(2026, 6, 15)
    assert report.values[SsbLine.DWELLINGS] == 0


def test_the_csv_has_one_line_per_number(session):
    dwelling(session)
    rows = list(csv.reader(io.StringIO(ssb.as_csv(ssb.year_report(session, 2025, now=NOW)))))

    assert rows[:3] == [["line", "value"], ["year", "2025"], ["counted_on", "2025-12-31"]]
    assert [row[0] for row in rows[3:]] == list(SsbLine.values())
    assert dict(rows)["dwellings_owned"] == "1"

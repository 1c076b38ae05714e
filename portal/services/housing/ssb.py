"""The year's numbers the municipality reports to Statistics Norway (SSB) on municipal
housing: KOSTRA form 13, "Kommunalt disponerte boliger". What each line means, and where
SSB defines it, is in admin/STATISTICS.md.

The dwellings and the waiting list are counted on the year's last day (today, for the year
under way); applications and decisions over the whole year, with the same counting as the
statistics page, so the two never disagree.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from portal.models import Dwelling, Tenancy
from portal.models.choices import Choice
from portal.models.housing import DwellingStatus, Group, Ownership, group_bit
from portal.services.housing import statistics
from portal.services.housing.months import OSLO, month_days, safe_cell
from portal.services.housing.statistics import Measure


class SsbLine(Choice):
    """A line of the report: its CSV name and its words, close to SSB's own."""

    DWELLINGS = "dwellings", _l("Kommunalt disponerte boliger i alt")
    OWNED = "dwellings_owned", _l("Kommunalt eide boliger")
    LEASED = "dwellings_leased", _l("Boliger kommunen leier inn og leier ut videre")
    ALLOCATION_RIGHT = (
        "dwellings_allocation_right",
        _l("Privat eide boliger der kommunen bestemmer hvem som får leie"),
    )
    WHEELCHAIR = "dwellings_wheelchair", _l("Boliger tilgjengelige for rullestolbrukere")
    RECEIVED = "applications_received", _l("Søknader om kommunal bolig mottatt")
    GRANTED = "applications_granted", _l("Søknader innvilget (vedtak om kommunal bolig)")
    WAITLISTED = "applications_waitlisted", _l("Av dem satt på venteliste")
    REFUSED = "applications_refused", _l("Søknader avslått")
    WAITING = (
        "households_waiting",
        _l("Husstander med vedtak som venter på å flytte inn"),
    )
    MOVED_IN = "households_moved_in", _l("Husstander som flyttet inn i kommunal bolig")


OWNERSHIP_LINES = {
    Ownership.OWNED: SsbLine.OWNED,
    Ownership.LEASED: SsbLine.LEASED,
    Ownership.ALLOCATION_RIGHT: SsbLine.ALLOCATION_RIGHT,
}


@dataclass(frozen=True)
class SsbReport:
    year: int
    # Dwellings and the waiting list are counted as they stood at the end of this day.
    counted_on: date
    # Whether the year is still under way (then counted_on is today).
    is_year_under_way: bool
    values: dict[str, int]

    @property
    def lines(self) -> list[tuple[SsbLine, int]]:
        return [(line, self.values[line]) for line in SsbLine]


def dwelling_counts(session: Session, moment: datetime) -> dict[str, int]:
    """Dwellings in the register at `moment`, by ownership, and those a wheelchair user can
    reach and use; dwellings marked as not in use are left out."""
    wheelchair = Dwelling.suitable_bits.op("&")(group_bit(Group.WHEELCHAIR)) != 0
    rows = session.execute(
        select(
            Dwelling.ownership,
            func.count(),
            func.sum(case((wheelchair, 1), else_=0)),
        )
        .where(Dwelling.created_at < moment, Dwelling.status != DwellingStatus.NOT_IN_USE)
        .group_by(Dwelling.ownership)
    ).all()
    values = {line: 0 for line in OWNERSHIP_LINES.values()}
    values.update({OWNERSHIP_LINES[owner]: count for owner, count, _ in rows})
    values[SsbLine.DWELLINGS] = sum(count for _, count, _ in rows)
    values[SsbLine.WHEELCHAIR] = sum(chairs or 0 for _, _, chairs in rows)
    return values


def households_moved_in(session: Session, year: int) -> int:
    """Households that moved into a municipal dwelling in the year for the first time: a
    first tenancy, not a renewal (nor, since only first tenancies count, a move)."""
    days = month_days(year)
    return session.scalar(
        select(func.count())
        .select_from(Tenancy)
        .where(
            Tenancy.starts_on >= days[0],
            Tenancy.starts_on < days[-1],
            Tenancy.renewal_of_id.is_(None),
            Tenancy.is_first.is_(True),
        )
    )


def year_report(session: Session, year: int, *, now: datetime) -> SsbReport:
    """The year's lines for SSB, counted up to `now` if the year is under way."""
    figures = statistics.year_statistics(session, year, now=now)
    moment = figures.counted_to
    granted, waitlisted = figures[Measure.GRANTED].year, figures[Measure.WAITLISTED].year
    values = dwelling_counts(session, moment)
    values.update(
        {
            SsbLine.RECEIVED: figures[Measure.APPLICATIONS_RECEIVED].year,
            SsbLine.GRANTED: granted + waitlisted,
            SsbLine.WAITLISTED: waitlisted,
            SsbLine.REFUSED: figures[Measure.REJECTED].year,
            SsbLine.WAITING: figures[Measure.WAITING_LIST].year or 0,
            SsbLine.MOVED_IN: households_moved_in(session, year),
        }
    )
    under_way = moment == now
    counted_on = (moment - timedelta(microseconds=1)).astimezone(OSLO).date()
    return SsbReport(year, counted_on, under_way, values)


def as_csv(report: SsbReport) -> str:
    """The report as CSV: one line per number, with SSB's meaning in admin/STATISTICS.md."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["line", "value"])
    writer.writerow(["year", report.year])
    writer.writerow(["counted_on", report.counted_on.isoformat()])
    for line, value in report.lines:
        writer.writerow([line.value, safe_cell(value)])
    return out.getvalue()

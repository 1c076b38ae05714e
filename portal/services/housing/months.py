"""Counting rows by Oslo month, the same way on SQLite and PostgreSQL.

Moments are stored in UTC, but a month is an Oslo month: the 13 moments a year's months
start are worked out here in Oslo time, and the database sorts each row into its month with
`CASE WHEN col < february THEN 1 WHEN col < march THEN 2 ...` inside `col >= january AND
col < next january`. Both databases read that alike, and an index on the column serves it.
The one thing they say differently, whole days between two moments, is `whole_days` below.
"""

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Date, Integer, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

OSLO = ZoneInfo("Europe/Oslo")

Number = int | float | None


@dataclass(frozen=True)
class Figure:
    """Twelve monthly values (None for a month that has not begun) and the year's value."""

    months: tuple[Number, ...]
    year: Number


def month_starts(year: int) -> list[datetime]:
    """The 13 moments (UTC) an Oslo year's months start: 1 January to the next 1 January."""
    return [
        datetime(year + month // 12, month % 12 + 1, 1, tzinfo=OSLO).astimezone(UTC)
        for month in range(13)
    ]


def month_days(year: int) -> list[date]:
    """The 13 days a year's months start on, for columns that hold a date."""
    return [date(year + month // 12, month % 12 + 1, 1) for month in range(13)]


def months_begun(year: int, now: datetime) -> int:
    """How many of the year's months have begun by `now`: 12 for a past year."""
    this = now.astimezone(OSLO)
    if year < this.year:
        return 12
    return this.month if year == this.year else 0


def month_of(column, starts: list) -> ColumnElement:
    """1–12: the month of the year bounded by `starts` that a value of `column` falls in."""
    return case(*[(column < start, month) for month, start in enumerate(starts[1:], 1)])


def count_by_month(session: Session, column, starts: list, *where, by=()) -> dict[tuple, int]:
    """How many rows fall in each month, and each value of the columns `by`:
    {(month, *by): count}. Rows outside the year are not read."""
    # Grouped in an outer query: PostgreSQL would not match a GROUP BY that repeats the
    # CASE with parameters of its own.
    inner = (
        select(month_of(column, starts).label("month"), *by)
        .where(column >= starts[0], column < starts[-1], *where)
        .subquery()
    )
    keys = [inner.c.month, *(inner.c[column.key] for column in by)]
    rows = session.execute(select(*keys, func.count()).group_by(*keys))
    return {tuple(row[:-1]): row[-1] for row in rows}


class whole_days(FunctionElement):
    """Whole days from the second moment (or day) to the first: 2 days 23 hours is 2."""

    type = Integer()
    name = "whole_days"
    inherit_cache = True


def _operands(element, compiler, **kw) -> tuple[str, str, bool]:
    later, earlier = element.clauses.clauses
    is_date = isinstance(later.type, Date)
    return compiler.process(later, **kw), compiler.process(earlier, **kw), is_date


@compiles(whole_days, "sqlite")
def _whole_days_sqlite(element, compiler, **kw) -> str:
    later, earlier, _ = _operands(element, compiler, **kw)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(whole_days, "postgresql")
def _whole_days_postgresql(element, compiler, **kw) -> str:
    later, earlier, is_date = _operands(element, compiler, **kw)
    if is_date:
        return f"({later} - {earlier})"
    return f"CAST(floor(EXTRACT(EPOCH FROM {later} - {earlier}) / 86400) AS INTEGER)"


def figure(months: list, begun: int, year: Number = ...) -> Figure:
    """A figure from twelve monthly values; the year's value is their sum unless given."""
    shown = tuple(value if index < begun else None for index, value in enumerate(months))
    if year is ...:
        year = sum(value for value in shown if value is not None)
    return Figure(shown, year)


def summed(counts: dict[tuple, int], begun: int, match=lambda rest: True) -> Figure:
    """A count from `count_by_month`, summed over the `by` values that `match`."""
    months = [0] * 12
    for (month, *rest), count in counts.items():
        if match(tuple(rest)):
            months[month - 1] += count
    return figure(months, begun)


def median(values: list) -> Number:
    """The median to one decimal (the mean of the middle two when there is an even number)."""
    return _tidy(statistics.median(values)) if values else None


def _tidy(value: float) -> Number:
    """To one decimal, and a whole number written as one (4, not 4.0)."""
    value = round(value, 1)
    return int(value) if value == int(value) else value


def median_of_counts(counts: dict[int, int]) -> Number:
    """The median of values given as {value: how many times}, like `median`."""
    total = sum(counts.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value in sorted(counts):
        while len(found) < 2 and middle[len(found)] < seen + counts[value]:
            found.append(value)
        seen += counts[value]
    return _tidy((found[0] + found[1]) / 2)


def percent(part: Number, whole: Number) -> Number:
    return _tidy(100 * part / whole) if whole else None


def oslo_day(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet reads as text or a number, never as a formula."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text

"""The housing plan's numbers for one year, month by month and for the year: applications
and decisions, the waiting list, offers, tenancies, guidance bookings and start loans.
Counts and medians only, never a person.

Counts are made by the database, month by month (months.py); where a median is needed, the
year's rows are read once and sorted into months here.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from portal.models import (
    Booking,
    Case,
    CaseSummary,
    Decision,
    GuidanceSlot,
    HousingNeed,
    Offer,
    StartLoanDecision,
    Tenancy,
)
from portal.models.booking import Attendance, Channel, Topic
from portal.models.case import (
    ENDED_STATUSES,
    CaseKind,
    CaseStatus,
    DecisionOutcome,
    PriorityFlag,
    flag_bit,
)
from portal.models.choices import Choice
from portal.models.housing import OfferStatus, TenancyEnd
from portal.services.housing import start_loans
from portal.services.housing.months import (
    OSLO,
    Figure,
    Number,
    count_by_month,
    figure,
    median,
    median_of_counts,
    month_days,
    month_of,
    month_starts,
    months_begun,
    oslo_day,
    percent,
    safe_cell,
    summed,
    whole_days,
)

# The first year the statistics may be asked for.
FIRST_YEAR = 2000


class Measure(Choice):
    """A figure counted per month and for the year: its CSV column and its words for staff."""

    APPLICATIONS_RECEIVED = "applications_received", _l("Søknader mottatt")
    APPLICATIONS_DECIDED = "applications_decided", _l("Søknader med vedtak")
    MEDIAN_DAYS_TO_DECISION = "median_days_to_decision", _l("Median dager til vedtak")
    GRANTED = "granted", _l("Innvilget")
    WAITLISTED = "waitlisted", _l("Venteliste")
    REJECTED = "rejected", _l("Avslag")
    GRANTED_WITH_CHILDREN_PERCENT = (
        "granted_with_children_percent",
        _l("Andel innvilget til barnefamilier (%)"),
    )
    WAITING_LIST = "waiting_list", _l("På venteliste ved månedens slutt")
    MEDIAN_DAYS_WAITING = "median_days_waiting", _l("Median ventetid (dager)")
    OFFERS_MADE = "offers_made", _l("Tilbud gitt")
    OFFERS_ACCEPTED = "offers_accepted", _l("Takket ja")
    OFFERS_DECLINED = "offers_declined", _l("Takket nei")
    OFFERS_EXPIRED = "offers_expired", _l("Fristen gikk ut")
    TENANCIES_STARTED = "tenancies_started", _l("Leieforhold startet")
    TENANCIES_RENEWED = "tenancies_renewed", _l("Kontrakter fornyet")
    TENANCIES_ENDED = "tenancies_ended", _l("Leieforhold avsluttet")
    BOOKINGS = "bookings", _l("Bestilte timer")
    NO_SHOWS = "no_shows", _l("Møtte ikke")
    CALLBACKS = "callbacks", _l("Ønsker om å bli ringt")
    START_LOANS_GRANTED = "start_loans_granted", _l("Startlån innvilget")
    START_LOANS_TO_FAMILIES = "start_loans_to_families", _l("Av dem til barnefamilier")
    START_LOANS_FAMILIES_PERCENT = (
        "start_loans_families_percent",
        _l("Andel til barnefamilier (%)"),
    )
    START_LOANS_REJECTED = "start_loans_rejected", _l("Startlån avslått")


def topic_key(topic: str) -> str:
    return f"bookings_topic_{topic}"


def channel_key(channel: str) -> str:
    return f"bookings_channel_{channel}"


# Every column of the CSV, in order: the measures, then bookings by topic and by channel.
COLUMNS = (
    *Measure.values(),
    *(topic_key(topic) for topic in Topic.values()),
    *(channel_key(channel) for channel in Channel.values()),
)


@dataclass(frozen=True)
class YearStatistics:
    year: int
    # How many of the year's months have begun (12 for a past year).
    months_begun: int
    # The moment the figures run to: the end of the year, or now for this year.
    counted_to: datetime
    figures: dict[str, Figure]
    # Applicants without a home today (not a monthly figure).
    homeless_now: int

    def __getitem__(self, key: str) -> Figure:
        return self.figures[key]

    @property
    def months(self) -> list[date]:
        return month_days(self.year)[:12]

    @property
    def last_day(self) -> date:
        """The Oslo day the figures run to: 31 December, or today."""
        return oslo_day(self.counted_to - timedelta(microseconds=1))


def years_with_data(session: Session, *, now: datetime) -> list[int]:
    """The years the statistics can show, newest first: this year back to the first with data."""
    this_year = now.astimezone(OSLO).year
    firsts = [
        session.scalar(select(func.min(Case.created_at))),
        session.scalar(select(func.min(CaseSummary.received_on))),
        session.scalar(select(func.min(StartLoanDecision.decided_on))),
    ]
    years = [
        (first.astimezone(OSLO) if isinstance(first, datetime) else first).year
        for first in firsts
        if first is not None
    ]
    first_year = max(min([this_year, *years]), FIRST_YEAR)
    return list(range(this_year, first_year - 1, -1))


def is_valid_year(year: int | None, *, now: datetime) -> bool:
    return year is not None and FIRST_YEAR <= year <= now.astimezone(OSLO).year


def year_statistics(session: Session, year: int, *, now: datetime) -> YearStatistics:
    """Every figure of `year`, month by month and for the year, counted up to `now`."""
    starts, days = month_starts(year), month_days(year)
    counted_to = min(starts[-1], now)
    begun = months_begun(year, now)
    figures: dict[str, Figure] = {}
    figures.update(_received(session, starts, days, begun))
    figures.update(_decisions(session, starts, days, begun))
    figures.update(_waiting_list(session, starts, begun, counted_to))
    figures.update(_offers(session, starts, begun))
    figures.update(_tenancies(session, days, begun))
    figures.update(_bookings(session, starts, days, begun))
    figures.update(start_loans.figures(session, year, begun))
    return YearStatistics(year, begun, counted_to, figures, homeless_now(session))


def _received(session, starts, days, begun) -> dict[str, Figure]:
    """Applications and call-back requests that came in each month, with the summaries of
    deleted ones."""
    kinds = (CaseKind.APPLICATION, CaseKind.CALLBACK)
    live = count_by_month(session, Case.created_at, starts, Case.kind.in_(kinds), by=(Case.kind,))
    purged = count_by_month(
        session, CaseSummary.received_on, days, CaseSummary.kind.in_(kinds), by=(CaseSummary.kind,)
    )
    figures = {}
    for measure, kind in zip(
        (Measure.APPLICATIONS_RECEIVED, Measure.CALLBACKS), kinds, strict=True
    ):
        months = [live.get((m, kind), 0) + purged.get((m, kind), 0) for m in range(1, 13)]
        figures[measure] = figure(months, begun)
    return figures


def first_decisions(session: Session, starts, days) -> dict[tuple, int]:
    """How many applications had their first decision in each month of the year, by
    outcome, whether the household has children, and whole days from the application to
    the decision: {(month, outcome, has children, days): count}. Deleted cases' summaries
    are counted by their days."""
    children = flag_bit(PriorityFlag.CHILDREN)
    earlier = aliased(Decision)
    # Only applications are decided (services/casework/decisions.py), so the kind is not
    # asked: that lets the database start from the year's decisions, not every application.
    live = count_by_month(
        session,
        Decision.decided_at,
        starts,
        Case.id == Decision.case_id,
        ~exists().where(earlier.case_id == Decision.case_id, earlier.id < Decision.id),
        by=(
            Decision.outcome,
            (Case.flag_bits.op("&")(children) != 0).label("has_children"),
            whole_days(Decision.decided_at, Case.created_at).label("days"),
        ),
    )
    purged = count_by_month(
        session,
        CaseSummary.decided_on,
        days,
        CaseSummary.kind == CaseKind.APPLICATION,
        by=(
            CaseSummary.outcome,
            (CaseSummary.flag_bits.op("&")(children) != 0).label("has_children"),
            whole_days(CaseSummary.decided_on, CaseSummary.received_on).label("days"),
        ),
    )
    counts: dict[tuple, int] = {}
    for (month, outcome, has_children, waited), count in [*live.items(), *purged.items()]:
        key = (month, outcome, bool(has_children), waited)
        counts[key] = counts.get(key, 0) + count
    return counts


def _decisions(session, starts, days, begun) -> dict[str, Figure]:
    counts = first_decisions(session, starts, days)
    # Per month (0 for the whole year): {days: how many}, and granted with / without children.
    waited: list[dict[int, int]] = [{} for _ in range(13)]
    granted: list[list[int]] = [[0, 0] for _ in range(13)]
    for (month, outcome, has_children, days_), count in counts.items():
        for index in (0, month):
            waited[index][days_] = waited[index].get(days_, 0) + count
            if outcome == DecisionOutcome.GRANTED:
                granted[index][has_children] += count
    medians = [median_of_counts(w) for w in waited]
    shares = [percent(with_children, without + with_children) for without, with_children in granted]
    figures = {
        Measure.APPLICATIONS_DECIDED: summed(counts, begun),
        Measure.MEDIAN_DAYS_TO_DECISION: figure(medians[1:], begun, medians[0]),
        Measure.GRANTED_WITH_CHILDREN_PERCENT: figure(shares[1:], begun, shares[0]),
    }
    for measure, outcome in (
        (Measure.GRANTED, DecisionOutcome.GRANTED),
        (Measure.WAITLISTED, DecisionOutcome.WAITLISTED),
        (Measure.REJECTED, DecisionOutcome.REJECTED),
    ):
        figures[measure] = summed(counts, begun, lambda key, o=outcome: key[0] == o)
    return figures


def waiting_list_at(session: Session, moments: list[datetime]) -> list[tuple[int, Number]]:
    """For each of `moments` (in order): how many households were on the waiting list
    then, and the median of how many whole days they had waited. A household is on the
    list from its decision (created_at) until it is housed or taken off (ended_at)."""
    if not moments:
        return []
    last = len(moments)
    # The first of the moments the household was on the list at, and the first it was not.
    joined = case(*[(HousingNeed.created_at <= m, i) for i, m in enumerate(moments)], else_=last)
    left = case(
        (HousingNeed.ended_at.is_(None), last),
        *[(HousingNeed.ended_at <= m, i) for i, m in enumerate(moments)],
        else_=last,
    )
    rows = session.execute(
        select(joined, left, HousingNeed.waiting_since)
        .where(
            HousingNeed.created_at <= moments[-1],
            or_(HousingNeed.ended_at.is_(None), HousingNeed.ended_at > moments[0]),
        )
        .order_by(HousingNeed.waiting_since)
    )
    since: list[list[datetime]] = [[] for _ in moments]
    for first, gone, waiting_since in rows:
        for index in range(first, gone):
            since[index].append(waiting_since)
    # In the order they began waiting, so the middle one or two give the median.
    return [
        (len(waits), median([(moment - at).days for at in _middles(waits)]))
        for moment, waits in zip(moments, since, strict=True)
    ]


def _middles(values: list) -> list:
    """The middle one (odd count) or two (even count) of sorted values; none of none."""
    return values[(len(values) - 1) // 2 : len(values) // 2 + 1]


def _waiting_list(session, starts, begun, counted_to) -> dict[str, Figure]:
    """The list as it stood at the end of each month (now, for the month under way)."""
    at_ends = waiting_list_at(session, [min(starts[m + 1], counted_to) for m in range(begun)])
    last = at_ends[-1] if at_ends else (None, None)
    at_ends += [(None, None)] * (12 - begun)
    return {
        Measure.WAITING_LIST: Figure(tuple(count for count, _ in at_ends), last[0]),
        Measure.MEDIAN_DAYS_WAITING: Figure(tuple(days for _, days in at_ends), last[1]),
    }


def _offers(session, starts, begun) -> dict[str, Figure]:
    """Offers made in each month, and answered (or run out) in each month."""
    made = count_by_month(session, Offer.made_at, starts)
    answers = (OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED)
    answered = count_by_month(
        session, Offer.answered_at, starts, Offer.status.in_(answers), by=(Offer.status,)
    )
    figures = {Measure.OFFERS_MADE: summed(made, begun)}
    for measure, status in zip(
        (Measure.OFFERS_ACCEPTED, Measure.OFFERS_DECLINED, Measure.OFFERS_EXPIRED),
        answers,
        strict=True,
    ):
        figures[measure] = summed(answered, begun, lambda key, s=status: key == (s,))
    return figures


def _tenancies(session, days, begun) -> dict[str, Figure]:
    """New tenancies and renewals by the day they start; tenancies that really ended (not
    the old contract of a renewal) by the day they ended."""
    renewal = case((Tenancy.renewal_of_id.is_(None), 0), else_=1).label("is_renewal")
    started = count_by_month(session, Tenancy.starts_on, days, by=(renewal,))
    ended = count_by_month(
        session, Tenancy.ended_on, days, Tenancy.end_reason != TenancyEnd.RENEWED
    )
    return {
        Measure.TENANCIES_STARTED: summed(started, begun, lambda key: key == (0,)),
        Measure.TENANCIES_RENEWED: summed(started, begun, lambda key: key == (1,)),
        Measure.TENANCIES_ENDED: summed(ended, begun),
    }


def _bookings(session, starts, days, begun) -> dict[str, Figure]:
    """Guidance times booked and not cancelled, in the month of the time, by topic and
    channel, and those the resident did not come to; call-backs asked for, by month."""
    inner = (
        select(
            month_of(GuidanceSlot.starts_at, starts).label("month"),
            GuidanceSlot.topic,
            GuidanceSlot.channel,
            Booking.attendance,
        )
        .join(GuidanceSlot, GuidanceSlot.id == Booking.slot_id)
        .where(
            Booking.cancelled_at.is_(None),
            GuidanceSlot.starts_at >= starts[0],
            GuidanceSlot.starts_at < starts[-1],
        )
        .subquery()
    )
    keys = [inner.c.month, inner.c.topic, inner.c.channel, inner.c.attendance]
    counts = {
        tuple(row[:-1]): row[-1]
        for row in session.execute(select(*keys, func.count()).group_by(*keys))
    }
    figures = {
        Measure.BOOKINGS: summed(counts, begun),
        Measure.NO_SHOWS: summed(counts, begun, lambda key: key[2] == Attendance.NO_SHOW),
    }
    for topic in Topic.values():
        figures[topic_key(topic)] = summed(counts, begun, lambda key, t=topic: key[0] == t)
    for channel in Channel.values():
        figures[channel_key(channel)] = summed(counts, begun, lambda key, c=channel: key[1] == c)
    return figures


def homeless_now(session: Session) -> int:
    """Applicants registered as having no home now: their case has not ended, and they
    have no current tenancy."""
    current_tenancy = exists().where(Tenancy.case_id == Case.id, Tenancy.ended_on.is_(None))
    return session.scalar(
        select(func.count())
        .select_from(Case)
        .where(
            Case.kind == CaseKind.APPLICATION,
            # Named, not "not ended", so an index on the status can serve it.
            Case.status.in_([status for status in CaseStatus if status not in ENDED_STATUSES]),
            Case.flag_bits.op("&")(flag_bit(PriorityFlag.HOMELESS)) != 0,
            ~current_tenancy,
        )
    )


def as_csv(statistics: YearStatistics) -> str:
    """The year's figures as CSV: a row per month (`2026-01`) and one for the year (`2026`),
    a column per figure. Counts and medians only; an empty cell is a month not yet begun."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["period", *COLUMNS])
    for index, first in enumerate(statistics.months):
        values = [statistics[key].months[index] for key in COLUMNS]
        writer.writerow([first.strftime("%Y-%m"), *map(safe_cell, values)])
    writer.writerow([statistics.year, *(safe_cell(statistics[key].year) for key in COLUMNS)])
    return out.getvalue()

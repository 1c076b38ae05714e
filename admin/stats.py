"""Statistics (caseworkers and admins): the housing plan's numbers per month and for a year,
each chart with its table, the same numbers as CSV, the year's numbers for Statistics
Norway, and the start-loan decisions staff record for the plan's target."""

from collections.abc import Callable
from datetime import datetime

from babel.numbers import get_decimal_symbol, get_group_symbol
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from admin import bp, current_actor
from admin.access import requires
from admin.forms.stats import StartLoanForm, YearForm
from portal.db import db, utcnow
from portal.models.booking import Channel, Topic
from portal.models.housing import StartLoanOutcome
from portal.permissions import Permission
from portal.query_values import whole_number
from portal.services.housing import charts, ssb, start_loans, statistics
from portal.services.housing.charts import Series
from portal.services.housing.months import OSLO
from portal.services.housing.statistics import Measure, YearStatistics


def _year_asked(now: datetime) -> tuple[int, bool]:
    """The year in the address (this year if none), and whether a year given was refused."""
    given = request.args.get("year")
    year = whole_number(given)
    if given is None or statistics.is_valid_year(year, now=now):
        return (year if given is not None else now.astimezone(OSLO).year), False
    return now.astimezone(OSLO).year, True


def _csv_year(now: datetime) -> int:
    year, refused = _year_asked(now)
    if refused:
        abort(400)
    return year


def _year_form(now: datetime, year: int) -> YearForm:
    form = YearForm(formdata=None, year=str(year))
    years = statistics.years_with_data(db.session, now=now)
    years = list(range(years[0], min(years[-1], year) - 1, -1))
    form.year.choices = [(str(y), str(y)) for y in years]
    return form


def _csv(body: str, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/stats")
@requires(Permission.SEE_STATISTICS)
def stats():
    now = utcnow()
    year, refused = _year_asked(now)
    figures = statistics.year_statistics(db.session, year, now=now)
    return render_template(
        "admin/stats/year.html",
        figures=figures,
        charts=year_charts(figures),
        form=_year_form(now, year),
        refused_year=refused,
        target=start_loans.TARGET_PERCENT,
        topics=Topic,
        channels=Channel,
        topic_key=statistics.topic_key,
        channel_key=statistics.channel_key,
        measures=Measure,
        number=_number_writer(),
    )


@bp.get("/stats.csv")
@requires(Permission.SEE_STATISTICS)
def stats_csv():
    now = utcnow()
    year = _csv_year(now)
    figures = statistics.year_statistics(db.session, year, now=now)
    return _csv(statistics.as_csv(figures), f"statistikk-{year}.csv")


@bp.get("/stats/ssb")
@requires(Permission.SEE_STATISTICS)
def ssb_report():
    now = utcnow()
    year, refused = _year_asked(now)
    return render_template(
        "admin/stats/ssb.html",
        report=ssb.year_report(db.session, year, now=now),
        form=_year_form(now, year),
        refused_year=refused,
        number=_number_writer(),
    )


@bp.get("/stats/ssb.csv")
@requires(Permission.SEE_STATISTICS)
def ssb_csv():
    now = utcnow()
    year = _csv_year(now)
    return _csv(ssb.as_csv(ssb.year_report(db.session, year, now=now)), f"ssb-{year}.csv")


@bp.route("/stats/start-loans", methods=["GET", "POST"])
@requires(Permission.HANDLE_CASES)
def start_loan_decisions():
    now = utcnow()
    form = StartLoanForm()
    if form.validate_on_submit():
        given = start_loans.StartLoanInput(
            decided_on=form.decided_on.data,
            outcome=form.outcome.data,
            family_with_children=form.family_with_children.data == "yes",
            amount=form.kroner,
        )
        try:
            start_loans.record_decision(
                db.session,
                given,
                actor=current_actor(),
                today=now.astimezone(OSLO).date(),
                now=now,
            )
        except start_loans.InvalidStartLoan as refusal:
            form[refusal.field].errors.append(_("Sjekk dette svaret og prøv igjen."))
        else:
            flash(_("Startlånsvedtaket er registrert."))
            return redirect(url_for(".start_loan_decisions", year=given.decided_on.year))
    year, refused = _year_asked(now)
    return render_template(
        "admin/stats/start_loans.html",
        form=form,
        year_form=_year_form(now, year),
        refused_year=refused,
        year=year,
        decisions=start_loans.decisions_in(db.session, year),
        start_loan_outcomes=StartLoanOutcome.labels(),
    )


def _number_writer() -> Callable[[object], str]:
    """Writes a figure as the page's language does (12 345; 3,5), "–" for none. Figures are
    whole or have one decimal, so Python formats them and Babel only gives the symbols,
    once a page: far quicker than Babel for each of a page's hundreds of figures."""
    locale = get_locale()
    group, point = get_group_symbol(locale), get_decimal_symbol(locale)

    def number(value) -> str:
        if value is None:
            return "–"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
        return text.replace(",", "\0").replace(".", point).replace("\0", group)

    return number


def _month_labels(figures: YearStatistics) -> list[str]:
    return [format_date(first, "LLL") for first in figures.months]


def _description(labels: list[str], values, rows_text: str, number) -> str:
    """What a chart shows in words: the highest row, for a screen reader and for anyone
    who cannot tell the bars apart; the table beside it has every number."""
    known = [(value, label) for label, value in zip(labels, values, strict=True) if value]
    if not known:
        return _(
            "%(rows)s Alle tallene er 0 eller mangler. Tallene står i tabellen.", rows=rows_text
        )
    value, label = max(known, key=lambda pair: pair[0])
    return _(
        "%(rows)s Høyest i %(label)s: %(value)s. Alle tallene står i tabellen.",
        rows=rows_text,
        label=label,
        value=number(value),
    )


def _totals(series: list[Series]) -> list:
    return [
        sum(value for value in column if value is not None) or None
        for column in zip(*(one.values for one in series), strict=True)
    ]


def year_charts(figures: YearStatistics) -> dict[str, object]:
    """The page's charts, each drawn from the same figures its table shows."""
    months = _month_labels(figures)
    number = _number_writer()
    year = figures.year

    def chart(chart_id, title, rows_text, labels, series, **options):
        values = series[0].values if len(series) == 1 else _totals(series)
        return charts.bar_chart(
            chart_id=chart_id,
            title=title,
            description=_description(labels, values, rows_text, number),
            labels=labels,
            series=series,
            value_text=number,
            **options,
        )

    def monthly(*measures) -> list[Series]:
        return [Series(str(Measure(m).label), figures[m].months) for m in measures]

    per_month = _("Én stolpe per måned.")
    stacked = _("Én stolpe per måned, delt etter utfall.")
    topics = [str(topic.label) for topic in Topic]
    return {
        "received": chart(
            "chart-received",
            _("Søknader mottatt per måned i %(year)s", year=year),
            per_month,
            months,
            monthly(Measure.APPLICATIONS_RECEIVED),
        ),
        "outcomes": chart(
            "chart-outcomes",
            _("Vedtak per måned i %(year)s, etter utfall", year=year),
            stacked,
            months,
            monthly(Measure.GRANTED, Measure.WAITLISTED, Measure.REJECTED),
        ),
        "waiting": chart(
            "chart-waiting",
            _("Husstander på venteliste ved slutten av hver måned i %(year)s", year=year),
            per_month,
            months,
            monthly(Measure.WAITING_LIST),
        ),
        "offers": chart(
            "chart-offers",
            _("Svar på tilbud om bolig per måned i %(year)s", year=year),
            stacked,
            months,
            monthly(Measure.OFFERS_ACCEPTED, Measure.OFFERS_DECLINED, Measure.OFFERS_EXPIRED),
        ),
        "bookings": chart(
            "chart-bookings",
            _("Bestilte veiledningstimer per måned i %(year)s, etter kanal", year=year),
            _("Én stolpe per måned, delt etter om timen var oppmøte, telefon eller video."),
            months,
            [Series(str(c.label), figures[statistics.channel_key(c)].months) for c in Channel],
        ),
        "topics": chart(
            "chart-topics",
            _("Bestilte veiledningstimer i %(year)s, etter tema", year=year),
            _("Én stolpe per tema."),
            topics,
            [Series("", [figures[statistics.topic_key(t)].year for t in Topic])],
        ),
        "start_loans": chart(
            "chart-start-loans",
            _("Andel av innvilgede startlån som gikk til barnefamilier, %(year)s", year=year),
            _("Én stolpe per måned, i prosent. Den stiplede streken er målet på %(target)s %%.",
              target=start_loans.TARGET_PERCENT),
            months,
            monthly(Measure.START_LOANS_FAMILIES_PERCENT),
            top=100,
            target=start_loans.TARGET_PERCENT,
            target_text=_("Mål %(target)s %%", target=start_loans.TARGET_PERCENT),
        ),
    }  # fmt: skip

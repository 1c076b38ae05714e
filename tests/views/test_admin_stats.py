"""Statistics pages (admin/stats.py): the year's tables and charts, the CSVs, the numbers for
SSB and the start-loan form, read the way a person would, through the parsed HTML."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.models import StartLoanDecision
from portal.services.housing.months import OSLO
from tests.html import csrf_token, error_summary_links, form_with_token, parse, text_of
from tests.staff import make_staff, sign_in
from tests.statistics_data import application, decide, dwelling, oslo, start_loan

YEAR = 2025


@pytest.fixture
def staff(client, data):
    sign_in(client, make_staff(data, "caseworker", name="Sara Saksbehandler"))
    return client


@pytest.fixture
def known(data):
    """Two applications from named residents, one decided; a dwelling; two start loans."""
    family = application(data, oslo(YEAR, 3, 1, 10), flags=("children",), status="decided")
    family.name, family.phone, family.email = "Amina Yusuf", "91234567", "amina@example.no"
    data.commit()
    decide(data, family, "granted", oslo(YEAR, 3, 4, 9))
    application(data, oslo(YEAR, 3, 2, 10))
    dwelling(data, ownership="leased")
    start_loan(data, date(YEAR, 2, 3), amount=1_000_000)
    start_loan(data, date(YEAR, 2, 10), family=False)
    return family


def table_with_caption(page, words: str):
    for table in page.select("table"):
        if words in text_of(table.caption):
            return table
    raise AssertionError(f"no table captioned {words!r}")


def row_cells(table, header: str) -> list[str]:
    for row in table.select("tbody tr"):
        if text_of(row.th) == header:
            return [text_of(cell) for cell in row.select("td")]
    raise AssertionError(f"no row {header!r}")


def test_the_year_page_shows_each_month_and_the_year_in_a_table(staff, known):
    page = parse(staff.get(f"/admin/stats?year={YEAR}"))

    assert text_of(page.h1) == f"Statistikk {YEAR}"
    table = table_with_caption(page, "Søknader og vedtak per måned")
    headers = [text_of(th) for th in table.select("thead th")]
    assert headers[:3] == ["Måned", "Søknader mottatt", "Søknader med vedtak"]
    assert row_cells(table, "mars")[:3] == ["2", "1", "1"]
    assert row_cells(table, "Hele året")[0] == "2"
    assert row_cells(table, "mars")[6] == "100"  # per cent of granted to families
    loans = table_with_caption(page, "Startlån per måned")
    assert row_cells(loans, "februar") == ["2", "1", "50", "0"]


def test_each_chart_is_an_image_with_a_title_and_a_description(staff, known):
    page = parse(staff.get(f"/admin/stats?year={YEAR}"))

    charts = page.select("svg[role=img]")
    assert len(charts) == 7
    for chart in charts:
        title_id, desc_id = chart["aria-labelledby"].split()
        assert text_of(chart.find("title", id=title_id))
        assert "tabellen" in text_of(chart.find("desc", id=desc_id))
    received = page.find("title", string=f"Søknader mottatt per måned i {YEAR}")
    assert "Høyest i mar: 2" in text_of(received.parent.desc)


def test_a_chart_stands_beside_the_table_with_its_numbers(staff, known):
    page = parse(staff.get(f"/admin/stats?year={YEAR}"))

    figure = page.find("svg", attrs={"aria-labelledby": "chart-waiting-title chart-waiting-desc"})
    beside = figure.find_parent(class_="stats-figure").select_one("table")
    assert "Venteliste ved slutten av hver måned" in text_of(beside.caption)


def test_the_csv_has_the_same_numbers_and_nothing_about_a_person(staff, known):
    response = staff.get(f"/admin/stats.csv?year={YEAR}")

    assert response.mimetype == "text/csv"
    assert f"statistikk-{YEAR}.csv" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["period"] for row in rows][-1] == str(YEAR)
    assert rows[2]["applications_received"] == "2"
    assert rows[-1]["start_loans_families_percent"] == "50"
    for personal in ("Amina", "Yusuf", "91234567", "amina@example.no", known.reference):
        assert personal not in text


def test_the_ssb_page_says_whose_definitions_and_which_day_it_counts(staff, known):
    page = parse(staff.get(f"/admin/stats/ssb?year={YEAR}"))

    assert "Tabellen følger SSBs definisjoner" in text_of(page.main)
    assert f"31. desember {YEAR}" in text_of(page.select_one("[data-counted-on]"))
    table = page.select_one("table")
    assert row_cells(table, "Boliger kommunen leier inn og leier ut videre") == ["1"]
    assert row_cells(table, "Søknader om kommunal bolig mottatt") == ["2"]
    assert row_cells(table, "Søknader innvilget (vedtak om kommunal bolig)") == ["1"]


def test_the_ssb_csv_has_one_line_per_number_and_no_person(staff, known):
    response = staff.get(f"/admin/stats/ssb.csv?year={YEAR}")

    rows = dict(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows["dwellings_leased"] == "1"
    assert rows["applications_received"] == "2"
    assert "Amina" not in response.get_data(as_text=True)


@pytest.mark.parametrize("year", ["99999999999", "abc", "x" * 10_000, "1999", "-1", "٣"])
def test_a_year_that_is_not_there_shows_this_year_and_says_so(staff, year):
    response = staff.get("/admin/stats", query_string={"year": year})

    assert response.status_code == 200
    page = parse(response)
    this_year = datetime.now(OSLO).year
    assert text_of(page.h1) == f"Statistikk {this_year}"
    assert "Vi har ikke statistikk for det året du ba om" in text_of(page.select_one(".notice"))


@pytest.mark.parametrize("path", ["/admin/stats.csv", "/admin/stats/ssb.csv"])
@pytest.mark.parametrize("year", ["99999999999", "abc", "2999"])
def test_a_csv_of_a_year_that_is_not_there_is_a_bad_request(staff, path, year):
    assert staff.get(path, query_string={"year": year}).status_code == 400


def test_the_year_chooser_is_a_get_form_with_the_years_there_is_data_for(staff, known):
    page = parse(staff.get(f"/admin/stats?year={YEAR}"))

    chooser = page.select_one("form.stats-year")
    assert chooser["method"] == "get"
    options = [option["value"] for option in chooser.select("#year option")]
    assert options[-1] == str(YEAR) and options[0] == str(datetime.now(OSLO).year)
    assert chooser.select_one("#year option[selected]")["value"] == str(YEAR)


def start_loan_form(token, **changes):
    return {
        "csrf_token": token,
        "decided_on": f"{YEAR}-05-20",
        "outcome": "granted",
        "family_with_children": "yes",
        "amount": "1 250 000",
        **changes,
    }


def test_recording_a_start_loan_decision_lists_it_for_its_year(staff, data):
    _, token = form_with_token(staff, "/admin/stats/start-loans")

    response = staff.post("/admin/stats/start-loans", data=start_loan_form(token))

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/stats/start-loans?year={YEAR}")
    stored = data.scalars(select(StartLoanDecision)).one()
    assert (stored.amount, stored.family_with_children) == (1_250_000, True)
    page = parse(staff.get(response.headers["Location"]))
    assert "Startlånsvedtaket er registrert." in text_of(page.select_one(".notice"))
    cells = [text_of(td) for td in page.select("table tbody tr td")]
    assert cells == ["20.05.2025", "Innvilget", "Ja", "1 250 000 kr"]


def test_a_wrong_start_loan_form_keeps_what_was_typed_and_links_each_error(staff, data):
    _, token = form_with_token(staff, "/admin/stats/start-loans")
    typed = start_loan_form(token, decided_on="2025-02-31", outcome="rejected",
                            family_with_children="", amount="tusen")  # fmt: skip

    page = parse(staff.post("/admin/stats/start-loans", data=typed))

    assert error_summary_links(page) == {
        "decided_on": "Skriv datoen vedtaket ble fattet, slik: 2026-03-15.",
        "family_with_children-0": "Svar om søkeren er en barnefamilie.",
        "amount": "Et avslag har ikke beløp. Ta bort beløpet.",
    }
    assert page.select_one("#decided_on")["value"] == "2025-02-31"
    assert page.select_one("#amount")["value"] == "tusen"
    assert page.select_one("#outcome-1").has_attr("checked")
    assert page.title.string.startswith("Feil: ")
    assert data.scalars(select(StartLoanDecision)).all() == []


def test_a_start_loan_decided_in_the_future_is_refused(staff, data):
    _, token = form_with_token(staff, "/admin/stats/start-loans")
    later = (date.today() + timedelta(days=2)).isoformat()

    page = parse(
        staff.post("/admin/stats/start-loans", data=start_loan_form(token, decided_on=later))
    )

    assert error_summary_links(page) == {"decided_on": "Skriv en dato fra 2000 til i dag."}


def test_the_start_loan_form_needs_its_csrf_token(staff, data):
    page = parse(staff.get("/admin/stats/start-loans"))
    assert csrf_token(page)

    response = staff.post("/admin/stats/start-loans", data=start_loan_form("forged"))

    assert response.status_code in (200, 400)
    assert data.scalars(select(StartLoanDecision)).all() == []


def test_the_menu_leads_caseworkers_to_the_statistics(staff):
    page = parse(staff.get("/admin/"))

    links = {text_of(a): a["href"] for a in page.select(".staff-nav a")}
    assert links["Statistikk"] == "/admin/stats"


def test_editors_may_not_see_the_statistics(client, data):
    sign_in(client, make_staff(data, "editor"))

    assert client.get("/admin/stats").status_code == 403
    assert client.get("/admin/stats/start-loans").status_code == 403

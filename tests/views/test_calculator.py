from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portal.db import db
from portal.services.information.interest_rate import InterestRate, save_rate
from tests.html import error_summary_links, parse, text_of


@pytest.fixture
def rate(app):
    with app.app_context():
        save_rate(
            db.session, InterestRate(Decimal("4.9"), date(2026, 11, 1)), now=datetime.now(UTC)
        )


def test_the_rate_staff_set_is_the_default_and_its_date_is_shown(client, rate):
    page = parse(client.get("/nb/calculator"))

    assert page.find("input", id="rate")["value"] == "4,9"
    assert "1. november 2026" in text_of(page.find(id="rate-hint"))
    assert page.select_one(".summary-figures") is None


def test_the_years_start_at_the_usual_start_loan_term_of_30(client, rate):
    # Forskrift om lån fra Husbanken § 8-5: up to 30 years, 50 only in special cases.
    page = parse(client.get("/nb/calculator"))

    assert page.find("input", id="years")["value"] == "30"


def test_amounts_written_the_norwegian_way_give_the_monthly_cost(client, rate):
    page = parse(client.get("/nb/calculator?amount=2+000+000+kr&years=30&rate=5,0"))

    figures = [text_of(dd) for dd in page.select(".summary-figures dd")]
    assert figures[0].replace("\u202f", " ") == "10 736 kr"
    assert len(page.select("table tbody tr")) == 24
    assert page.find("input", id="amount")["value"] == "2 000 000 kr"


def test_wrong_values_are_explained_and_kept_as_typed(client, rate):
    response = client.get("/en/calculator?amount=lots&years=99&rate=")

    page = parse(response)
    assert response.status_code == 200
    assert set(error_summary_links(page)) == {"amount", "years", "rate"}
    assert page.find("input", id="amount")["value"] == "lots"
    assert page.find("input", id="years")["aria-invalid"] == "true"
    assert page.select_one(".summary-figures") is None


def test_the_calculator_works_before_staff_have_set_a_rate(client):
    page = parse(client.get("/nb/calculator"))

    assert page.find("input", id="rate")["value"] == ""

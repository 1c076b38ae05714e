from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portal.services.information.interest_rate import InterestRate, current_rate, save_rate
from portal.services.information.loan_calculator import estimate


def test_an_annuity_loan_costs_the_same_every_month():
    result = estimate(2_000_000, 30, Decimal(5)).annuity

    assert result.first_payment == result.last_payment == 10_736
    assert result.total_interest == 1_865_116


def test_a_serial_loan_costs_more_at_first_and_less_interest_in_all():
    annuity, serial = (
        estimate(2_000_000, 30, Decimal(5)).annuity,
        estimate(2_000_000, 30, Decimal(5)).serial,
    )

    assert serial.first_payment == 13_889
    assert serial.last_payment == 5_579
    assert serial.total_interest == 1_504_167 < annuity.total_interest


def test_the_first_year_table_has_twelve_months_that_add_up():
    first_year = estimate(1_000_000, 20, Decimal("4.9")).annuity.first_year

    assert [month.number for month in first_year] == list(range(1, 13))
    for month in first_year:
        assert abs(month.payment - month.interest - month.principal) <= 1
    assert first_year[0].remaining > first_year[-1].remaining


def test_a_loan_without_interest_is_paid_back_in_equal_parts():
    result = estimate(120_000, 1, Decimal(0)).annuity

    assert result.first_payment == 10_000
    assert result.total_interest == 0


@pytest.mark.parametrize(
    ("amount", "years", "rate"),
    [
        (9_999, 20, Decimal(5)),
        (1_000_000, 0, Decimal(5)),
        (1_000_000, 51, Decimal(5)),
        (1_000_000, 20, Decimal(-1)),
    ],
)
def test_values_outside_what_the_page_allows_are_refused(amount, years, rate):
    with pytest.raises(ValueError):
        estimate(amount, years, rate)


def test_the_rate_staff_set_is_remembered_with_its_date(session):
    assert current_rate(session) is None

    save_rate(session, InterestRate(Decimal("4.9"), date(2026, 11, 1)), now=datetime.now(UTC))

    assert current_rate(session) == InterestRate(Decimal("4.9"), date(2026, 11, 1))

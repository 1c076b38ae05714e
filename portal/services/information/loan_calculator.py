"""What a start loan costs each month: annuity and serial repayment, an estimate.

Money is counted in Decimal and shown in whole kroner. Fees (termingebyr) are
left out; the page says so.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_AMOUNT = 10_000
MAX_AMOUNT = 20_000_000
MIN_YEARS = 1
MAX_YEARS = 50
MAX_RATE = Decimal(25)


@dataclass(frozen=True)
class Month:
    number: int
    payment: int
    interest: int
    principal: int
    remaining: int


@dataclass(frozen=True)
class Repayment:
    first_payment: int
    last_payment: int
    total_interest: int
    first_year: list[Month]


@dataclass(frozen=True)
class Estimate:
    annuity: Repayment
    serial: Repayment


def _kroner(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _repay(amount: int, months: int, monthly_rate: Decimal, payment_for) -> Repayment:
    remaining = Decimal(amount)
    total_interest = Decimal(0)
    first_year, payments = [], []
    for number in range(1, months + 1):
        interest = remaining * monthly_rate
        payment = payment_for(remaining, interest, number)
        principal = min(payment - interest, remaining)
        remaining -= principal
        total_interest += interest
        payments.append(payment if number < months else principal + interest)
        if number <= 12:
            first_year.append(
                Month(
                    number,
                    _kroner(payments[-1]),
                    _kroner(interest),
                    _kroner(principal),
                    _kroner(remaining),
                )
            )
    return Repayment(
        _kroner(payments[0]), _kroner(payments[-1]), _kroner(total_interest), first_year
    )


def estimate(amount: int, years: int, annual_rate_percent: Decimal) -> Estimate:
    """Monthly costs of a loan of `amount` kroner over `years`, for both kinds of repayment."""
    if not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise ValueError("amount out of range")
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise ValueError("years out of range")
    if not Decimal(0) <= annual_rate_percent <= MAX_RATE:
        raise ValueError("rate out of range")
    months = years * 12
    rate = annual_rate_percent / Decimal(1200)
    if rate == 0:
        level = Decimal(amount) / months
    else:
        level = Decimal(amount) * rate / (1 - (1 + rate) ** -months)
    fixed_principal = Decimal(amount) / months
    return Estimate(
        annuity=_repay(amount, months, rate, lambda _remaining, _interest, _n: level),
        serial=_repay(
            amount, months, rate, lambda _remaining, interest, _n: fixed_principal + interest
        ),
    )

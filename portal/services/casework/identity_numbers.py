"""Norwegian national identity numbers (fødselsnummer) and D-numbers.

Eleven digits: date of birth (DDMMYY; a D-number adds 4 to the first digit),
a three-digit individual number that also tells the century, and two check
digits (modulus 11). Both checks and the date are tested.
"""

from dataclasses import dataclass
from datetime import date

_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


class InvalidIdentityNumber(ValueError):
    """`reason` is "format" (not 11 digits), "check_digits" or "date"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class IdentityNumber:
    number: str
    birth_date: date
    is_d_number: bool


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def _century(individual: int, year: int) -> int | None:
    if individual <= 499:
        return 1900
    if individual <= 749 and year >= 54:
        return 1800
    if individual >= 500 and year <= 39:
        return 2000
    if individual >= 900 and year >= 40:
        return 1900
    return None


def parse(typed: str) -> IdentityNumber:
    """The number as typed (spaces allowed) → IdentityNumber, or InvalidIdentityNumber."""
    number = "".join(typed.split())
    if len(number) != 11 or not number.isdigit():
        raise InvalidIdentityNumber("format")
    digits = [int(c) for c in number]
    if _check_digit(digits[:9], _WEIGHTS_1) != digits[9]:
        raise InvalidIdentityNumber("check_digits")
    if _check_digit(digits[:10], _WEIGHTS_2) != digits[10]:
        raise InvalidIdentityNumber("check_digits")
    day, month, year = int(number[0:2]), int(number[2:4]), int(number[4:6])
    is_d_number = day > 40
    if is_d_number:
        day -= 40
    century = _century(int(number[6:9]), year)
    if century is None:
        raise InvalidIdentityNumber("date")
    try:
        birth_date = date(century + year, month, day)
    except ValueError:
        raise InvalidIdentityNumber("date") from None
    return IdentityNumber(number, birth_date, is_d_number)


def with_check_digits(first_nine: str) -> str | None:
    """The whole number for nine digits, or None when no check digit fits (tests and demos)."""
    digits = [int(c) for c in first_nine]
    first = _check_digit(digits, _WEIGHTS_1)
    if first is None:
        return None
    second = _check_digit([*digits, first], _WEIGHTS_2)
    return None if second is None else f"{first_nine}{first}{second}"

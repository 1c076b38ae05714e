"""National identity numbers, and the priority flags each application gets for triage."""

from datetime import date

import pytest

from portal.services.casework import identity_numbers, priority
from portal.services.casework.identity_numbers import InvalidIdentityNumber, with_check_digits


@pytest.mark.parametrize(
    "number, born, d_number",
    [
        ("01019041170", date(1990, 1, 1), False),
        ("010190 41170", date(1990, 1, 1), False),
        ("41019012393", date(1990, 1, 1), True),  # D-number: 4 added to the first digit
        ("15080850058", date(2008, 8, 15), False),  # individual number 500-999: 2000s
        ("12056012395", date(1960, 5, 12), False),
    ],
)
def test_valid_numbers_give_the_birth_date(number, born, d_number):
    parsed = identity_numbers.parse(number)

    assert (parsed.birth_date, parsed.is_d_number) == (born, d_number)


@pytest.mark.parametrize(
    "number, reason",
    [
        ("0101904117", "format"),
        ("0101904117a", "format"),
        ("01019041171", "check_digits"),  # last digit wrong
        ("01019041160", "check_digits"),  # first check digit wrong
        (with_check_digits("310290123"), "date"),  # 31 February
        (with_check_digits("011390123"), "date"),  # month 13
    ],
)
def test_wrong_numbers_say_what_is_wrong(number, reason):
    assert number is not None
    with pytest.raises(InvalidIdentityNumber) as refused:
        identity_numbers.parse(number)

    assert refused.value.reason == reason


TODAY = date(2026, 11, 25)


def born(year: int, month: int, day: int) -> str:
    """A valid identity number for someone born that day."""
    individual = 100 if year < 2000 else 600
    while True:
        number = with_check_digits(f"{day:02d}{month:02d}{year % 100:02d}{individual}")
        if number:
            return number
        individual += 1


def answers(**steps) -> dict:
    base = {
        "about_you": {"identity_number": born(1990, 1, 1)},
        "household": {"children_birth_years": "", "expecting_child": "no"},
        "housing": {"situation": "renting", "at_risk": "no"},
        "needs": {"access": []},
        "health": {},
    }
    return {**base, **steps}


def test_no_flags_for_an_adult_renting_alone():
    assert priority.flags(answers(), TODAY) == []


@pytest.mark.parametrize(
    "household, flagged",
    [
        ({"children_birth_years": "2015", "expecting_child": "no"}, True),
        ({"children_birth_years": "", "expecting_child": "yes"}, True),
        ({"children_birth_years": "", "expecting_child": "no"}, False),
    ],
)
def test_a_family_with_children(household, flagged):
    assert ("children" in priority.flags(answers(household=household), TODAY)) is flagged


@pytest.mark.parametrize(
    "birth, situation, flagged",
    [
        ((2009, 5, 25), "aftercare", True),  # exactly 17.5 today
        ((2009, 5, 26), "aftercare", False),  # a day short of 17.5
        ((2001, 11, 26), "aftercare", True),  # 24, turns 25 tomorrow
        ((2001, 11, 25), "aftercare", False),  # 25 today
        ((2005, 1, 1), "renting", False),  # young, not in aftercare
    ],
)
def test_young_people_in_aftercare_from_17_and_a_half_to_25(birth, situation, flagged):
    applied = answers(
        about_you={"identity_number": born(*birth)},
        housing={"situation": situation, "at_risk": "no"},
    )

    assert ("young_aftercare" in priority.flags(applied, TODAY)) is flagged


def test_homeless_now():
    applied = answers(housing={"situation": "homeless", "at_risk": "no"})

    assert "homeless" in priority.flags(applied, TODAY)


@pytest.mark.parametrize(
    "must_move_by, flagged", [("2026-11-01", True), ("2027-02-25", True), ("2027-02-26", False)]
)
def test_eviction_within_three_months(must_move_by, flagged):
    applied = answers(
        housing={"situation": "renting", "at_risk": "yes"},
        eviction={"must_move_by": must_move_by},
    )

    assert ("eviction_soon" in priority.flags(applied, TODAY)) is flagged


@pytest.mark.parametrize(
    "health, flagged",
    [
        ({"needs": ["rop"], "consent": True}, True),
        ({"needs": ["follow_up"], "consent": True}, True),
        ({"needs": ["rop"], "consent": False}, False),  # never used without consent
        ({}, False),
    ],
)
def test_follow_up_needs_only_with_consent(health, flagged):
    assert ("follow_up" in priority.flags(answers(health=health), TODAY)) is flagged


@pytest.mark.parametrize("birth, flagged", [((1959, 11, 25), True), ((1959, 11, 26), False)])
def test_67_or_older(birth, flagged):
    applied = answers(about_you={"identity_number": born(*birth)})

    assert ("senior" in priority.flags(applied, TODAY)) is flagged


@pytest.mark.parametrize(
    "health, access, flagged",
    [
        ({"needs": ["disability"], "consent": True}, [], True),
        ({}, ["wheelchair"], True),
        ({}, ["step_free"], False),
        ({"needs": ["disability"], "consent": False}, [], False),
    ],
)
def test_disability(health, access, flagged):
    applied = answers(health=health, needs={"access": access})

    assert ("disability" in priority.flags(applied, TODAY)) is flagged

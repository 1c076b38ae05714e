"""References and codes: the alphabet, normalising what people type, and the guessing arithmetic."""

from portal.services.casework import access_codes


def test_guessing_one_code_takes_decades_even_with_a_million_addresses():
    days = access_codes.expected_days_to_guess(addresses=1_000_000)

    assert days > 70 * 365
    assert round(access_codes.expected_days_to_guess(addresses=1), -9) == 27_000_000_000


def test_a_strangers_wrong_codes_use_up_their_own_tries_not_the_owners():
    stranger = access_codes.limit_key("case", "b7k4 p2qm", "203.0.113.9")
    owner = access_codes.limit_key("case", "B7K4-P2QM", "198.51.100.4")

    assert stranger != owner
    assert stranger == access_codes.limit_key("case", "B7K4P2QM", "203.0.113.9")


def test_codes_and_references_avoid_look_alike_characters():
    code = access_codes.new_code()

    assert len(code) == 9 and code[4] == "-"
    assert not set(code.replace("-", "")) & set("01OI")
    assert access_codes.normalise(" b7k4 p2qm ") == "B7K4-P2QM"
    assert access_codes.normalise("B7K4-P2Q0") is None

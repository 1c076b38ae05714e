import time

import pytest

from portal.services.staff import passwords
from portal.services.staff.passwords import PasswordRefused, check_policy


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("kort-passord", None),
        ("elleve tegn", "too_short"),
        ("x" * 1025, "too_long"),
        ("passordpassord", "common"),
        ("Password1234", "common"),
        ("EIGERSUND2026", "common"),
    ],
)
def test_the_password_policy_names_the_rule_a_password_breaks(password, reason):
    if reason is None:
        check_policy(password)
        return
    with pytest.raises(PasswordRefused) as refused:
        check_policy(password)
    assert refused.value.reason == reason


class SpyHasher:
    """Stands in for the hasher and remembers what it was asked to do."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def hash(self, password):
        self.calls.append("hash")
        return self.real.hash(password)

    def verify(self, stored, password):
        self.calls.append(("verify", stored))
        return self.real.verify(stored, password)

    def check_needs_rehash(self, stored):
        return self.real.check_needs_rehash(stored)


@pytest.fixture
def spy(monkeypatch):
    spy = SpyHasher(passwords.PROFILES["fast"])
    monkeypatch.setitem(passwords.PROFILES, "fast", spy)
    return spy


def test_a_password_over_1024_characters_is_refused_before_any_hashing(spy):
    with pytest.raises(PasswordRefused):
        passwords.hash_password("a" * 1025)

    assert passwords.verify("$argon2id$whatever", "a" * 1025).matches is False
    assert spy.calls == []


def test_a_stored_hash_with_older_parameters_asks_to_be_rehashed():
    old = passwords.PROFILES["standard"].hash("et langt og godt passord")

    check = passwords.verify(old, "et langt og godt passord")

    assert check.matches and check.needs_rehash


def test_the_standard_profile_is_argon2id_with_costly_parameters():
    standard = passwords.PROFILES["standard"]

    assert standard.type.name == "ID"
    assert standard.memory_cost >= 64 * 1024 and standard.time_cost >= 3


def test_without_a_stored_hash_the_check_still_spends_a_hash(spy):
    assert passwords.verify(None, "et langt og godt passord").matches is False

    verified = [call for call in spy.calls if call[0] == "verify"]
    assert len(verified) == 1 and verified[0][1].startswith("$argon2id$")


def test_the_common_password_list_is_loaded_once():
    start = time.perf_counter()
    for _ in range(100):
        passwords.common_passwords()
    assert len(passwords.common_passwords()) > 5000
    assert time.perf_counter() - start < 0.5

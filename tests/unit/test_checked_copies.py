"""CheckedCopies (portal/checked_copies.py): a copy is used only under the token it was
read under, for a limited time; a store that forgets or does not answer means reading."""

import logging

import pytest
import redis

from portal import checked_copies
from portal.checked_copies import CheckedCopies, is_reading

REDIS_URL = "redis://127.0.0.1:6379/9"


class Loads:
    """A row's loader that counts how often it was asked."""

    def __init__(self, value="rad") -> None:
        self.value = value
        self.count = 0

    def __call__(self):
        self.count += 1
        return self.value


@pytest.fixture
def shared_redis():
    redis.Redis.from_url(REDIS_URL).flushdb()
    yield REDIS_URL
    redis.Redis.from_url(REDIS_URL).flushdb()


def copies(url="memory://", **settings) -> CheckedCopies:
    return CheckedCopies(url, kind="test", **{"seconds": 30, "limit": 100, **settings})


def test_a_copy_is_used_until_its_token_changes():
    kept, load = copies(), Loads()

    values = [kept.get("a", "a", load) for _ in range(3)]
    kept.changed("a")
    kept.get("a", "a", load)

    assert values == ["rad"] * 3
    assert load.count == 2


def test_a_copy_is_read_again_after_its_seconds(monkeypatch):
    kept, load = copies(), Loads()
    kept.get("a", "a", load)
    later = checked_copies.time.monotonic() + 31
    monkeypatch.setattr(checked_copies.time, "monotonic", lambda: later)

    kept.get("a", "a", load)

    assert load.count == 2


def test_nothing_found_is_never_kept():
    kept, load = copies(), Loads(value=None)

    kept.get("a", "a", load)
    kept.get("a", "a", load)

    assert load.count == 2 and len(kept) == 0


def test_the_oldest_copies_make_room_within_the_limit():
    kept = copies(limit=3)

    for key in "abcde":
        kept.get(key, key, Loads())

    assert len(kept) == 3


def test_a_shared_token_drops_every_copy_read_under_it():
    kept, first, second = copies(), Loads("Kari"), Loads("Ola")
    kept.get("1", "accounts", first)
    kept.get("2", "accounts", second)

    kept.changed("accounts")
    kept.get("1", "accounts", first)
    kept.get("2", "accounts", second)

    assert (first.count, second.count) == (2, 2)


def test_a_change_in_one_worker_is_seen_by_the_other(shared_redis):
    one, other, load = copies(shared_redis), copies(shared_redis), Loads()
    other.get("a", "a", load)
    other.get("a", "a", load)

    one.changed("a")
    other.get("a", "a", load)

    assert load.count == 2


def test_a_token_redis_lost_never_matches_an_old_copy(shared_redis):
    kept, load = copies(shared_redis), Loads()
    kept.get("a", "a", load)

    redis.Redis.from_url(shared_redis).flushdb()
    kept.get("a", "a", load)
    kept.get("a", "a", load)

    assert load.count == 2


def test_with_the_store_down_every_read_goes_to_the_database(caplog):
    kept, load = copies("redis://127.0.0.1:1/9"), Loads()

    kept.get("a", "a", load)
    kept.get("a", "a", load)
    with caplog.at_level(logging.ERROR, logger="portal.checked_copies"):
        kept.changed("a")

    assert load.count == 2 and len(kept) == 0
    assert "up to 30 s" in caplog.text


@pytest.mark.parametrize(
    ("method", "expected"), [("GET", True), ("HEAD", True), ("POST", False), ("DELETE", False)]
)
def test_only_requests_that_read_may_use_copies(method, expected):
    assert is_reading(method) is expected

"""Tokens and copies (portal/checked_copies.py): a copy is used only under the token it was
made under, for a limited time; a store that forgets or does not answer means reading."""

import logging

import pytest
import redis
from flask import Flask

from portal import checked_copies
from portal.checked_copies import RECORDS, CheckedCopies, Tokens, is_reading
from portal.signals import records_changed

REDIS_URL = "redis://127.0.0.1:6379/9"
request_app = Flask(__name__)


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


def token(tokens: Tokens, key: str = "a") -> str | None:
    """The token as a new request reads it."""
    with request_app.app_context():
        seen = tokens.now(key)
    return seen and seen[key]


def copies(**settings) -> CheckedCopies:
    return CheckedCopies(**{"seconds": 30, "limit": 100, **settings})


def test_a_copy_is_used_until_its_token_changes():
    tokens, kept, load = Tokens("memory://"), copies(), Loads()

    values = [kept.get("a", token(tokens), load) for _ in range(3)]
    tokens.change("a")
    kept.get("a", token(tokens), load)

    assert values == ["rad"] * 3
    assert load.count == 2


def test_a_request_reads_its_tokens_once_and_together(shared_redis):
    tokens = Tokens(shared_redis)
    with request_app.app_context():
        first = tokens.now("a", RECORDS)
        tokens.change("a")  # a write during the request
        again = tokens.now("a")

    assert again == {"a": first["a"]}
    assert token(tokens) != first["a"]


def test_a_copy_is_read_again_after_its_seconds(monkeypatch):
    tokens, kept, load = Tokens("memory://"), copies(), Loads()
    kept.get("a", token(tokens), load)
    later = checked_copies.time.monotonic() + 31
    monkeypatch.setattr(checked_copies.time, "monotonic", lambda: later)

    kept.get("a", token(tokens), load)

    assert load.count == 2


def test_copies_past_their_seconds_are_let_go_at_the_next_copy(monkeypatch):
    tokens, kept = Tokens("memory://"), copies()
    kept.get("a", token(tokens, "a"), Loads())
    kept.get("b", token(tokens, "b"), Loads())
    later = checked_copies.time.monotonic() + 31
    monkeypatch.setattr(checked_copies.time, "monotonic", lambda: later)

    kept.get("c", token(tokens, "c"), Loads())

    assert len(kept) == 1


def test_nothing_found_is_never_kept():
    tokens, kept, load = Tokens("memory://"), copies(), Loads(value=None)

    kept.get("a", token(tokens), load)
    kept.get("a", token(tokens), load)

    assert load.count == 2 and len(kept) == 0


def test_the_oldest_copies_make_room_within_the_limit():
    tokens, kept = Tokens("memory://"), copies(limit=3)

    for key in "abcde":
        kept.get(key, token(tokens, key), Loads())

    assert len(kept) == 3


def test_a_commit_that_writes_records_changes_their_token_and_a_quiet_one_does_not():
    tokens = Tokens("memory://")
    before = token(tokens, RECORDS)

    records_changed.send(None, tables=frozenset({"audit_events", "browser_sessions"}))
    quiet = token(tokens, RECORDS)
    records_changed.send(None, tables=frozenset({"staff_roles"}))

    assert quiet == before
    assert token(tokens, RECORDS) != before


def test_a_change_in_one_worker_is_seen_by_the_other(shared_redis):
    one, other, kept, load = Tokens(shared_redis), Tokens(shared_redis), copies(), Loads()
    kept.get("a", token(other), load)
    kept.get("a", token(other), load)

    one.change("a")
    kept.get("a", token(other), load)

    assert load.count == 2


def test_a_token_redis_lost_never_matches_an_old_copy(shared_redis):
    tokens, kept, load = Tokens(shared_redis), copies(), Loads()
    kept.get("a", token(tokens), load)

    redis.Redis.from_url(shared_redis).flushdb()
    kept.get("a", token(tokens), load)
    kept.get("a", token(tokens), load)

    assert load.count == 2


def test_with_the_store_down_every_read_goes_to_the_database(caplog):
    tokens, kept, load = Tokens("redis://127.0.0.1:1/9"), copies(), Loads()

    kept.get("a", token(tokens), load)
    kept.get("a", token(tokens), load)
    with caplog.at_level(logging.ERROR, logger="portal.checked_copies"):
        tokens.change("session:0123abcd")

    assert token(tokens) is None
    assert load.count == 2 and len(kept) == 0
    assert "'session' token" in caplog.text and "0123abcd" not in caplog.text


class FlushedWhileSetting:
    """A Redis that loses every token at once, even one just set."""

    def mget(self, names):
        return [None] * len(names)

    def pipeline(self, transaction=False):
        return self

    def set(self, *args, **kwargs):
        pass

    def execute(self):
        return [True, [None]]


class Unanswered:
    """A Redis that never answers, counting how often it was asked."""

    def __init__(self) -> None:
        self.asked = 0

    def mget(self, names):
        self.asked += 1
        raise redis.TimeoutError("no answer")


def test_a_store_that_does_not_answer_is_asked_once_a_request():
    tokens, unanswered = Tokens(REDIS_URL), Unanswered()
    tokens._store._redis = unanswered

    with request_app.app_context():
        answers = [tokens.now("session:a", RECORDS), tokens.now(RECORDS), tokens.now(RECORDS)]

    assert answers == [None, None, None]
    assert unanswered.asked == 1


def test_a_token_lost_while_being_set_counts_as_no_answer():
    tokens = Tokens(REDIS_URL)
    tokens._store._redis = FlushedWhileSetting()

    assert token(tokens) is None


@pytest.mark.parametrize(
    ("method", "expected"), [("GET", True), ("HEAD", True), ("POST", False), ("DELETE", False)]
)
def test_only_requests_that_read_may_use_copies(method, expected):
    assert is_reading(method) is expected

"""Copies of database rows kept in this process, used only while nothing has written them.

Every signed-in staff page first asks the database two things: the browser's session row
and the person's account with their roles. On PostgreSQL each is a round trip to another
process, and for a page that is otherwise kept (admin/kept_pages.py) they are most of the
time it takes. `CheckedCopies` lets a worker reuse what it read last time, while all of
these hold:

- The copy was read under a token that is still the current one. Each kind of row has a
  token in the page cache's store (Redis for every worker and server; this process alone
  with memory://). Every write to those rows sets a new random token after its commit, so
  a copy read before the write is never used after it. A token is read before its row, so
  a row read from data older than a write never gets the newer token.
- The copy is at most `seconds` old, for a write whose new token got lost (below).
- The request only reads (GET or HEAD). A request that changes something reads the
  database, so no step that writes ever builds on a copy.

When the store does not answer, or holds no token (never set, expired, Redis restarted
empty), the database is read and nothing is kept. Tokens are random, so a token lost and
set again never matches an old copy. If the store takes no new token at a write while
other workers still reach it, they may use a copy for at most `seconds`: that is logged.
"""

import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import redis

log = logging.getLogger(__name__)

T = TypeVar("T")
# How long a token lives in the store: one that expires is set again at the next read.
TOKEN_SECONDS = 24 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD"})


class MemoryTokens:
    """Tokens in this process: a laptop, the tests, or a single-process server."""

    def __init__(self, limit: int) -> None:
        self._lock = threading.Lock()
        self._limit = limit
        self._tokens: OrderedDict[str, str] = OrderedDict()

    def current(self, key: str) -> str:
        with self._lock:
            token = self._tokens.setdefault(key, secrets.token_hex(8))
            self._tokens.move_to_end(key)
            while len(self._tokens) > self._limit:
                self._tokens.popitem(last=False)
            return token

    def change(self, key: str) -> None:
        with self._lock:
            self._tokens[key] = secrets.token_hex(8)
            self._tokens.move_to_end(key)


class RedisTokens:
    """Tokens in Redis, shared by every worker of every server."""

    def __init__(self, url: str, prefix: str) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._prefix = prefix

    def current(self, key: str) -> str:
        name = self._prefix + key
        token = self._redis.get(name)
        if token is None:
            # None set yet, or lost: this one, unless another worker's came first.
            pipeline = self._redis.pipeline(transaction=False)
            pipeline.set(name, secrets.token_hex(8), nx=True, ex=TOKEN_SECONDS)
            pipeline.get(name)
            token = pipeline.execute()[1]
        return token.decode()

    def change(self, key: str) -> None:
        self._redis.set(self._prefix + key, secrets.token_hex(8), ex=TOKEN_SECONDS)


@dataclass(frozen=True)
class _Copy(Generic[T]):
    token: str
    until: float  # time.monotonic()
    value: T


class CheckedCopies(Generic[T]):
    """Rows of one kind, each under a key, read again once their token has changed."""

    def __init__(self, url: str, *, kind: str, seconds: int, limit: int) -> None:
        self.kind = kind  # what is copied, for the log and the store's keys
        self.seconds = seconds
        self._limit = limit
        if url.startswith(("redis://", "rediss://")):
            self._tokens = RedisTokens(url, f"portal:copies:{kind}:")
        else:
            self._tokens = MemoryTokens(limit)
        self._lock = threading.Lock()
        self._copies: OrderedDict[str, _Copy[T]] = OrderedDict()

    def get(self, key: str, token_key: str, load: Callable[[], T | None]) -> T | None:
        """The copy under `key` while `token_key`'s token holds; else `load()`, kept."""
        try:
            token = self._tokens.current(token_key)
        except redis.RedisError:
            return load()
        copy = self._copies.get(key)
        if copy is not None and copy.token == token and copy.until > time.monotonic():
            return copy.value
        value = load()
        if value is not None:
            with self._lock:
                self._copies[key] = _Copy(token, time.monotonic() + self.seconds, value)
                self._copies.move_to_end(key)
                while len(self._copies) > self._limit:
                    self._copies.popitem(last=False)
        return value

    def changed(self, token_key: str, *, key: str | None = None) -> None:
        """After a commit that wrote rows under `token_key`: no copy of them is used again.
        `key`: a copy this process can drop at once (a row deleted, say)."""
        if key is not None:
            with self._lock:
                self._copies.pop(key, None)
        try:
            self._tokens.change(token_key)
        except redis.RedisError:
            log.error(
                "%s: the store took no new token; other workers may use their copies "
                "for up to %s s",
                self.kind,
                self.seconds,
            )

    def __len__(self) -> int:
        return len(self._copies)


def is_reading(method: str) -> bool:
    """Whether a request with this method may be answered from copies."""
    return method in SAFE_METHODS

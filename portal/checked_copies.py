"""Copies kept in this process, used only while nothing has written what they were made from.

Every signed-in staff page first asks the database two things: the browser's session row
and the person's account with their roles. On PostgreSQL each is a round trip to another
process, and for a page that is itself kept (admin/kept_pages.py) they were most of the
time it took. So a worker keeps copies: of session rows, of accounts, of kept pages. Each
copy carries the token it was made under, and is used only while all of these hold:

- Its token is still the current one. Tokens are random strings in the page cache's store
  (Redis for every worker and server; this process alone with memory://), and a write sets
  a new one after its commit:
  - `session:<hash>`, by every insert, update and delete of that session row
    (portal/server_session.py);
  - RECORDS, by every commit that wrote a table other than QUIET_TABLES (portal/db.py says
    which tables each commit wrote). Accounts and roles are records: a deactivation or a
    role taken away moves it on, as does any change to a case.
  A token is read before what is copied, so a copy made from data older than a write never
  carries the newer token.
- It is at most COPY_SECONDS old (kept pages: their own KEEP_SECONDS, also 30), for a write
  whose new token got lost.
- The request only reads (GET, HEAD). A request that changes something reads the database,
  so no step that writes ever builds on a copy.

A request reads all the tokens it needs in one round trip, at its start (`Tokens.now`), and
remembers them until it ends. When the store does not answer, or holds no token (never set,
expired, Redis restarted empty), the database is read and nothing is kept. Tokens are
random, so a token lost and set again never matches an old copy. If the store takes no new
token at a write while other workers still reach it, they may use copies for at most their
seconds: that is logged.
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
from flask import Flask, g

from portal.signals import records_changed

log = logging.getLogger(__name__)

T = TypeVar("T")
RECORDS = "records"
# Written without changing what a staff page shows: the sessions themselves (each has its
# own token), the audit log (opening a case writes to it) and the drafts residents have
# not sent yet.
QUIET_TABLES = frozenset({"browser_sessions", "audit_events", "application_drafts"})
# How long a token lives in the store: one that expires is set again at the next read.
TOKEN_SECONDS = 24 * 3600
TOKENS_IN_MEMORY = 100_000
SAFE_METHODS = frozenset({"GET", "HEAD"})
EXTENSION = "portal.tokens"
_SEEN = "portal_tokens_seen"  # on `g`: the tokens this request has read
_UNANSWERED = "portal_tokens_unanswered"  # on `g`: the store did not answer this request
# How long a copy may be used at most, whatever its token says (see above).
COPY_SECONDS = 30


def new_token() -> str:
    return secrets.token_hex(8)


class MemoryTokens:
    """Tokens in this process: a laptop, the tests, or a single-process server."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: OrderedDict[str, str] = OrderedDict()

    def read(self, keys: list[str]) -> list[str]:
        with self._lock:
            found = [self._tokens.setdefault(key, new_token()) for key in keys]
            for key in keys:
                self._tokens.move_to_end(key)
            while len(self._tokens) > TOKENS_IN_MEMORY:
                self._tokens.popitem(last=False)
            return found

    def change(self, key: str) -> None:
        with self._lock:
            self._tokens[key] = new_token()
            self._tokens.move_to_end(key)


class RedisTokens:
    """Tokens in Redis, shared by every worker of every server."""

    def __init__(self, url: str, prefix: str = "portal:tokens:") -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._prefix = prefix

    def read(self, keys: list[str]) -> list[str]:
        names = [self._prefix + key for key in keys]
        found = self._redis.mget(names)
        missing = [name for name, token in zip(names, found, strict=True) if token is None]
        if missing:
            # None set yet, or lost: a new one, unless another worker's came first.
            pipeline = self._redis.pipeline(transaction=False)
            for name in missing:
                pipeline.set(name, new_token(), nx=True, ex=TOKEN_SECONDS)
            pipeline.mget(names)
            found = pipeline.execute()[-1]
        if None in found:  # flushed in between: as good as no answer
            raise redis.RedisError("a token vanished while it was being set")
        return [token.decode() for token in found]

    def change(self, key: str) -> None:
        self._redis.set(self._prefix + key, new_token(), ex=TOKEN_SECONDS)


class Tokens:
    """The app's tokens: read once per request, changed after every write they stand for."""

    def __init__(self, url: str) -> None:
        is_redis = url.startswith(("redis://", "rediss://"))
        self._store = RedisTokens(url) if is_redis else MemoryTokens()
        # Weakly: an app that is gone stops listening by itself.
        records_changed.connect(self._records_changed)

    def _records_changed(self, _sender, tables: frozenset[str] = frozenset(), **_extra) -> None:
        if tables - QUIET_TABLES:
            self.change(RECORDS)

    def now(self, *keys: str) -> dict[str, str] | None:
        """The current token of each key, as this request first read it; None when the store
        does not answer. Keys asked for together are read in one round trip."""
        if g.get(_UNANSWERED):
            return None  # asked once already: a store that hangs costs one timeout, not three
        seen = g.setdefault(_SEEN, {})
        missing = [key for key in keys if key not in seen]
        if missing:
            try:
                seen.update(zip(missing, self._store.read(missing), strict=True))
            except redis.RedisError:
                g.setdefault(_UNANSWERED, True)
                return None
        return {key: seen[key] for key in keys}

    def change(self, key: str) -> None:
        """After a commit that wrote what `key` stands for: no copy made before is used."""
        try:
            self._store.change(key)
        except redis.RedisError:
            log.error("tokens: the store took no new %r token; copies elsewhere may be used "
                      "until they expire", key.split(":")[0])  # fmt: skip


@dataclass(frozen=True)
class _Copy(Generic[T]):
    token: str
    until: float  # time.monotonic()
    value: T


class CheckedCopies(Generic[T]):
    """Copies of one kind, each under a key, used while the token they were made under holds."""

    def __init__(self, *, seconds: int, limit: int) -> None:
        self.seconds = seconds
        self._limit = limit
        self._lock = threading.Lock()
        self._copies: OrderedDict[str, _Copy[T]] = OrderedDict()

    def get(self, key: str, token: str | None, load: Callable[[], T | None]) -> T | None:
        """The copy under `key` if made under `token` (read before now); else `load()`, kept.
        With no token (the store did not answer) `load()`, and nothing kept."""
        copy = self._copies.get(key)
        if copy is not None and copy.token == token and copy.until > time.monotonic():
            return copy.value
        value = load()
        if token is not None and value is not None:
            now = time.monotonic()
            with self._lock:
                self._copies[key] = _Copy(token, now + self.seconds, value)
                self._copies.move_to_end(key)
                # Oldest first: let go of every copy past its time (they hold personal data),
                # and of the oldest beyond the limit.
                while self._copies:
                    oldest = next(iter(self._copies.values()))
                    if oldest.until > now and len(self._copies) <= self._limit:
                        break
                    self._copies.popitem(last=False)
        return value

    def drop(self, key: str) -> None:
        with self._lock:
            self._copies.pop(key, None)

    def __len__(self) -> int:
        return len(self._copies)


def is_reading(method: str) -> bool:
    """Whether a request with this method may be answered from copies."""
    return method in SAFE_METHODS


def init_app(app: Flask) -> None:
    url = app.config["PAGE_CACHE_URL"]
    if url != "off":
        app.extensions[EXTENSION] = Tokens(url)


def tokens_for(app: Flask) -> Tokens | None:
    """The app's tokens; None when nothing may be copied (PORTAL_PAGE_CACHE_URL=off)."""
    return app.extensions.get(EXTENSION)

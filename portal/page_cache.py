"""The rendered-page cache: public pages that hold nothing personal, rendered once and shared.

Which pages may go in is decided in portal/http_caching.py, after a page was rendered. This
module keeps them and serves them again:

- A page is kept under its path and query string, with its bytes as rendered and
  compressed with Brotli and gzip, its headers (never a Set-Cookie), an ETag and the time
  it was made. The path holds the language (`/nn/...`); a query is kept only when its view
  declared it safe (search's `q`); a session cookie, a kiosk cookie or address, or htmx
  never gets or makes a kept page.
- `ServeFromCache` answers those requests in front of Flask (inside ProxyFix, so the
  client's address is known): no routing, no session, no template; `304` when the browser's
  ETag or date still holds. A request it is not sure about goes to Flask, which renders.
- Each kept page carries the generation it was made in. `content_changed`
  (portal/signals.py) moves the generation on, so every kept page is out of date at once:
  in Redis for every worker and server (PORTAL_PAGE_CACHE_URL=redis://...), or in this
  process (memory://, the default on a laptop). A page also expires after
  PORTAL_PAGE_CACHE_SECONDS, for changes nobody signalled. The generation is read before
  a page is rendered, so a page rendered from data older than a change is never kept as new.
- When Redis does not answer, pages are rendered as if nothing was kept.
"""

import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from email.utils import formatdate, parsedate_to_datetime
from functools import lru_cache

import redis
from werkzeug.http import parse_cookie

from portal import compression, i18n, kiosk
from portal.signals import content_changed

log = logging.getLogger(__name__)

SESSION_COOKIE = "portal_session"
# Bodies kept for each page: as rendered, and the two encodings browsers ask for.
VARIANTS = ("identity", *compression.ENCODINGS)
ETAG_SUFFIX = {"identity": "", "br": "-br", "gzip": "-gz"}
MEMORY_PAGES = 2000
# Headers that belong to one response, not to the page.
NOT_KEPT = {"set-cookie", "content-length", "content-encoding", "etag", "last-modified", "date"}


@dataclass(frozen=True)
class KeptPage:
    generation: int
    made_at: float  # seconds since the epoch
    etag: str  # of the page's bytes, without quotes or encoding
    headers: list[tuple[str, str]]
    body: bytes  # in the encoding asked for

    def etag_for(self, variant: str) -> str:
        return f'"{self.etag}{ETAG_SUFFIX[variant]}"'


class MemoryStore:
    """Pages kept in this process: a laptop, the tests, or a single-process server."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0
        self._pages: OrderedDict[tuple[str, str], tuple[float, bytes]] = OrderedDict()

    def generation(self) -> int:
        return self._generation

    def next_generation(self) -> None:
        with self._lock:
            self._generation += 1
            self._pages.clear()

    def get(self, path: str, variant: str) -> tuple[int, bytes | None]:
        found = self._pages.get((path, variant))
        if found is None or found[0] < time.time():
            return self._generation, None
        return self._generation, found[1]

    def put(self, path: str, variants: dict[str, bytes], seconds: int) -> None:
        expires = time.time() + seconds
        with self._lock:
            for variant, record in variants.items():
                self._pages[(path, variant)] = (expires, record)
                self._pages.move_to_end((path, variant))
            while len(self._pages) > MEMORY_PAGES * len(VARIANTS):
                self._pages.popitem(last=False)


class RedisStore:
    """Pages kept in Redis, shared by every worker of every server."""

    def __init__(self, url: str, prefix: str = "portal:pages:") -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._prefix = prefix
        self._generation_key = prefix + "generation"

    def generation(self) -> int:
        return int(self._redis.get(self._generation_key) or 0)

    def next_generation(self) -> None:
        self._redis.incr(self._generation_key)

    def get(self, path: str, variant: str) -> tuple[int, bytes | None]:
        generation, record = self._redis.mget(self._generation_key, self._key(path, variant))
        return int(generation or 0), record

    def put(self, path: str, variants: dict[str, bytes], seconds: int) -> None:
        pipeline = self._redis.pipeline(transaction=False)
        for variant, record in variants.items():
            pipeline.set(self._key(path, variant), record, ex=seconds)
        pipeline.execute()

    def _key(self, path: str, variant: str) -> str:
        return f"{self._prefix}{variant}:{path}"


def store_for(url: str, prefix: str = "portal:pages:") -> MemoryStore | RedisStore:
    """Redis for a redis:// URL (every worker and server), else this process's memory."""
    if url.startswith(("redis://", "rediss://")):
        return RedisStore(url, prefix)
    return MemoryStore()


class Generation:
    """The generation of what a store keeps, as every worker sees it: read before a page is
    drawn, moved on when what it was drawn from changed. When the store does not answer,
    the generation is unknown (None) and nothing may be kept or served from it."""

    def __init__(self, store: MemoryStore | RedisStore, kept: str) -> None:
        self.store = store
        self.kept = kept  # what is kept, for the log

    def now(self) -> int | None:
        try:
            return self.store.generation()
        except redis.RedisError:
            return None

    def move_on(self) -> None:
        try:
            self.store.next_generation()
        except redis.RedisError:
            log.error("%s: could not be dropped now; they expire by themselves", self.kept)


def _pack(page: KeptPage) -> bytes:
    meta = {"g": page.generation, "t": page.made_at, "e": page.etag, "h": page.headers}
    return json.dumps(meta, separators=(",", ":")).encode() + b"\n" + page.body


def _unpack(record: bytes) -> KeptPage:
    meta, _, body = record.partition(b"\n")
    fields = json.loads(meta)
    headers = [tuple(pair) for pair in fields["h"]]
    return KeptPage(fields["g"], fields["t"], fields["e"], headers, body)


class PageCache:
    """Rendered public pages, keyed by path, dropped together when content changes."""

    def __init__(self, url: str, seconds: int) -> None:
        self.seconds = seconds
        self.store = store_for(url)
        self._generation = Generation(self.store, "page cache")
        # Weakly: an app that is gone stops listening by itself.
        content_changed.connect(self._content_changed)

    def _content_changed(self, _sender, **_extra) -> None:
        self.invalidate()

    def invalidate(self) -> None:
        """Every kept page is out of date from now on, for every worker."""
        self._generation.move_on()

    def generation(self) -> int | None:
        """The generation now, to be read before a page is rendered; None when unknown."""
        return self._generation.now()

    def get(self, path: str, variant: str) -> KeptPage | None:
        try:
            generation, record = self.store.get(path, variant)
        except redis.RedisError:
            return None
        if record is None:
            return None
        page = _unpack(record)
        return page if page.generation == generation else None

    def put(self, key: str, page: KeptPage, seconds: int | None = None) -> dict[str, bytes]:
        """Keep a rendered page (as it is, and compressed) under `key` (kept_key) for `seconds`
        at most; the bodies by variant. `page.headers` may be a response's: what belongs to
        one response only (Set-Cookie, the date) is left out."""
        bodies = {"identity": page.body}
        bodies.update({name: compression.encode(page.body, name) for name in VARIANTS[1:]})
        headers = [(name, value) for name, value in page.headers if name.lower() not in NOT_KEPT]
        records = {
            variant: _pack(replace(page, headers=headers, body=data))
            for variant, data in bodies.items()
        }
        try:
            self.store.put(key, records, min(seconds or self.seconds, self.seconds))
        except redis.RedisError:
            log.warning("page cache: Redis did not keep a page; it will be rendered again")
        return bodies


def is_still_fresh(page: KeptPage, variant: str, if_none_match: str, if_modified_since: str):
    """Whether the browser's copy is this page (If-None-Match first, else the date)."""
    if if_none_match:
        wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in wanted or any(page.etag_for(v) in wanted for v in VARIANTS)
    if if_modified_since:
        try:
            return parsedate_to_datetime(if_modified_since).timestamp() >= int(page.made_at)
        except (TypeError, ValueError):
            return False
    return False


def response_headers(page: KeptPage, variant: str) -> list[tuple[str, str]]:
    headers = list(page.headers)
    headers.append(("ETag", page.etag_for(variant)))
    headers.append(("Last-Modified", formatdate(page.made_at, usegmt=True)))
    if variant != "identity":
        headers.append(("Content-Encoding", variant))
    return headers


def kept_key(environ) -> str:
    """What a kept page is found by: its path, and its query string as sent."""
    query = environ.get("QUERY_STRING", "")
    return environ.get("PATH_INFO", "") + ("?" + query if query else "")


@lru_cache(maxsize=512)
def _language_for(cookie_language: str | None, accept_language: str) -> str:
    return i18n.language_for(cookie_language, accept_language)


class ServeFromCache:
    """WSGI middleware: a kept page for a request that can only be asking for it."""

    def __init__(self, wsgi_app, cache: PageCache, kiosk_networks) -> None:
        self.wsgi_app = wsgi_app
        self.cache = cache
        self.kiosk_networks = kiosk_networks

    def __call__(self, environ, start_response):
        page, variant = self._kept_page(environ)
        if page is None:
            return self.wsgi_app(environ, start_response)
        headers = response_headers(page, variant)
        if is_still_fresh(
            page,
            variant,
            environ.get("HTTP_IF_NONE_MATCH", ""),
            environ.get("HTTP_IF_MODIFIED_SINCE", ""),
        ):
            headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
            start_response("304 Not Modified", headers)
            return [b""]
        headers.append(("Content-Length", str(len(page.body))))
        start_response("200 OK", headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [page.body]

    def _kept_page(self, environ) -> tuple[KeptPage | None, str]:
        # A query string is looked up as it is: only the queries that a view declared safe were
        # ever kept (portal/http_caching.py), so any other finds nothing and goes to Flask.
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or environ.get("HTTP_HX_REQUEST"):
            return None, ""
        path = environ.get("PATH_INFO", "")
        language = i18n.language_from_prefix(path)
        if language is None:
            return None, ""
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        if SESSION_COOKIE in cookies or kiosk.COOKIE_NAME in cookies:
            return None, ""
        if kiosk.address_in(environ.get("REMOTE_ADDR"), self.kiosk_networks):
            return None, ""
        # A page in another language than the remembered one sets the language cookie: Flask.
        remembered = cookies.get(i18n.COOKIE_NAME)
        if _language_for(remembered, environ.get("HTTP_ACCEPT_LANGUAGE", "")) != language:
            return None, ""
        variant = compression.choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", "")) or "identity"
        return self.cache.get(kept_key(environ), variant), variant

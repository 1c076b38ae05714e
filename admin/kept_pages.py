"""Staff pages kept for the session that asked for them, until a record they show changes.

Caseworkers reload the queue all day. At 100,000 cases drawing it costs some 15 ms of server
time, and most of the time nothing in it has changed since the last time. A view marked
`@kept_for_session` has its page kept, as drawn, and sent again to the same session while
all of these hold:

- no commit has written to a table since the page was drawn, other than QUIET_TABLES: the
  page carries the RECORDS token it was drawn under (portal/checked_copies.py), which every
  such commit changes in the page cache's store, so every worker and every server sees it
  at once (Redis in production; this process alone with memory://). It is read before the
  page is drawn, so a page drawn from data older than a change is never kept as newer;
- the page is at most KEEP_SECONDS old: ages, "overdue" and the session's end time move
  with the clock;
- same session (by a hash of its id), person, path and query, language, and the same
  htmx request headers;
- the session has no message waiting to be shown, and drawing the page wrote nothing to
  the session.

The access rule always runs first: a kept page is only sent after `requires` let the
request through and the session's time limits were checked (admin/__init__.py). Kept pages
stay in this process's memory and never go to Redis, since they hold residents' names;
each worker keeps at most MEMORY_BYTES. With PORTAL_PAGE_CACHE_URL=off nothing is kept.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from flask import Flask, Response, current_app, request, session
from flask_login import current_user

from portal import compression
from portal.checked_copies import QUIET_TABLES, RECORDS, tokens_for
from portal.i18n import current_language
from portal.signals import records_changed

KEEP_SECONDS = 30
# What one worker keeps at most, counted as the pages' bytes (every encoding) and keys: a
# flood of queries nobody asked before only pushes the oldest pages out.
MEMORY_BYTES = 16 * 1024 * 1024
# The request headers that choose between a whole page and a part of it.
HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-Target", "HX-History-Restore-Request")
EXTENSION = "admin.kept_pages"


@dataclass
class KeptPage:
    token: str  # the RECORDS token it was drawn under
    expires: float  # time.monotonic()
    headers: list[tuple[str, str]]
    bodies: dict[str, bytes] = field(default_factory=dict)  # by encoding; "identity" always

    def body(self, variant: str) -> bytes:
        """The page in `variant`, compressed the first time a browser asks for it so."""
        if variant not in self.bodies:
            self.bodies[variant] = compression.encode(self.bodies["identity"], variant)
        return self.bodies[variant]

    def size(self) -> int:
        """Bytes held, counting each encoding at most as large as the page itself."""
        return len(self.bodies["identity"]) * (1 + len(compression.ENCODINGS))


class KeptPages:
    """This process's kept staff pages."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, KeptPage] = OrderedDict()
        self._bytes = 0
        # Weakly: an app that is gone stops listening by itself.
        records_changed.connect(self._records_changed)

    def _records_changed(self, _sender, tables: frozenset[str] = frozenset(), **_extra) -> None:
        if not tables - QUIET_TABLES:
            return
        # Their token is out of date now anyway: give the memory back at once.
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def get(self, key: str, token: str) -> KeptPage | None:
        page = self._pages.get(key)
        if page is None or page.token != token or page.expires < time.monotonic():
            return None
        return page

    def put(self, key: str, page: KeptPage) -> None:
        size = len(key) + page.size()
        if size > MEMORY_BYTES // 8:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(key) + old.size()
            self._pages[key] = page
            self._bytes += size
            # Oldest first: let go of every page past its time (they hold residents' names),
            # and of the oldest beyond the memory allowed.
            now = time.monotonic()
            while self._bytes > MEMORY_BYTES or next(iter(self._pages.values())).expires < now:
                old_key, old = self._pages.popitem(last=False)
                self._bytes -= len(old_key) + old.size()

    def bytes_held(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._pages)


def _key() -> str | None:
    """What a kept page is found by; None when this request's page must not be kept."""
    session_id = getattr(session, "session_id", None)
    if not session_id or request.method != "GET" or "_flashes" in session:
        return None
    parts = [
        hashlib.sha256(session_id.encode()).hexdigest(),
        str(current_user.id),
        current_language(),
        request.full_path,
        *(request.headers.get(name, "") for name in HTMX_HEADERS),
    ]
    return "\n".join(parts)


def _response(page: KeptPage) -> Response:
    variant = compression.choose_encoding(request.headers.get("Accept-Encoding", "")) or "identity"
    response = Response(page.body(variant), headers=page.headers)
    if variant != "identity":
        response.headers["Content-Encoding"] = variant
    response.vary.add("Accept-Encoding")
    return response


def kept_for_session(view: Callable) -> Callable:
    """Keep this GET view's page for the session (see the module's description). Put it
    under the access rule, so the rule is checked before a kept page is sent."""

    @wraps(view)
    def kept_or_drawn(*args, **kwargs):
        pages: KeptPages | None = current_app.extensions.get(EXTENSION)
        key = _key() if pages is not None else None
        seen = tokens_for(current_app).now(RECORDS) if key is not None else None
        if seen is None:
            return view(*args, **kwargs)
        token = seen[RECORDS]
        page = pages.get(key, token)
        if page is not None:
            return _response(page)
        session_before = dict(session)
        response = current_app.make_response(view(*args, **kwargs))
        if (
            response.status_code != 200
            or response.mimetype != "text/html"
            or response.is_streamed
            or "Set-Cookie" in response.headers
            or dict(session) != session_before
        ):
            return response
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
        page = KeptPage(token, time.monotonic() + KEEP_SECONDS, headers)
        page.bodies["identity"] = response.get_data()
        pages.put(key, page)
        return _response(page)

    return kept_or_drawn


def init_app(app: Flask) -> None:
    if tokens_for(app) is not None:
        app.extensions[EXTENSION] = KeptPages()

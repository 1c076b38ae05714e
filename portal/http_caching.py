"""Which responses may be kept: by the browser for a minute, and by the page cache for everyone.

Every response is `Cache-Control: no-store` (portal/security.py) unless this module proves
it holds nothing personal. A response is *shareable* when all of these hold:

- its view is marked `@same_for_everyone`: it reads no session, no user and nothing a
  person sent, only published content and settings (start, information pages, the
  accessibility and privacy statements, search, the guide, the calculator, the topics);
- GET or HEAD with no query string, or only the query names the view declares safe: the
  page is then a function of those values and of published data, the same bytes for
  anyone who asks the same (search `?q=`, the free times' `?week=`). Any other query is a
  person's own (their answers to the guide, the loan they asked about), and so is the page;
- not from a kiosk (marked by cookie or by address), not an htmx request, no session
  cookie sent (so the session was empty), and nothing written to the session;
- 200, HTML, and no cookie set but the language cookie.

A shareable response goes into the page cache (portal/page_cache.py) without its
Set-Cookie, and is sent with an ETag and a Last-Modified date. Without a query, and when the
page changes only with content, it is also `Cache-Control: private, max-age=60` (a browser
revalidates after a minute and gets `304` when nothing changed). With a query, or when the
page changes by itself (free times are booked), the browser is told `no-store`: what a person
searched for stays out of their browser's cache, and a time taken a minute ago is not offered
from it; the page cache keeps such a page for `keep_seconds` at most.
`private`: a proxy between the browser and the portal keeps nothing, so a kiosk known only by
its address can never be handed a copy that a proxy kept for someone else.
`tests/security/test_cache_policy.py` lists every route with the policy it sends.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate

from flask import Flask, Response, current_app, g, request, session

from portal import compression, kiosk
from portal.extensions import htmx
from portal.page_cache import (
    ETAG_SUFFIX,
    SESSION_COOKIE,
    KeptPage,
    PageCache,
    ServeFromCache,
    kept_key,
)

BROWSER_SECONDS = 60
SHAREABLE = f"private, max-age={BROWSER_SECONDS}"
NOT_STORED = "no-store"
# What a shareable page's bytes or policy depend on, besides its path.
VARY = ("Accept-Encoding", "Cookie", "HX-Request")


@dataclass(frozen=True)
class Sharing:
    query: frozenset[str]  # query names the page is a pure function of
    keep_seconds: int | None  # None: until content changes (or PAGE_CACHE_SECONDS)


def same_for_everyone(
    view: Callable | None = None, *, query: tuple[str, ...] = (), keep_seconds: int | None = None
):
    """Mark a view whose page, asked for with no query but `query`, is the same for everyone.

    `keep_seconds`: for a page that changes without content_changed (free times change when
    someone books), how long the page cache may keep it.
    """

    def mark(function: Callable) -> Callable:
        function.sharing = Sharing(frozenset(query), keep_seconds)
        return function

    return mark(view) if view is not None else mark


def sharing_of(endpoint: str | None) -> Sharing | None:
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, "sharing", None)


def has_only_safe_query(sharing: Sharing) -> bool:
    names = [name for name, _value in request.args.items(multi=True)]
    return len(names) == len(set(names)) and set(names) <= sharing.query


def page_cache() -> PageCache | None:
    return current_app.extensions.get("portal.page_cache")


def may_be_shared_before_rendering() -> bool:
    """What can be known of the request before the view runs."""
    sharing = sharing_of(request.endpoint)
    return (
        request.method in ("GET", "HEAD")
        and sharing is not None
        and has_only_safe_query(sharing)
        and SESSION_COOKIE not in request.cookies
        and not htmx
        and not kiosk.is_kiosk()
    )


def is_shareable(response: Response) -> bool:
    cookies = response.headers.getlist("Set-Cookie")
    return (
        g.get("may_be_shared", False)
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not response.is_streamed
        # No session cookie was sent, so the session was empty: nothing personal could come
        # from it. Written to (a CSRF token, a draft), the page is the start of someone's own.
        and not session.modified
        and all(cookie.startswith("lang=") for cookie in cookies)
    )


def read_generation() -> None:
    """Before the view: whether the page may be shared, and the cache's generation *now*,
    before any data is read, so a page rendered from data older than a change is never
    kept as if it were newer."""
    g.may_be_shared = may_be_shared_before_rendering()
    cache = page_cache()
    if g.may_be_shared and cache is not None:
        g.page_generation = cache.generation()


def apply_policy(response: Response) -> Response:
    """After the view: keep and mark a shareable page; everything else stays no-store."""
    if not is_shareable(response):
        return response
    body = response.get_data()
    made_at = time.time()
    etag = hashlib.sha256(body).hexdigest()[:20]
    sharing = sharing_of(request.endpoint)
    if not request.query_string and sharing.keep_seconds is None:
        response.headers["Cache-Control"] = SHAREABLE
    response.vary.update(VARY)
    cache, generation = page_cache(), g.get("page_generation")
    bodies = {"identity": body}
    if cache is not None and generation is not None:
        kept = KeptPage(generation, made_at, etag, list(response.headers.items()), body)
        bodies = cache.put(kept_key(request.environ), kept, sharing.keep_seconds)
    encoding = compression.choose_encoding(request.headers.get("Accept-Encoding", ""))
    variant = encoding if encoding in bodies else "identity"
    if variant != "identity":
        response.set_data(bodies[variant])
        response.headers["Content-Encoding"] = variant
    response.set_etag(etag + ETAG_SUFFIX[variant])
    response.headers["Last-Modified"] = formatdate(made_at, usegmt=True)
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    """Register the hooks; call after compression.init_app and before the security headers,
    so this runs after the headers are set and before Flask-Compress looks at the response."""
    url = app.config["PAGE_CACHE_URL"]
    if url != "off":
        cache = PageCache(url, app.config["PAGE_CACHE_SECONDS"])
        app.extensions["portal.page_cache"] = cache
        app.wsgi_app = ServeFromCache(app.wsgi_app, cache, app.config["KIOSK_ADDRESSES"])
    app.before_request(read_generation)
    app.after_request(apply_policy)

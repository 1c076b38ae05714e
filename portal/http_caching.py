"""Which responses may be kept: by the browser for a minute, and by the page cache for everyone.

Every response is `Cache-Control: no-store` (portal/security.py) unless this module proves
it holds nothing personal. A response is *shareable* when all of these hold:

- its view is marked `@same_for_everyone`: it reads no session, no user and nothing a
  person sent, only published content and settings (start, information pages, the
  accessibility and privacy statements, search, the guide, the calculator, the topics);
- GET or HEAD with no query string at all: a query is a person's own (what they searched
  for, their answers to the guide, the loan they asked about), and such a page is theirs;
- not from a kiosk (marked by cookie or by address), not an htmx request, no session
  cookie sent (so the session was empty), and nothing written to the session;
- 200, HTML, and no cookie set but the language cookie.

A shareable response is sent `Cache-Control: private, max-age=60` with an ETag and a
Last-Modified date (a browser revalidates after a minute and gets `304` when nothing
changed), and it goes into the page cache (portal/page_cache.py) without its Set-Cookie.
`private`: a proxy between the browser and the portal keeps nothing, so a kiosk known only by
its address can never be handed a copy that a proxy kept for someone else.
`tests/security/test_cache_policy.py` lists every route with the policy it sends.
"""

import hashlib
import time
from collections.abc import Callable
from email.utils import formatdate

from flask import Flask, Response, current_app, g, request, session

from portal import compression, kiosk
from portal.extensions import htmx
from portal.page_cache import ETAG_SUFFIX, SESSION_COOKIE, PageCache, ServeFromCache

BROWSER_SECONDS = 60
SHAREABLE = f"private, max-age={BROWSER_SECONDS}"
NOT_STORED = "no-store"
# What a shareable page's bytes or policy depend on, besides its path.
VARY = ("Accept-Encoding", "Cookie", "HX-Request")


def same_for_everyone(view: Callable) -> Callable:
    """Mark a view whose page, asked for without a query, is the same for everyone."""
    view.same_for_everyone = True
    return view


def is_marked(endpoint: str | None) -> bool:
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, "same_for_everyone", False)


def page_cache() -> PageCache | None:
    return current_app.extensions.get("portal.page_cache")


def may_be_shared_before_rendering() -> bool:
    """What can be known of the request before the view runs."""
    return (
        request.method in ("GET", "HEAD")
        and not request.query_string
        and is_marked(request.endpoint)
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
    response.headers["Cache-Control"] = SHAREABLE
    response.vary.update(VARY)
    cache, generation = page_cache(), g.get("page_generation")
    bodies = {"identity": body}
    if cache is not None and generation is not None:
        bodies = cache.put(request.path, generation, body, response.headers.items(), made_at, etag)
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

"""Links in information pages that lead nowhere.

Internal links are checked when a page is saved: a link to an information page that
does not exist (`/nb/info/<slug>`, unless an archived page's redirect answers there), to
an image that was never uploaded, or to a path no page of the portal answers, is refused
with the link named. External links cannot be checked while an editor waits: `flask
check-links` asks each site in turn (short timeouts, a few at a time) and reports the
ones that answer with an error or not at all.
"""

import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import ImageVariant, Page, PageRedirect
from portal.services.information import image_names, markdown

_INFO = re.compile(r"^/(?P<language>[a-z]{2,3})/info/(?P<slug>[^/?#]+)/?(?:[?#].*)?$")
USER_AGENT = "Boligportalen link check (Eigersund kommune)"
TIMEOUT_SECONDS = 5
WORKERS = 4


def _is_local(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def broken_internal_links(
    session: Session, text: str, *, is_route: Callable[[str], bool]
) -> list[str]:
    """The links in `text` to pages, images or paths of this site that do not exist, each
    once, in the order they appear. `is_route` says whether a path answers at all."""
    local = list(dict.fromkeys(url for url in markdown.urls_in(text) if _is_local(url)))
    slugs = {match["slug"] for url in local if (match := _INFO.match(url))}
    known = set(session.scalars(select(Page.slug).where(Page.slug.in_(slugs))))
    known |= set(
        session.scalars(select(PageRedirect.from_slug).where(PageRedirect.from_slug.in_(slugs)))
    )
    media = {name for url in local if (name := image_names.name_in_url(url))}
    stored = set(session.scalars(select(ImageVariant.name).where(ImageVariant.name.in_(media))))
    broken = []
    for url in local:
        info = _INFO.match(url)
        name = image_names.name_in_url(url)
        if info:
            ok = is_route(url) and info["slug"] in known
        elif name:
            ok = name in stored
        else:
            ok = not url.startswith(image_names.MEDIA_PREFIX) and is_route(url)
        if not ok:
            broken.append(url)
    return broken


def external_links(session: Session) -> dict[str, list[str]]:
    """Every http(s) link on a published page, with the pages (`/<lang>/info/<slug>`) it is on."""
    found: dict[str, list[str]] = {}
    pages = session.execute(
        select(Page.slug, Page.language, Page.body)
        .where(Page.is_published.is_(True))
        .order_by(Page.slug, Page.language)
    )
    for slug, language, body in pages:
        for url in markdown.urls_in(body):
            if url.lower().startswith(("http://", "https://")):
                where = f"/{language}/info/{slug}"
                if where not in found.setdefault(url, []):
                    found[url].append(where)
    return found


@dataclass(frozen=True)
class BrokenLink:
    url: str
    problem: str  # "HTTP 404", "timeout", "ConnectionRefusedError", ...
    pages: list[str]


def check_external(
    links: dict[str, list[str]],
    *,
    timeout: float = TIMEOUT_SECONDS,
    workers: int = WORKERS,
    fetch: Callable[[str, float], str | None] | None = None,
) -> list[BrokenLink]:
    """Ask every site; the links that failed, in the order given. `fetch(url, timeout)`
    returns None when the link works, else what went wrong."""
    fetch = fetch or problem_with
    urls = list(links)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        problems = list(pool.map(lambda url: fetch(url, timeout), urls))
    return [
        BrokenLink(url, problem, links[url])
        for url, problem in zip(urls, problems, strict=True)
        if problem is not None
    ]


def problem_with(url: str, timeout: float) -> str | None:
    """None if `url` answers (following redirects) with a success; else what went wrong.

    HEAD first, to fetch nothing; a site that does not take HEAD is asked with GET.
    """
    headers = {"User-Agent": USER_AGENT}
    for method in ("HEAD", "GET"):
        # http and https only (external_links): no file: or other schemes.
        request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=timeout):  # noqa: S310
                return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return f"HTTP {error.code}"
        except TimeoutError:
            return "timeout"
        except urllib.error.URLError as error:
            reason = error.reason
            return "timeout" if isinstance(reason, TimeoutError) else type(reason).__name__
        except OSError as error:
            return type(error).__name__
    return None


def report(broken: Iterable[BrokenLink]) -> list[str]:
    """Lines for the command's output: each broken link, what went wrong, and where it is."""
    return [f"{link.url} — {link.problem} — on {', '.join(link.pages)}" for link in broken]

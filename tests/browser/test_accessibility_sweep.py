"""Every page of the portal, in every language, on a phone and a desktop: axe-core finds no
WCAG 2.0/2.1/2.2 A or AA violation, nothing scrolls sideways at 320 px or with text at
200 %, and a form sent empty (or with its fields cleared) shows an error summary that
takes focus and is axe-clean too.

The pages are those of `app.url_map` (tests/browser/sweep_plan.py says how each is reached;
the first test here fails for a GET route that is neither swept nor skipped with a reason),
over the demo data (portal/demo.py). One browser, one context per language and viewport,
each page once per context; every finding is collected, and reported together at the end.
Public pages take their language from the address, staff pages from the browser's
Accept-Language (the context's locale). On the SQLite pass only: the pages are the same
on PostgreSQL, and the sweep takes minutes.
"""

import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy.orm import sessionmaker

from portal import create_app, demo
from portal.db import db, utcnow
from portal.extensions import limiter
from portal.i18n import LANGUAGES
from tests.browser.conftest import VIEWPORTS, axe_findings, has_horizontal_scroll
from tests.browser.sweep_plan import (
    SKIPPED,
    VISITS,
    Visit,
    Visitor,
    add_times,
    site_values,
    staff_for,
)
from tests.conftest import SCRATCH, app_settings, empty_tables

NARROW = {"width": 320, "height": 640}
# Fields a person types into: cleared before the form is sent, to make it refuse.
TYPED = (
    "input:not([type=hidden]):not([type=radio]):not([type=checkbox]):not([type=file])"
    ":not([type=submit]):not([type=button]), textarea"
)


def test_every_get_route_is_swept_or_skipped_with_a_reason(app):
    pages = {rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    swept = {visit.rule for visit in VISITS}

    assert pages - swept - set(SKIPPED) == set(), "swept nowhere, skipped for no reason"
    assert (swept | set(SKIPPED)) - pages == set(), "no longer in the url_map"
    assert swept & set(SKIPPED) == set()
    assert all(reason.strip() for reason in SKIPPED.values())


@pytest.fixture
def demo_site(database_url, live_server, engine):
    """The demo data in the live server's database; emptied afterwards."""
    if not database_url.startswith("sqlite"):
        pytest.skip("the sweep runs on the SQLite pass: the pages are the same on PostgreSQL")
    app = create_app(app_settings(database_url))
    with app.app_context():
        for _line in demo.seed(db.session, files=SCRATCH / "attachments", now=utcnow()):
            pass
        db.session.remove()
    db.engine_for(app).dispose()
    session = sessionmaker(bind=engine, expire_on_commit=False)()
    yield session
    session.close()
    empty_tables(engine)


@pytest.mark.timeout(1500)
def test_every_page_in_every_language_and_viewport_is_accessible(
    browser: Browser, live_server: str, demo_site
):
    started = time.monotonic()
    add_times(demo_site, utcnow())
    values = site_values(demo_site)
    findings, pages = [], 0
    for lang in LANGUAGES:
        for viewport in VIEWPORTS:
            # One address plays every visitor: give each the room a person would have.
            limiter.reset()
            context = browser.new_context(
                viewport=VIEWPORTS[viewport], base_url=live_server, locale=lang
            )
            page = context.new_page()
            page.set_default_timeout(10_000)
            visitor = Visitor(context, lang, {**values, **staff_for(demo_site, lang)})
            for visit in VISITS:
                found, swept = sweep(page, visitor, visit)
                findings += [f"{visit.path} [{lang}, {viewport}] {f}" for f in found]
                pages += swept
            context.close()
    seconds = time.monotonic() - started
    routes = len({visit.rule for visit in VISITS})
    print(f"\nSwept {routes} routes: {pages} page states in {len(LANGUAGES)} languages and"
          f" {len(VIEWPORTS)} viewports, in {seconds:.0f} s")  # fmt: skip

    assert findings == [], f"{len(findings)} findings:\n" + "\n".join(findings)


def sweep(page: Page, visitor: Visitor, visit: Visit) -> tuple[list[str], int]:
    """What is wrong with the page (and its error state), and how many states were checked."""
    try:
        if visit.before:
            visit.before(visitor)
        path = visitor.path(visit.path)
        response = page.goto(path)
        if response.status != 200 or urlsplit(page.url).path != urlsplit(path).path:
            return [f"answered {response.status} at {page.url}"], 0
        if visit.after:
            visit.after(visitor, page.content())
        found = check(page, visitor.lang)
        if visit.errors is None:
            return found, 1
        return found + [f"(errors) {f}" for f in check_errors(page, visit, visitor.lang)], 2
    except (PlaywrightError, AssertionError, AttributeError, KeyError, ValueError) as error:
        return [f"could not be swept: {str(error).splitlines()[0]}"], 0


def check(page: Page, lang: str) -> list[str]:
    found = []
    if page.locator("html").get_attribute("lang") != lang:
        found.append(f"html lang is {page.locator('html').get_attribute('lang')}")
    found += axe_findings(page)
    viewport = page.viewport_size
    if viewport["width"] < VIEWPORTS["desktop"]["width"]:
        page.set_viewport_size(NARROW)
        if has_horizontal_scroll(page):
            found.append("scrolls sideways at 320 px")
        page.set_viewport_size(viewport)
    else:
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        if has_horizontal_scroll(page):
            found.append("scrolls sideways with text at 200 %")
        page.evaluate("document.documentElement.style.fontSize = ''")
    return found


def check_errors(page: Page, visit: Visit, lang: str) -> list[str]:
    """Send the page's form with its typed fields empty: the error summary, focused."""
    form = page.locator(visit.errors).first
    form.locator(TYPED).evaluate_all("fields => fields.forEach(field => { field.value = ''; })")
    form.locator("button:not([type=button]), input[type=submit]").first.click(timeout=5_000)
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible", timeout=5_000)
    page.wait_for_load_state("load")
    found = check(page, lang)
    if not summary.evaluate("summary => summary.contains(document.activeElement)"):
        found.append("the error summary did not take focus")
    return found

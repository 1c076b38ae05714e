"""Real Chromium (Debian's /usr/bin/chromium) through Playwright, with axe-core.

Never a browser that Playwright downloads. Each page fixture is one viewport;
`page_without_js` runs with JavaScript switched off.
"""

import weakref
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from portal.extensions import limiter

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Only the violations come back: the details of every rule that passed are most of the
# work and of the answer, and no test reads them.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = Axe()
# Pages opened with JavaScript off: axe cannot run inside them (it is JavaScript).
_pages_without_js: "weakref.WeakSet[Page]" = weakref.WeakSet()


# The browser sees the same pages whichever database is behind them, and the PostgreSQL
# pass checks the database through the service, view, security and production tests; so
# the browser tests run on the SQLite pass only, which keeps .ci/run within its 30 minutes.
ON_POSTGRESQL_TOO = "run on the SQLite pass: the pages are the same on PostgreSQL"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if "[postgresql" in item.nodeid:
                item.add_marker(pytest.mark.skip(reason=f"browser tests {ON_POSTGRESQL_TOO}"))


@pytest.fixture(autouse=True)
def fresh_rate_limits(live_server) -> None:
    """Every browser test comes from 127.0.0.1: each starts with the room one visitor has,
    not what the tests before it used up (30 case look-ups an hour, for one)."""
    limiter.reset()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser: Browser, base_url: str, viewport: dict, **options) -> Iterator[Page]:
    # A browser set up in Norway: staff pages follow Accept-Language, public ones the URL.
    options.setdefault("locale", "nb-NO")
    context = browser.new_context(viewport=viewport, base_url=base_url, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    if options.get("java_script_enabled") is False:
        _pages_without_js.add(page)
    yield page
    context.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, live_server) -> Iterator[Page]:
    """A page on a phone and, in a second run of the test, on a desktop."""
    yield from _page(browser, live_server, VIEWPORTS[request.param])


@pytest.fixture
def phone_page(browser, live_server) -> Iterator[Page]:
    yield from _page(browser, live_server, PHONE)


@pytest.fixture
def desktop_page(browser, live_server) -> Iterator[Page]:
    yield from _page(browser, live_server, DESKTOP)


@pytest.fixture(params=list(VIEWPORTS))
def page_without_js(request, browser, live_server) -> Iterator[Page]:
    yield from _page(browser, live_server, VIEWPORTS[request.param], java_script_enabled=False)


def _axe_violations(page: Page) -> list[dict]:
    # A click that follows a link returns before the next page has loaded; axe
    # started in that gap finds no document. Wait for the page, and once more
    # if a navigation was still under way when axe began.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            result = _axe.run(page, options=AXE_OPTIONS)
        except PlaywrightError as error:
            if attempt == 2 or not _navigation_under_way(error):
                raise
            page.wait_for_timeout(100)
        else:
            return result.response["violations"]
    raise AssertionError("unreachable")


def _navigation_under_way(error: PlaywrightError) -> bool:
    message = str(error)
    return "reading 'documentElement'" in message or "context was destroyed" in message


def _violations_without_js(page: Page) -> list[dict]:
    """Check the HTML a JavaScript-less browser got, in a twin page where axe can run.

    The twin gets the same markup at the same URL (so the CSS loads as before),
    and none of the site's scripts, so it shows what the person without them saw.
    """
    # After a form is sent, the page may still be between documents: wait until the new
    # one is there (every page of ours has a <title>).
    for _ in range(20):
        page.wait_for_load_state("load")
        html = page.content()
        if "<title>" in html:
            break
        page.wait_for_timeout(100)
    context = page.context.browser.new_context(viewport=page.viewport_size)
    twin = context.new_page()
    twin.route("**/*.js*", lambda route: route.abort())
    twin.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html"))
    twin.goto(page.url)
    try:
        return _axe_violations(twin)
    finally:
        context.close()


def axe_findings(page: Page) -> list[str]:
    """Each WCAG 2.0/2.1/2.2 A or AA violation axe-core finds on the page as it is now:
    its rule, impact and the first elements it concerns."""
    if page in _pages_without_js:
        violations = _violations_without_js(page)
    else:
        violations = _axe_violations(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} → "
        + "; ".join(str(node["target"][0]) if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    ]


def assert_accessible(page: Page) -> None:
    """Fail on any WCAG 2.0/2.1/2.2 A or AA violation axe-core finds on the page as it is now."""
    findings = axe_findings(page)
    assert findings == [], f"axe found on {page.url}:\n" + "\n".join(findings)


def has_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def tab_to(page: Page, locator, limit: int = 80) -> None:
    """Press Tab until `locator` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"never reached {locator}")


def sign_in_with_the_keyboard(page: Page, person, password: str) -> None:
    """Sign in at /admin/login with the keyboard only (a person with no second factor)."""
    page.goto("/admin/login")
    tab_to(page, page.locator("#email"))
    page.keyboard.type(person.email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")

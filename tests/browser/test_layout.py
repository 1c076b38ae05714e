"""The base layout, as a person meets it: every page axe-clean on a phone and a desktop."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from portal.services.information.content_import import import_content
from tests.browser.conftest import assert_accessible, has_horizontal_scroll

LANGUAGES = ["nb", "nn", "en"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "path", ["/", "/feedback?page=/nb/", "/feedback/thanks?page=/nb/", "/does-not-exist"]
)
def test_every_page_has_no_wcag_violations(page: Page, live_app_data, lang, path):
    import_content(live_app_data, now=datetime.now(UTC))  # the start page's cards and menu
    page.goto(f"/{lang}{path}")

    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)


def test_the_error_summary_of_a_form_has_no_wcag_violations(page: Page):
    page.goto("/nb/feedback?page=/nb/")
    page.get_by_role("button", name="Send tilbakemelding").click()

    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_horizontal_scroll_at_320_pixels(browser, live_server, lang):
    context = browser.new_context(viewport={"width": 320, "height": 640}, base_url=live_server)
    page = context.new_page()
    for path in ["/", "/feedback?page=/nb/"]:
        page.goto(f"/{lang}{path}")
        assert not has_horizontal_scroll(page), path
    context.close()


def test_text_at_200_percent_still_fits_without_horizontal_scroll(desktop_page: Page):
    # A desktop at 200 % zoom is 640 CSS pixels wide; the text is doubled on top of that.
    desktop_page.set_viewport_size({"width": 640, "height": 450})
    desktop_page.goto("/nb/")
    desktop_page.evaluate("document.documentElement.style.fontSize = '200%'")

    assert not has_horizontal_scroll(desktop_page)
    expect(desktop_page.get_by_role("heading", level=1)).to_be_visible()


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page: Page):
    page.goto("/nb/")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()


def test_focus_is_visible_on_links(desktop_page: Page):
    desktop_page.goto("/nb/")
    desktop_page.keyboard.press("Tab")
    desktop_page.keyboard.press("Tab")

    focused = desktop_page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.boxShadow, s.backgroundColor]; })()"
    )
    assert focused[0] != "none" or focused[1] != "none"


def test_with_forced_colours_the_focus_outline_remains(desktop_page: Page):
    desktop_page.emulate_media(forced_colors="active")
    desktop_page.goto("/nb/feedback?page=/nb/")
    desktop_page.locator("#comment").focus()

    outline = desktop_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_with_reduced_motion_nothing_moves(desktop_page: Page):
    desktop_page.emulate_media(reduced_motion="reduce")
    desktop_page.goto("/nb/")

    durations = desktop_page.evaluate(
        "[...document.querySelectorAll('*')].map(e => getComputedStyle(e).transitionDuration)"
    )
    assert all(float(d.rstrip("s").split(",")[0]) < 0.001 for d in durations)


def test_the_language_switcher_keeps_the_person_on_the_same_page(page: Page):
    page.goto("/nb/feedback?page=/nb/")

    page.locator('.language-switcher a[hreflang="en"]').click()

    expect(page).to_have_url(re.compile(r"/en/feedback\?page=/nb/$"))
    assert page.locator("html").get_attribute("lang") == "en"


def test_no_request_leaves_for_another_origin(page: Page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto("/nb/")
    page.goto("/en/feedback?page=/en/")
    page.wait_for_load_state("networkidle")

    assert requested
    assert [url for url in requested if not url.startswith(live_server)] == []


def test_the_page_runs_with_no_content_security_policy_violation(page: Page):
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )

    page.goto("/nb/feedback?page=/nb/")
    page.wait_for_load_state("networkidle")

    assert problems == []

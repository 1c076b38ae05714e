"""What axe-core cannot see: where focus goes after a refused form (with and without
JavaScript) and after an htmx swap, whether a swap is announced, journeys done with the
keyboard only, and focus rings and borders in forced-colours mode.

The sweep (test_accessibility_sweep.py) already checks that every refused form's error
summary takes focus with JavaScript on, and that nothing scrolls sideways at 320 px or
with text at 200 %. Keyboard journeys elsewhere: applying (test_apply_journey.py), booking
(test_booking_journey.py), triage (test_casework.py), the calculator, allocation and staff
roles; the kiosk's idle warning is in test_kiosk.py.
"""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.i18n import LANGUAGES
from portal.models import CaseEvent
from tests.browser.conftest import sign_in_with_the_keyboard, tab_to
from tests.browser.test_staff_admin import sign_in_in_browser
from tests.casework import make_case
from tests.factories import make_page
from tests.staff import PASSWORD, make_staff

REFUSED_FORMS = ["/{lang}/feedback?page=/{lang}/", "/{lang}/book/call-me", "/{lang}/case",
                 "/{lang}/apply/resume", "/admin/login"]  # fmt: skip
# Anything a keyboard can reach; in forced colours each must show where focus is.
FOCUSABLE = "a[href], button, input:not([type=hidden]), textarea, select, summary"
BORDERED = (
    ".button, input[type=text], input[type=email], input[type=tel], input[type=password],"
    " input[type=search], input[type=date], input[type=number], textarea, select"
)


def focus_is_in(page: Page, selector: str) -> bool:
    return page.locator(selector).first.evaluate("el => el.contains(document.activeElement)")


def is_announced(page: Page, selector: str) -> bool:
    """Whether new content reaches a screen reader: it sits in a live region that was
    there before the swap, or focus moved into it."""
    return page.locator(selector).first.evaluate(
        "el => el.closest('[aria-live]') !== null || el.contains(document.activeElement)"
    )


@pytest.mark.parametrize("form", REFUSED_FORMS)
def test_without_javascript_a_refused_form_opens_at_its_focused_error_summary(
    page_without_js: Page, form
):
    for lang in LANGUAGES if "{lang}" in form else ["nb"]:
        page_without_js.goto(form.format(lang=lang))
        page_without_js.locator("main form button").first.click()

        expect(page_without_js.locator(".error-summary")).to_be_focused()


def test_search_results_swapped_in_are_announced_and_focus_stays_in_the_box(
    desktop_page: Page, live_app_data
):
    page = desktop_page
    make_page(live_app_data, title="Bostøtte", body="Bostøtte er hjelp til å betale husleie.")
    page.goto("/nb/search")

    page.locator("#q").press_sequentially("bostøtte", delay=20)

    expect(page.locator(".search__count")).to_be_visible()
    assert is_announced(page, ".search__count")
    expect(page.locator("#q")).to_be_focused()


def test_feedback_sent_with_htmx_moves_focus_to_the_thanks(phone_page: Page, live_app_data):
    page = phone_page
    page.goto("/nn/feedback?page=/nn/")
    page.locator("#found_what_they_needed-0").check()
    page.get_by_role("button").click()

    expect(page.locator(".panel")).to_be_focused()
    assert is_announced(page, ".panel")


def test_a_filtered_queue_is_announced_and_focus_stays_on_the_filter(
    desktop_page: Page, live_app_data
):
    page = desktop_page
    make_case(live_app_data, status="in_review", name="Kari Nordmann")
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker"))
    page.goto("/admin/queue")

    page.locator("#status").focus()
    page.keyboard.press("ArrowDown")  # a keyboard user changes a list this way

    expect(page).to_have_url(re.compile(r"status="))
    assert is_announced(page, "#queue-results tbody")
    expect(page.locator("#status")).to_be_focused()


def test_following_a_case_with_the_keyboard_only(phone_page: Page, live_app_data):
    page = phone_page
    case = make_case(live_app_data, status="in_review")
    page.goto("/nb/case")

    tab_to(page, page.locator("#reference"))
    page.keyboard.type(case.reference)
    page.keyboard.press("Tab")
    page.keyboard.type("ABCD-EFGH")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/nb/case/{case.reference}")
    tab_to(page, page.locator("#message"))
    page.keyboard.type("Vi har fått en hund.")
    tab_to(page, page.get_by_role("button", name="Send meldingen"))
    page.keyboard.press("Enter")

    expect(page.locator(".notice--success")).to_be_visible()
    events = live_app_data.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))
    assert any("hund" in event.body for event in events)


def test_editing_an_information_page_with_the_keyboard_only(desktop_page: Page, live_app_data):
    page = desktop_page
    make_page(live_app_data, title="Bostøtte", body="Gammel tekst.")
    editor = make_staff(live_app_data, "editor", enrolled=False)  # no second factor asked
    sign_in_with_the_keyboard(page, editor, PASSWORD)

    tab_to(page, page.get_by_role("navigation", name="Ansattsider").get_by_role(
        "link", name="Informasjonssider"))  # fmt: skip
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Bostøtte"))
    page.keyboard.press("Enter")
    tab_to(page, page.locator("#body"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Ny tekst skrevet med tastaturet.")
    expect(page.locator("#preview")).to_contain_text("Ny tekst skrevet med tastaturet.")
    assert is_announced(page, "#preview")
    tab_to(page, page.get_by_role("button", name="Lagre og publiser"))
    page.keyboard.press("Enter")

    expect(page.locator(".notice--success")).to_be_visible()
    page.goto("/nb/info/bostotte")
    expect(page.locator("main")).to_contain_text("Ny tekst skrevet med tastaturet.")


@pytest.mark.parametrize(
    "path", ["/nb/", "/nb/feedback?page=/nb/", "/nb/book/call-me", "/nb/calculator", "/admin/login"]
)
def test_in_forced_colours_focus_rings_and_borders_stay_visible(browser, live_server, path):
    context = browser.new_context(
        forced_colors="active", base_url=live_server, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(path)

    borderless = page.locator(BORDERED).evaluate_all(
        """els => els.filter(el => el.offsetParent !== null).filter(el => {
               const s = getComputedStyle(el);
               return s.borderStyle === 'none' || parseFloat(s.borderWidth) === 0
                   || s.borderColor === 'rgba(0, 0, 0, 0)';
           }).map(el => el.outerHTML.slice(0, 80))"""
    )
    assert borderless == []
    count = page.locator(FOCUSABLE).evaluate_all(
        "els => els.filter(el => el.offsetParent !== null).length"
    )
    unseen, reached = [], 0
    for _ in range(count):
        page.keyboard.press("Tab")
        ring = page.evaluate(
            """() => { const el = document.activeElement, s = getComputedStyle(el);
                       return [el.outerHTML.slice(0, 80), s.outlineStyle, s.outlineWidth,
                               s.outlineColor, el === document.body]; }"""
        )
        if ring[4]:
            break  # past the last one (a group of radios is one stop, not one per radio)
        reached += 1
        if ring[1] == "none" or ring[2] == "0px" or ring[3] == "rgba(0, 0, 0, 0)":
            unseen.append(ring[:4])
    context.close()

    assert reached > 3
    assert unseen == []

"""The guide, as a person uses it: every step axe-clean, keyboard only, and without JavaScript."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import make_page


@pytest.fixture
def pages(live_app_data):
    for slug, title in [("kommunal-bolig", "Kommunal bolig"), ("veiledning", "Veiledning")]:
        make_page(live_app_data, slug=slug, title=title)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_step_of_the_guide_has_no_wcag_violations(page: Page, pages, lang):
    for query in [
        "",
        "?step=1",
        "?step=1&situation=no_home",
        "?step=2&situation=no_home&children=no",
        "?step=3&situation=no_home&children=no&circumstances=elderly",
    ]:
        page.goto(f"/{lang}/guide{query}")
        assert_accessible(page)


def test_the_guide_with_the_keyboard_only(phone_page: Page, pages):
    page = phone_page
    page.goto("/nb/guide")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    page.locator("#situation-0").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bor det barn under 18 år sammen med deg?"
    )

    page.locator("#children-1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.locator("#circumstances-4").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Dette kan du se nærmere på")
    expect(page.locator(".link-list__title a")).to_have_text(["Kommunal bolig", "Veiledning"])


def test_the_guide_without_javascript_and_back_again(page_without_js: Page, pages):
    page = page_without_js
    page.goto("/en/guide")
    page.get_by_role("button").click()
    expect(page.locator(".error-summary")).to_be_visible()

    page.locator("#situation-0").check()
    page.get_by_role("button").click()
    page.locator("a.back-link").click()
    expect(page.locator("#situation-0")).to_be_checked()


def test_every_box_to_tick_is_the_same_size_however_long_its_label(phone_page: Page):
    phone_page.goto("/nn/guide?step=2&situation=want_to_buy&children=yes")

    widths = phone_page.locator(".choices__input").evaluate_all(
        "boxes => boxes.map(box => box.getBoundingClientRect().width)"
    )
    assert len(set(widths)) == 1

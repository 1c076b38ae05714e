"""The start-loan calculator in a real browser: axe-clean, keyboard, no JavaScript needed."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, has_horizontal_scroll


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_calculator_and_its_result_have_no_wcag_violations(page: Page, lang):
    page.goto(f"/{lang}/calculator")
    assert_accessible(page)

    page.goto(f"/{lang}/calculator?amount=1500000&years=25&rate=4,9")
    expect(page.locator(".summary-figures")).to_be_visible()
    assert_accessible(page)
    assert not has_horizontal_scroll(page)


def test_errors_are_summarised_and_axe_clean(page: Page):
    page.goto("/nb/calculator?amount=&years=&rate=")

    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)


def test_the_calculator_with_the_keyboard_only_and_javascript_off(page_without_js: Page):
    page = page_without_js
    page.goto("/nb/calculator")
    page.locator("#amount").focus()
    page.keyboard.type("2 000 000")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("30")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    page.keyboard.press("Enter")

    expect(page.locator(".summary-figures dd").first).to_contain_text("10")
    expect(page.locator("#amount")).to_have_value("2 000 000")
    assert_accessible(page)

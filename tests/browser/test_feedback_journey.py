"""Giving feedback: with a mouse, the keyboard only, and with JavaScript off."""

from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.models import Feedback
from tests.browser.conftest import assert_accessible


def test_feedback_with_the_keyboard_only(phone_page: Page, live_app_data):
    page = phone_page
    page.goto("/nb/")
    page.locator("footer a", has_text="tilbakemelding").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/nb/feedback?page=/nb/")

    page.locator("#found_what_they_needed-0").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator("#comment")).to_be_focused()
    page.keyboard.type("Fant det jeg trengte")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send tilbakemelding")).to_be_focused()
    page.keyboard.press("Enter")

    thanks = page.locator(".panel")
    expect(thanks).to_be_focused()
    assert_accessible(page)
    stored = live_app_data.scalars(select(Feedback)).one()
    assert (stored.page, stored.comment) == ("/nb/", "Fant det jeg trengte")


def test_errors_move_focus_to_the_summary_and_its_link_leads_to_the_field(page: Page):
    page.goto("/en/feedback?page=/en/")
    page.locator("#comment").fill("My text stays")
    page.get_by_role("button").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").click()

    expect(page.locator("#found_what_they_needed-0")).to_be_focused()
    expect(page.locator("#comment")).to_have_value("My text stays")


def test_feedback_with_javascript_off(page_without_js: Page, live_app_data):
    page = page_without_js
    page.goto("/nn/feedback?page=/nn/")
    page.get_by_role("button").click()

    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)

    page.locator("#found_what_they_needed-1").check()
    page.get_by_role("button").click()

    expect(page).to_have_url(page.url.split("/nn/")[0] + "/nn/feedback/thanks?page=/nn/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    assert live_app_data.scalars(select(Feedback)).one().found_what_they_needed is False

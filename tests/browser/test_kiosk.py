"""The kiosk PC in Chromium: the idle warning, staying, and the screen cleared for the next one."""

import re

from itsdangerous import URLSafeSerializer
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, has_horizontal_scroll
from tests.browser.test_staff_admin import sign_in_in_browser
from tests.conftest import app_settings
from tests.staff import make_staff


def make_kiosk(page: Page, live_server: str) -> None:
    secret = app_settings("")["SECRET_KEY"]
    value = URLSafeSerializer(secret, salt="kiosk-device").dumps("kiosk")
    page.context.add_cookies([{"name": "portal_kiosk", "value": value, "url": live_server}])


def test_an_idle_kiosk_warns_then_clears_the_screen(phone_page: Page, live_server):
    page = phone_page
    make_kiosk(page, live_server)
    page.clock.install()
    page.goto("/nb/book/call-me")
    page.locator("#name").fill("Kari Nordmann")
    assert_accessible(page)
    assert not has_horizontal_scroll(page)

    page.clock.fast_forward(121_000)
    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_visible()
    expect(warning).to_be_focused()
    assert_accessible(page)
    warning.get_by_role("button").click()
    expect(warning).to_be_hidden()
    expect(page.locator("#name")).to_have_value("Kari Nordmann")

    page.clock.fast_forward(181_000)
    page.wait_for_url("**/nb/?cleared=timeout")
    expect(page.locator(".notice")).to_contain_text("Skjermen ble tømt")
    page.go_back()
    expect(page.locator("#name")).not_to_have_value("Kari Nordmann")


def test_finish_and_clear_with_the_keyboard(desktop_page: Page, live_server):
    page = desktop_page
    make_kiosk(page, live_server)
    page.goto("/en/book/call-me")
    page.locator("#name").fill("Kari Nordmann")

    page.get_by_role("button", name="Finish and clear").focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/en/?cleared=finished")
    assert_accessible(page)


def test_an_admin_makes_this_pc_a_kiosk(page: Page, live_app_data):
    sign_in_in_browser(page, make_staff(live_app_data, "admin"))
    page.goto("/admin/kiosk")
    assert_accessible(page)

    page.get_by_role("button", name="Gjør denne PC-en til en kiosk").click()

    expect(page.locator(".kiosk-bar")).to_be_visible()
    assert_accessible(page)
    assert not has_horizontal_scroll(page)


def test_the_idle_warning_is_announced_and_answered_with_the_keyboard(
    desktop_page: Page, live_server
):
    page = desktop_page
    make_kiosk(page, live_server)
    page.clock.install()
    page.goto("/en/book/call-me")
    page.locator("#name").fill("Kari Nordmann")

    page.clock.fast_forward(121_000)
    warning = page.get_by_role("alertdialog", name="Are you still there?")
    expect(warning).to_be_focused()  # a screen reader reads its name and its text
    expect(warning).to_have_accessible_description(re.compile("clear the screen"))
    page.keyboard.press("Tab")
    stay = warning.get_by_role("button")
    expect(stay).to_be_focused()
    page.keyboard.press("Tab")  # the page behind is out of reach while the warning is up
    expect(stay).not_to_be_focused()
    assert not page.locator("#name").evaluate("el => el === document.activeElement")
    stay.focus()
    page.keyboard.press("Enter")

    expect(warning).to_be_hidden()
    expect(page.locator("#name")).to_be_focused()
    expect(page.locator("#name")).to_have_value("Kari Nordmann")
    page.clock.fast_forward(121_000)
    expect(warning).to_be_focused()
    page.keyboard.press("Escape")
    expect(warning).to_be_hidden()

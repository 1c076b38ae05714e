"""An editor signs in, edits a page, previews it and publishes it, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import make_page
from tests.staff import PASSWORD, code_for, make_staff


@pytest.fixture
def editor(live_app_data):
    make_page(live_app_data, title="Bostøtte", body="Gammel tekst.")
    return make_staff(live_app_data, "editor", name="Eva Editor")


def sign_in(page: Page, person) -> None:
    page.goto("/admin/login")
    page.locator("#email").fill(person.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    page.wait_for_load_state()
    if "/admin/two-factor" in page.url:  # editors need the code only when the setting asks
        page.locator("#code").fill(code_for(person))
        page.locator("#code").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eva Editor")


def test_edit_preview_and_publish_a_page(page: Page, editor):
    sign_in(page, editor)
    page.get_by_role("navigation", name="Ansattsider").get_by_role(
        "link", name="Informasjonssider"
    ).click()
    expect(page).to_have_url(re.compile(r"/admin/pages$"))
    assert_accessible(page)
    page.get_by_role("link", name="Bostøtte").click()
    expect(page.locator("#body")).to_be_visible()
    assert_accessible(page)

    page.locator("#body").fill("## Ny overskrift\n\nNy tekst om bostøtte.")
    expect(page.locator("#preview h2")).to_have_text("Ny overskrift")  # live preview (htmx)
    page.get_by_role("button", name="Lagre og publiser").click()

    expect(page.locator(".notice--success")).to_be_visible()
    assert_accessible(page)
    page.goto("/nb/info/bostotte")
    expect(page.locator("main h2").first).to_have_text("Ny overskrift")


def test_preview_and_save_without_javascript(page_without_js: Page, editor):
    page = page_without_js
    sign_in(page, editor)
    page.goto("/admin/pages")
    page.get_by_role("link", name="Bostøtte").click()

    page.locator("#body").fill("Utkast uten JavaScript.")
    page.get_by_role("button", name="Forhåndsvis").click()
    expect(page.locator("#preview")).to_contain_text("Utkast uten JavaScript.")
    page.get_by_role("button", name="Lagre utkast").click()

    expect(page.locator(".notice--success")).to_be_visible()
    page.get_by_role("link", name="Historikk og eldre versjoner").click()
    expect(page.locator("tbody tr")).to_have_count(2)
    assert_accessible(page)


def test_the_settings_page_has_no_wcag_violations(page: Page, editor):
    sign_in(page, editor)
    page.goto("/admin/settings")

    assert_accessible(page)
    page.get_by_role("button", name="Lagre").click()  # empty in a new database: errors
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)

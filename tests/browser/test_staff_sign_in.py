"""Staff sign-in in a real browser: keyboard only, JavaScript off, axe on every staff page."""

import pyotp
from playwright.sync_api import Page, expect

from portal.services.staff import staff_accounts
from tests.browser.conftest import assert_accessible
from tests.staff import PASSWORD, code_for, make_staff


def type_into(page: Page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def test_signing_in_with_two_factor_using_the_keyboard_only(desktop_page: Page, live_app_data):
    page = desktop_page
    person = make_staff(live_app_data, "caseworker", name="Sara Saksbehandler")
    page.goto("/admin/staff")
    assert page.url.endswith("/admin/login?next=/admin/staff")

    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    type_into(page, "#email", person.email)
    page.keyboard.press("Tab")
    expect(page.locator("#password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url("**/admin/two-factor")
    type_into(page, "#code", code_for(person))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Fortsett")).to_be_focused()
    page.keyboard.press("Enter")

    # A caseworker is not an admin: the page they asked for answers 403.
    page.wait_for_url("**/admin/staff")
    expect(page.locator("h1")).to_have_text("Du har ikke tilgang til denne siden")
    page.goto("/admin/")
    expect(page.locator(".staff-header__person")).to_have_text("Sara Saksbehandler")
    # With JavaScript the sign-out notice waits for the last five minutes of idle time.
    expect(page.locator(".session-notice")).to_be_hidden()


def test_enrolling_and_signing_in_with_javascript_off(page_without_js: Page, live_app_data):
    page = page_without_js
    person = make_staff(live_app_data, "admin", enrolled=False)
    page.goto("/admin/login")
    page.locator("#email").fill(person.email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

    page.wait_for_url("**/admin/two-factor/setup")
    expect(page.locator("svg.qr-code")).to_be_visible()
    secret = page.locator(".secret").inner_text().replace(" ", "")
    page.locator("#code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bekreft").click()

    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Jeg har tatt vare på kodene, fortsett").click()
    page.wait_for_url("**/admin/")
    expect(page.locator(".session-notice")).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()
    expect(page.locator("h1")).to_have_text("Du er logget ut")


def test_every_staff_page_is_accessible(page: Page, live_app_data):
    admin = make_staff(live_app_data, "admin", name="Ada Admin")
    other = make_staff(live_app_data, "caseworker", name="Ola Olsen", enrolled=False)
    token = staff_accounts.issue_password_link(
        live_app_data, other, actor=admin, address="x", now=admin.created_at
    )
    checked = []

    def check(url_part: str) -> None:
        page.wait_for_load_state()
        assert url_part in page.url
        assert_accessible(page)
        checked.append(url_part)

    page.goto("/admin/login")
    page.get_by_role("button", name="Logg inn").click()  # the error summary too
    check("/admin/login")
    page.goto(f"/admin/password/{token}")
    check("/admin/password/")
    page.goto("/admin/password/not-a-token")
    check("/admin/password/not-a-token")

    page.goto("/admin/login")
    page.locator("#email").fill(other.email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    check("/admin/two-factor/setup")
    page.get_by_role("button", name="Logg ut").click()
    check("/admin/signed-out")

    page.goto("/admin/login")
    page.locator("#email").fill(admin.email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    check("/admin/two-factor")
    page.locator("#code").fill(code_for(admin))
    page.get_by_role("button", name="Fortsett").click()
    check("/admin/")

    for path in (
        "/admin/staff",
        "/admin/staff/new",
        f"/admin/staff/{other.id}",
        "/admin/account/password",
        "/admin/audit",
    ):
        page.goto(path)
        check(path)
    page.goto(f"/admin/staff/{other.id}")
    page.get_by_role("button", name="Lag ny passordlenke").click()
    check("/password-link")
    page.goto("/admin/staff/new")
    page.get_by_role("button", name="Legg til").click()
    check("/admin/staff/new")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check("/admin/staff/new")
    assert len(checked) == 15

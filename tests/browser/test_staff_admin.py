"""Staff administration in a real browser: keyboard only, and no sideways scrolling on a phone."""

from playwright.sync_api import Page, expect

from portal.models import StaffUser
from tests.browser.conftest import has_horizontal_scroll
from tests.staff import PASSWORD, code_for, make_staff


def sign_in_in_browser(page: Page, person) -> None:
    page.goto("/admin/login")
    page.locator("#email").fill(person.email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.locator("#code").fill(code_for(person))
    page.get_by_role("button", name="Fortsett").click()
    page.wait_for_url("**/admin/")


def test_an_admin_changes_roles_with_the_keyboard_only(desktop_page: Page, live_app_data):
    page = desktop_page
    sign_in_in_browser(page, make_staff(live_app_data, "admin"))
    person = make_staff(live_app_data, "editor", name="Ola Olsen")
    page.goto(f"/admin/staff/{person.id}")

    page.locator("#roles-0").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Lagre rollene")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".notice--success")).to_have_text("Rollene er lagret.")
    live_app_data.expire_all()
    assert live_app_data.get(StaffUser, person.id).role_names == {"caseworker", "editor"}


def test_staff_pages_fit_a_phone_screen(phone_page: Page, live_app_data):
    page = phone_page
    sign_in_in_browser(page, make_staff(live_app_data, "admin"))
    person = make_staff(live_app_data, "caseworker", name="Ola Olsen")

    paths = ["/admin/", "/admin/staff", "/admin/staff/new", f"/admin/staff/{person.id}"]
    for path in [*paths, "/admin/account/password", "/admin/audit"]:
        page.goto(path)
        assert not has_horizontal_scroll(page), path
    page.goto(f"/admin/staff/{person.id}")
    page.get_by_role("button", name="Lag ny passordlenke").click()
    expect(page.locator(".secret--link")).to_contain_text("/admin/password/")
    assert not has_horizontal_scroll(page), "the password link page"

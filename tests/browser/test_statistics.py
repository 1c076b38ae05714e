"""The statistics pages in real Chromium: the year page, the numbers for SSB and the
start-loan form, axe-clean on a phone and a desktop, the form filled with the keyboard only,
and everything working with JavaScript off."""

from datetime import UTC, date, datetime

from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.models import StartLoanDecision
from tests.browser.conftest import assert_accessible, has_horizontal_scroll, tab_to
from tests.browser.test_staff_admin import sign_in_in_browser
from tests.staff import make_staff
from tests.statistics_data import application, decide, dwelling, oslo, start_loan

THIS_YEAR = datetime.now(UTC).year
LAST_YEAR = THIS_YEAR - 1


def some_figures(session) -> None:
    """A little of everything last year, so every chart has bars to draw."""
    for month in (2, 3, 3, 9):
        case = application(session, oslo(LAST_YEAR, month, 10), flags=("children",),
                           status="decided")  # fmt: skip
        decide(session, case, "granted", oslo(LAST_YEAR, month, 20))
    dwelling(session, ownership="leased", wheelchair=True)
    start_loan(session, date(LAST_YEAR, 4, 1), amount=900_000)
    start_loan(session, date(LAST_YEAR, 5, 1), family=False)


def checked(page: Page) -> None:
    assert_accessible(page)
    assert not has_horizontal_scroll(page), page.url


def test_the_statistics_pages_are_accessible_on_a_phone_and_a_desktop(page: Page, live_app_data):
    some_figures(live_app_data)
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker"))

    page.goto(f"/admin/stats?year={LAST_YEAR}")
    expect(page.locator("h1")).to_have_text(f"Statistikk {LAST_YEAR}")
    expect(page.locator("svg[role=img]")).to_have_count(7)
    checked(page)
    page.get_by_role("link", name=f"Tall til SSB (KOSTRA) for {LAST_YEAR}").click()
    expect(page.locator("h1")).to_have_text(f"Tall til SSB for {LAST_YEAR}")
    checked(page)
    page.goto("/admin/stats/start-loans")
    checked(page)
    page.get_by_role("button", name="Registrer vedtaket").click()
    expect(page.locator(".error-summary")).to_be_visible()
    checked(page)


def test_a_caseworker_records_a_start_loan_with_the_keyboard_only(
    desktop_page: Page, live_app_data
):
    page = desktop_page
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker"))
    page.goto("/admin/stats/start-loans")

    tab_to(page, page.locator("#decided_on"))
    # Day and month alike: the same keys in the day-first and the month-first order.
    page.keyboard.type(f"0505{LAST_YEAR}")
    expect(page.locator("#decided_on")).to_have_value(f"{LAST_YEAR}-05-05")
    # Tab leaves the date box by way of its calendar button.
    tab_to(page, page.locator("#outcome-0"), limit=4)
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator("#family_with_children-0")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    expect(page.locator("#amount")).to_be_focused()
    page.keyboard.type("950 000")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Registrer vedtaket")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".notice--success")).to_have_text("Startlånsvedtaket er registrert.")
    expect(page.locator("table tbody tr")).to_have_count(1)
    stored = live_app_data.scalars(select(StartLoanDecision)).one()
    assert (stored.decided_on, stored.outcome, stored.family_with_children, stored.amount) == (
        date(LAST_YEAR, 5, 5), "granted", False, 950_000,
    )  # fmt: skip


def test_the_statistics_work_without_javascript(page_without_js: Page, live_app_data):
    page = page_without_js
    some_figures(live_app_data)
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker"))

    page.goto("/admin/stats")
    page.locator("#year").select_option(str(LAST_YEAR))
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("h1")).to_have_text(f"Statistikk {LAST_YEAR}")
    checked(page)
    page.goto("/admin/stats/start-loans")
    page.locator("#decided_on").fill(f"{LAST_YEAR}-06-01")
    page.locator("#outcome-1").check()
    page.locator("#family_with_children-0").check()
    page.locator("#amount").fill("100 000")
    page.get_by_role("button", name="Registrer vedtaket").click()
    expect(page.locator(".error-summary a")).to_have_text(
        "Et avslag har ikke beløp. Ta bort beløpet."
    )
    expect(page.locator("#amount")).to_have_value("100 000")
    checked(page)
    page.locator("#amount").fill("")
    page.get_by_role("button", name="Registrer vedtaket").click()
    expect(page.locator(".notice--success")).to_have_text("Startlånsvedtaket er registrert.")
    checked(page)

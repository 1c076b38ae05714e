"""What residents stumbled on, each tried on a 375 × 812 phone in Chromium as a newcomer would.

Every test here failed on the portal as the outside review found it.
"""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.models import Attachment, Case
from portal.services.casework import cases
from tests.browser.conftest import assert_accessible
from tests.browser.test_apply_journey import sent_application
from tests.browser.test_staff_admin import sign_in_in_browser
from tests.factories import at_ten, make_page, make_slot
from tests.staff import make_staff
from tests.views.apply_journey import ADULT


def is_in_view(page: Page, selector: str) -> bool:
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight;
        }""",
        selector,
    )


def is_one_line(page: Page, locator) -> bool:
    return locator.evaluate("element => element.getClientRects().length === 1")


# 1. The start page's search -------------------------------------------------------------


@pytest.fixture
def startlan_page(live_app_data):
    return make_page(
        live_app_data, slug="startlan", title="Startlån", summary="Lån fra kommunen.", body="Lån."
    )


def search_from_the_start_page(page: Page) -> None:
    page.goto("/nb/")
    page.locator("#q").fill("startlån")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/nb/search?q=*")
    expect(page.locator(".search-results")).to_contain_text("Startlån")


def test_searching_from_the_start_page_lands_on_results(phone_page: Page, startlan_page):
    errors = []
    phone_page.on("console", lambda message: errors.append(message.text))

    search_from_the_start_page(phone_page)

    assert not [text for text in errors if "targetError" in text]
    assert_accessible(phone_page)


def test_searching_from_the_start_page_without_javascript(browser, live_server, startlan_page):
    context = browser.new_context(
        base_url=live_server, viewport={"width": 375, "height": 812}, java_script_enabled=False
    )
    search_from_the_start_page(context.new_page())
    context.close()


def test_the_search_page_itself_still_updates_in_place(phone_page: Page, startlan_page):
    phone_page.goto("/nb/search")
    phone_page.locator("#q").fill("startlån")

    expect(phone_page.locator("#search-results")).to_contain_text("Startlån")


# 2–5. The application: a chosen file, "continue now", one code, progress ----------------


def start_application(page: Page) -> None:
    page.goto("/nb/apply")
    page.locator("main form .button").click()
    page.wait_for_url("**/nb/apply/about_you")


def answer_about_you(page: Page) -> None:
    page.locator("#name").fill("Kari Nordmann")
    page.locator("#identity_number").fill(ADULT)
    page.locator("#phone").fill("912 34 567")
    page.locator("#interpreter-1").check()
    page.get_by_role("button", name="Lagre og fortsett", exact=True).click()


def answer_up_to_attachments(page: Page) -> None:
    """From the household page to the attachments page, not at risk."""
    page.locator("#expecting_child-1").check()
    page.get_by_role("button", name="Lagre og fortsett", exact=True).click()
    page.locator("#situation-2").check()
    page.locator("#at_risk-1").check()
    page.get_by_role("button", name="Lagre og fortsett", exact=True).click()
    page.locator("#pets-1").check()
    page.get_by_role("button", name="Lagre og fortsett", exact=True).click()
    page.get_by_role("button", name="Hopp over disse spørsmålene").click()
    page.locator("#income_sources-0").check()
    page.locator("#income_band-2").check()
    page.locator("#payment_problems-1").check()
    page.locator("#bostotte-1").check()
    page.get_by_role("button", name="Lagre og fortsett", exact=True).click()
    page.locator("#declaration").check()
    page.get_by_role("button", name="Lagre og fortsett", exact=True).click()
    page.wait_for_url("**/nb/apply/attachments")


PDF_FILE = {"name": "lønn.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 lonn"}


def test_a_chosen_file_goes_with_the_main_button(phone_page: Page, live_app_data):
    page = phone_page
    start_application(page)
    answer_about_you(page)
    answer_up_to_attachments(page)
    chooser = page.locator("#file")
    box = chooser.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # large enough for a thumb

    chooser.set_input_files(files=[PDF_FILE])
    page.get_by_role("button", name="Fortsett", exact=True).click()

    page.wait_for_url("**/nb/apply/check")
    expect(page.locator("main")).to_contain_text("lønn.pdf")
    assert live_app_data.scalars(select(Attachment.original_name)).all() == ["lønn.pdf"]
    assert_accessible(page)


def test_every_button_on_the_attachments_page_keeps_a_chosen_file(
    browser, live_server, phone_page: Page, live_app_data
):
    """ "Fjern" above the chooser and "Lagre og fortsett senere" below it take the chosen
    file too; the saved draft opens on another device with its files and sends with the
    code written down."""
    page = phone_page
    start_application(page)
    answer_about_you(page)
    answer_up_to_attachments(page)
    page.locator("#file").set_input_files(files=[PDF_FILE])
    page.get_by_role("button", name="Legg ved filen").click()
    page.locator("#file").set_input_files(files=[{**PDF_FILE, "name": "kontrakt.pdf"}])

    page.get_by_role("button", name="Fjern lønn.pdf").click()

    expect(page.locator(".file-list__item > span")).to_have_text(
        ["kontrakt.pdf (Dokumentasjon på inntekt, 1 kB)"]
    )
    page.locator("#file").set_input_files(files=[{**PDF_FILE, "name": "skatt.pdf"}])
    page.get_by_role("button", name="Lagre og fortsett senere").click()
    page.wait_for_url("**/nb/apply/saved")
    reference, code = page.locator(".receipt-code").all_inner_texts()

    other = browser.new_context(viewport={"width": 375, "height": 812}, base_url=live_server)
    device = other.new_page()
    device.goto("/nb/apply/resume")
    device.locator("#reference").fill(reference)
    device.locator("#code").fill(code.lower())
    device.get_by_role("button", name="Fortsett").click()
    device.goto("/nb/apply/attachments")
    names = device.locator(".file-list__item > span").all_inner_texts()
    assert [name.split(" (")[0] for name in names] == ["kontrakt.pdf", "skatt.pdf"]
    device.get_by_role("button", name="Fortsett", exact=True).click()
    device.get_by_role("button", name="Send søknaden").click()
    device.wait_for_url("**/nb/apply/receipt")
    assert device.locator(".receipt-code").all_inner_texts() == [reference, code]
    other.close()
    case = live_app_data.scalars(select(Case)).one()
    assert cases.open_case(live_app_data, reference, code).id == case.id
    assert sorted(live_app_data.scalars(select(Attachment.original_name))) == [
        "kontrakt.pdf",
        "skatt.pdf",
    ]


def test_continue_now_returns_to_the_page_with_everything_kept(phone_page: Page):
    page = phone_page
    start_application(page)
    answer_about_you(page)
    page.locator("#adults_birth_years").fill("1985")

    page.get_by_role("button", name="Lagre og fortsett senere").click()
    page.wait_for_url("**/nb/apply/saved")
    page.get_by_role("link", name="Fortsett nå").click()

    page.wait_for_url("**/nb/apply/household")
    expect(page.locator("#adults_birth_years")).to_have_value("1985")


def test_the_code_written_down_on_saving_opens_the_sent_case(phone_page: Page, live_app_data):
    page = phone_page
    start_application(page)
    answer_about_you(page)
    page.get_by_role("button", name="Lagre og fortsett senere").click()
    reference, code = page.locator(".receipt-code").all_inner_texts()
    page.get_by_role("link", name="Fortsett nå").click()
    answer_up_to_attachments(page)
    page.get_by_role("button", name="Fortsett", exact=True).click()
    page.get_by_role("button", name="Send søknaden").click()

    page.wait_for_url("**/nb/apply/receipt")
    assert page.locator(".receipt-code").all_inner_texts() == [reference, code]
    expect(page.locator("main")).to_contain_text("Koden er den samme")
    assert_accessible(page)
    case = live_app_data.scalars(select(Case)).one()
    assert cases.open_case(live_app_data, reference, code).id == case.id


def test_progress_keeps_its_count_when_the_moving_date_page_appears(phone_page: Page):
    page = phone_page
    start_application(page)
    answer_about_you(page)
    page.locator("#expecting_child-1").check()
    page.get_by_role("button", name="Lagre og fortsett", exact=True).click()
    expect(page.locator(".caption")).to_contain_text("del 3 av 8")

    page.locator("#situation-2").check()
    page.locator("#at_risk-0").check()
    page.get_by_role("button", name="Lagre og fortsett", exact=True).click()

    page.wait_for_url("**/nb/apply/eviction")
    expect(page.locator(".caption")).to_contain_text("del 3 av 8")
    page.locator("#must_move_by").fill("2027-01-31")
    page.get_by_role("button", name="Lagre og fortsett", exact=True).click()
    expect(page.locator(".caption")).to_contain_text("del 4 av 8")


# 6. The calculator's result -------------------------------------------------------------


def fill_in_the_calculator(page: Page) -> None:
    page.goto("/nb/calculator")
    page.locator("#amount").fill("2 000 000")
    page.locator("#years").fill("30")
    page.locator("#rate").fill("4,9")
    page.get_by_role("button", name="Regn ut").click()
    page.wait_for_url("**/nb/calculator?*")


def test_the_result_takes_focus_and_is_in_view(phone_page: Page):
    fill_in_the_calculator(phone_page)

    expect(phone_page.locator("#result")).to_be_focused()
    assert is_in_view(phone_page, "#result")


def test_without_javascript_the_page_opens_at_the_result(browser, live_server):
    context = browser.new_context(
        base_url=live_server, viewport={"width": 375, "height": 812}, java_script_enabled=False
    )
    page = context.new_page()
    fill_in_the_calculator(page)

    assert page.url.endswith("#result")
    assert is_in_view(page, "#result")
    context.close()


# 7. The resident's case page --------------------------------------------------------------


def test_the_case_page_puts_the_latest_word_first_and_withdrawing_apart(
    phone_page: Page, live_app_data
):
    reference, code = sent_application(live_app_data)
    caseworker = make_staff(live_app_data, "caseworker")
    case = live_app_data.scalars(select(Case)).one()
    cases.add_event(
        case,
        "in_progress",
        body="Send oss den siste lønnsslippen din.",
        actor_id=caseworker.id,
        now=datetime.now(UTC),
    )
    live_app_data.commit()
    page = phone_page
    page.goto(f"/nb/case?reference={reference}")
    page.locator("#code").fill(code)
    page.locator("main form .button").click()
    page.wait_for_url(f"**/nb/case/{reference}")

    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("Siste melding fra kommunen") < headings.index("Svar saksbehandleren")
    assert headings.index("Svar saksbehandleren") < headings.index("Hva har skjedd")
    assert headings[-1] == "Vil du ikke lenger ha kommunal bolig?"
    expect(page.get_by_role("button", name="Lukk saken i denne nettleseren")).to_be_visible()
    assert_accessible(page)
    assert is_one_line(page, page.locator("h1 .reference"))


# 8. Small things ------------------------------------------------------------------------------


def test_the_booking_receipts_reference_never_breaks_at_375_px(phone_page: Page, live_app_data):
    slot = make_slot(live_app_data, make_staff(live_app_data, "caseworker"), at_ten(3))
    page = phone_page
    page.goto(f"/nb/book/time/{slot.id}")
    page.locator("#name").fill("Kari Nordmann")
    page.locator("#phone").fill("912 34 567")
    page.locator("#interpreter-1").check()
    page.get_by_role("button", name="Fortsett").click()
    page.get_by_role("button", name="Bestill timen").click()
    page.wait_for_url("**/nb/book/receipt")

    for code in page.locator(".receipt-code").all():
        assert is_one_line(page, code)


def test_the_interpreter_question_asks_ja_then_nei_everywhere(phone_page: Page, live_app_data):
    slot = make_slot(live_app_data, make_staff(live_app_data, "caseworker"), at_ten(3))
    start_application(phone_page)
    on_application = phone_page.locator("fieldset:has(#interpreter-0) label").all_inner_texts()
    follow_up = phone_page.locator("label[for=interpreter_language]").inner_text()

    phone_page.goto(f"/nb/book/time/{slot.id}")

    assert (
        phone_page.locator("fieldset:has(#interpreter-0) label").all_inner_texts()
        == (on_application)
        == ["Ja", "Nei"]
    )
    assert phone_page.locator("label[for=interpreter_language]").inner_text() == follow_up


def test_the_staff_case_page_names_the_language(desktop_page: Page, live_app_data):
    reference, _ = sent_application(live_app_data)
    sign_in_in_browser(desktop_page, make_staff(live_app_data, "caseworker"))

    desktop_page.goto(f"/admin/cases/{reference}")

    summary = desktop_page.locator(".summary-list").first
    expect(summary.locator(".summary-list__row", has_text="Språk")).to_contain_text("Norsk bokmål")

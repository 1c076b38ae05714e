"""The housing application in Chromium on a phone: axe on every page in nb, nn and en,
with the keyboard only, and with JavaScript off."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.models import Application, Case
from portal.services.casework import applications, replies
from tests.browser.conftest import assert_accessible, has_horizontal_scroll, tab_to
from tests.browser.test_staff_admin import sign_in_in_browser
from tests.conftest import SCRATCH
from tests.staff import make_staff
from tests.unit.test_applications_service import CHECKED, PDF
from tests.views.apply_journey import ADULT

LANGUAGES = ["nb", "nn", "en"]


def save_and_continue(page: Page) -> None:
    page.locator(".actions .button").first.click()


def check_page(page: Page) -> None:
    assert_accessible(page)
    assert not has_horizontal_scroll(page), page.url


def apply_with_the_mouse(page: Page, lang: str, check=check_page) -> None:
    """Every page of the journey, checking each as it comes (errors included)."""
    page.goto(f"/{lang}/apply")
    check(page)
    page.locator("main form .button").click()
    save_and_continue(page)  # nothing filled in: the error summary
    expect(page.locator(".error-summary")).to_be_visible()
    check(page)
    page.locator("#name").fill("Kari Nordmann")
    page.locator("#identity_number").fill(ADULT)
    page.locator("#phone").fill("912 34 567")
    page.locator("#interpreter-0").check()
    page.locator("#interpreter_language").fill("arabisk")
    save_and_continue(page)
    check(page)  # household
    page.locator("#adults_birth_years").fill("1985")
    page.locator("#children_birth_years").fill("2016")
    page.locator("#expecting_child-1").check()
    save_and_continue(page)
    check(page)  # housing
    page.locator("#situation-2").check()
    page.locator("#at_risk-0").check()
    save_and_continue(page)
    check(page)  # eviction
    page.locator("#must_move_by").fill("2027-01-31")
    save_and_continue(page)
    check(page)  # needs
    page.locator("#pets-1").check()
    save_and_continue(page)
    check(page)  # health
    page.locator("#needs-0").check()
    save_and_continue(page)  # no consent: an error
    check(page)
    page.locator("#consent").check()
    save_and_continue(page)
    check(page)  # economy
    page.locator("#income_sources-1").check()
    page.locator("#income_band-0").check()
    page.locator("#payment_problems-0").check()
    page.locator("#bostotte-2").check()
    save_and_continue(page)
    check(page)  # consents
    page.locator("#declaration").check()
    save_and_continue(page)
    check(page)  # attachments
    page.locator("#file").set_input_files(
        files=[{"name": "notat.txt", "mimeType": "text/plain", "buffer": b"plain text"}]
    )
    page.locator("button[name=upload]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check(page)
    page.locator("#file").set_input_files(
        files=[{"name": "lonn.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}]
    )
    page.locator("button[name=upload]").click()
    expect(page.locator(".file-list__item")).to_have_count(1)
    check(page)
    page.locator(".actions .button").nth(1).click()  # "Continue" (after "Attach the file")
    page.wait_for_url(f"**/{lang}/apply/check")
    check(page)
    page.locator("main form .button").last.click()
    page.wait_for_url(f"**/{lang}/apply/receipt")
    check(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_the_application_is_accessible_on_a_phone(
    phone_page: Page, live_app_data, lang
):
    apply_with_the_mouse(phone_page, lang)

    case = live_app_data.scalars(select(Case)).one()
    assert (case.language, case.priority_flags) == (
        lang,
        ["children", "eviction_soon", "follow_up"],
    )
    assert live_app_data.scalars(select(Application)).one().answers["health"]["consent"] is True


def test_the_application_with_javascript_off(page_without_js: Page, live_app_data):
    apply_with_the_mouse(page_without_js, "nn")

    assert live_app_data.scalars(select(Case)).one().kind == "application"


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, page.locator(selector))
    page.keyboard.type(text)


def choose(page: Page, selector: str) -> None:
    """A checkbox: Tab to it, Space. A radio button (#name-N): Tab into the group, then arrows."""
    name, _, index = selector.removeprefix("#").rpartition("-")
    if page.locator(selector).get_attribute("type") == "radio":
        tab_to(page, page.locator(f"#{name}-0"))
        page.keyboard.press("Space")
        for _ in range(int(index)):
            page.keyboard.press("ArrowDown")
        expect(page.locator(selector)).to_be_checked()
        return
    tab_to(page, page.locator(selector))
    page.keyboard.press("Space")


def press(page: Page, locator) -> None:
    tab_to(page, locator)
    page.keyboard.press("Enter")


def test_the_application_with_the_keyboard_only(phone_page: Page, live_app_data):
    page = phone_page
    page.goto("/nb/apply")
    press(page, page.get_by_role("button", name="Start søknaden"))
    page.wait_for_url("**/nb/apply/about_you")
    type_into(page, "#name", "Kari Nordmann")
    type_into(page, "#identity_number", ADULT)
    type_into(page, "#phone", "91234567")
    choose(page, "#interpreter-1")
    press(page, page.get_by_role("button", name="Lagre og fortsett", exact=True))
    page.wait_for_url("**/nb/apply/household")
    type_into(page, "#children_birth_years", "2018")
    choose(page, "#expecting_child-1")
    press(page, page.get_by_role("button", name="Lagre og fortsett", exact=True))
    page.wait_for_url("**/nb/apply/housing")
    choose(page, "#situation-0")
    choose(page, "#at_risk-1")
    press(page, page.get_by_role("button", name="Lagre og fortsett", exact=True))
    page.wait_for_url("**/nb/apply/needs")
    choose(page, "#pets-1")
    press(page, page.get_by_role("button", name="Lagre og fortsett", exact=True))
    page.wait_for_url("**/nb/apply/health")
    press(page, page.get_by_role("button", name="Hopp over disse spørsmålene"))
    page.wait_for_url("**/nb/apply/economy")
    choose(page, "#income_sources-7")
    choose(page, "#income_band-0")
    choose(page, "#payment_problems-1")
    choose(page, "#bostotte-1")
    press(page, page.get_by_role("button", name="Lagre og fortsett", exact=True))
    page.wait_for_url("**/nb/apply/consents")
    choose(page, "#declaration")
    press(page, page.get_by_role("button", name="Lagre og fortsett", exact=True))
    page.wait_for_url("**/nb/apply/attachments")
    press(page, page.get_by_role("button", name="Fortsett", exact=True))
    page.wait_for_url("**/nb/apply/check")
    press(page, page.get_by_role("button", name="Send søknaden"))
    page.wait_for_url("**/nb/apply/receipt")

    expect(page.get_by_role("heading", level=1)).to_have_text("Søknaden er sendt")
    case = live_app_data.scalars(select(Case)).one()
    assert case.priority_flags == ["children", "homeless"]


def test_save_for_later_and_resume_in_another_browser(browser, live_server, live_app_data):
    first = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 812})
    page = first.new_page()
    page.goto("/en/apply")
    page.locator("main form .button").click()
    page.locator("#name").fill("Kari Nordmann")
    page.get_by_role("button", name="Save and continue later").click()
    page.wait_for_url("**/en/apply/saved")
    assert_accessible(page)
    reference, code = page.locator(".receipt-code").all_inner_texts()
    first.close()

    second = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    other = second.new_page()
    other.goto("/en/apply/resume")
    assert_accessible(other)
    other.locator("#reference").fill(reference)
    other.locator("#code").fill(code)
    other.locator("main form .button").click()
    other.wait_for_url("**/en/apply/about_you")
    expect(other.locator("#name")).to_have_value("Kari Nordmann")
    second.close()


def sent_application(session):
    """An application sent through the service, with a file; returns (reference, code)."""
    now = datetime.now(UTC)
    draft = applications.new_draft(session, language="nb", now=now)
    for step, answers in CHECKED.items():
        applications.save_step(session, draft, step, typed={}, answers=answers, now=now)
    receipt = applications.submit(session, draft, code="ABCD-EFGH", now=now, answer_weeks=3)
    case = session.scalars(select(Case).where(Case.reference == receipt.reference)).one()
    replies.add_requested_document(
        session, case, PDF, original_name="skatt.pdf", directory=Path(SCRATCH / "attachments"),
        now=now,
    )  # fmt: skip
    return receipt.reference, receipt.code


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_case_page_of_an_application_is_accessible(page: Page, live_app_data, lang):
    reference, code = sent_application(live_app_data)
    page.goto(f"/{lang}/case?reference={reference}")
    page.locator("#code").fill(code)
    page.locator("main form .button").click()
    page.wait_for_url(f"**/{lang}/case/{reference}")
    check_page(page)
    page.locator("form[action$='/message'] .button").click()  # empty: an error
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page)
    page.locator(f"a[href='/{lang}/case/{reference}/withdraw']").click()
    check_page(page)


def test_staff_pages_of_an_application_are_accessible(page: Page, live_app_data):
    reference, _ = sent_application(live_app_data)
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker"))

    for path in ("/admin/queue", f"/admin/cases/{reference}"):
        page.goto(path)
        check_page(page)

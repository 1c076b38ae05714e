"""A caseworker triages a fresh application end to end in Chromium, and the resident follows:
filter, take, ask for a document, the resident sends it, decide with grounds, the resident
reads the decision with appeal rights and downloads the letter. Axe on every page, on a
phone and a desktop; the staff half once with the keyboard only, once without JavaScript."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.models import Case
from portal.services.casework import applications
from tests.browser.conftest import PHONE, assert_accessible, has_horizontal_scroll, tab_to
from tests.browser.test_staff_admin import sign_in_in_browser
from tests.staff import make_staff
from tests.unit.test_applications_service import CHECKED

PDF_FILE = {"name": "skatt.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 skatt"}


def fresh_application(session) -> tuple[str, str]:
    now = datetime.now(UTC)
    draft = applications.new_draft(session, language="nb", now=now)
    answers = {**CHECKED, "about_you": {**CHECKED["about_you"], "name": "Amina Yusuf"}}
    for step, values in answers.items():
        applications.save_step(session, draft, step, typed={}, answers=values, now=now)
    receipt = applications.submit(session, draft, code="ABCD-EFGH", now=now, answer_weeks=3)
    return receipt.reference, receipt.code


def checked(page: Page) -> None:
    assert_accessible(page)
    assert not has_horizontal_scroll(page), page.url


def resident_opens(browser, live_server, reference: str, code: str) -> Page:
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="nb-NO")
    resident = context.new_page()
    resident.goto(f"/nb/case?reference={reference}")
    resident.locator("#code").fill(code)
    resident.locator("main form .button").click()
    resident.wait_for_url(f"**/nb/case/{reference}")
    return resident


def test_a_caseworker_triages_and_decides_and_the_resident_follows(
    page: Page, browser, live_server, live_app_data
):
    reference, code = fresh_application(live_app_data)
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker", name="Sara Saksbehandler"))

    page.goto("/admin/queue")
    checked(page)
    page.locator("#q").fill("Amina")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("#queue-results tbody tr")).to_have_count(1)
    checked(page)
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(f"**/admin/cases/{reference}")
    checked(page)

    page.get_by_role("button", name="Ta saken").click()
    expect(page.locator(".notice--success")).to_contain_text("Saken er din")
    page.locator("#description").fill("Siste skattemelding")
    page.get_by_role("button", name="Be om dokumentet").click()
    expect(page.locator(".summary-list").first).to_contain_text("Venter på innbyggeren")
    checked(page)

    resident = resident_opens(browser, live_server, reference, code)
    expect(resident.locator(".document-request")).to_contain_text("Siste skattemelding")
    assert_accessible(resident)
    resident.locator(".document-request input[type=file]").set_input_files(files=[PDF_FILE])
    resident.locator(".document-request .button").click()
    expect(resident.locator(".notice--success")).to_be_visible()

    page.goto("/admin/queue?new_reply=y")
    expect(page.locator("#queue-results")).to_contain_text(reference)
    page.goto(f"/admin/cases/{reference}/decision")
    checked(page)
    page.get_by_role("button", name="Fatt vedtaket").click()  # nothing filled in: the errors
    expect(page.locator(".error-summary")).to_be_focused()
    checked(page)
    page.locator("#outcome-0").check()
    page.locator("#grounds").fill("Husstanden har ikke et sted å bo.")
    page.locator("#rules_applied").fill("Kommunens retningslinjer for tildeling.")
    page.get_by_role("button", name="Fatt vedtaket").click()
    page.wait_for_url(f"**/admin/cases/{reference}")
    expect(page.locator(".decision").first).to_contain_text("Innvilget")

    resident.reload()
    decision = resident.locator("section.decision")
    expect(decision).to_contain_text("Du får tilbud om kommunal bolig")
    expect(decision).to_contain_text("tre uker")
    assert_accessible(resident)
    with resident.expect_download() as download:
        resident.get_by_role("link", name="Last ned vedtaksbrevet (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    resident.context.close()
    case = live_app_data.scalars(select(Case).where(Case.reference == reference)).one()
    live_app_data.refresh(case)
    assert case.status == "decided"


def test_triage_with_the_keyboard_only(desktop_page: Page, live_app_data):
    page = desktop_page
    reference, _ = fresh_application(live_app_data)
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker"))
    page.goto("/admin/queue")

    tab_to(page, page.get_by_role("link", name=reference))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/cases/{reference}")
    tab_to(page, page.get_by_role("button", name="Ta saken"))
    page.keyboard.press("Enter")
    expect(page.locator(".notice--success")).to_contain_text("Saken er din")
    tab_to(page, page.locator("#status-0"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Endre status"))
    page.keyboard.press("Enter")

    expect(page.locator(".notice--success")).to_contain_text("Statusen er endret")
    expect(page.locator(".summary-list").first).to_contain_text("Under behandling")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_queue_and_case_page_work_without_javascript(
    browser, live_server, live_app_data, width
):
    reference, _ = fresh_application(live_app_data)
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": width, "height": 800},
        java_script_enabled=False,
        locale="nb-NO",
    )
    page = context.new_page()
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker"))

    page.goto("/admin/queue")
    page.locator("#status").select_option("received")
    page.get_by_role("button", name="Vis").click()
    assert "status=received" in page.url
    page.get_by_role("link", name=reference).click()
    page.locator("#message").fill("Vi ser på saken din.")
    page.get_by_role("button", name="Send meldingen").click()

    expect(page.locator(".notice--success")).to_contain_text("Meldingen er sendt")
    context.close()


def test_at_1280_by_800_the_summary_and_actions_are_above_the_fold(
    browser, live_server, live_app_data
):
    reference, _ = fresh_application(live_app_data)
    context = browser.new_context(
        base_url=live_server, viewport={"width": 1280, "height": 800}, locale="nb-NO"
    )
    page = context.new_page()
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker"))
    page.goto(f"/admin/cases/{reference}")

    for selector in (".case-top__summary", ".case-top__actions"):
        box = page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= 800, selector
    context.close()

"""From a new dwelling to the letter about the contract's end, in Chromium: a caseworker adds
a dwelling, matches it to a granted applicant, offers it; the resident accepts on their case
page; the tenancy starts; five months before its end it is on the ending list and the letter
is queued. Axe on every page on a phone and a desktop; the keyboard only; JavaScript off."""

from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.models import OutboxMessage, Tenancy
from portal.services.housing import meetings
from tests.browser.conftest import PHONE, assert_accessible, has_horizontal_scroll, tab_to
from tests.browser.test_staff_admin import sign_in_in_browser
from tests.casework import actor_for, make_case
from tests.housing import make_dwelling, make_household, make_tenancy
from tests.staff import make_staff

CODE = "ABCD-EFGH"  # the code tests.casework.make_case gives every case


def checked(page: Page) -> None:
    assert_accessible(page)
    assert not has_horizontal_scroll(page), page.url


def months_ago(months: int) -> date:
    return datetime.now(UTC).date() - timedelta(days=round(months * 30.44))


def test_a_dwelling_is_added_offered_accepted_let_and_its_end_announced(
    page: Page, browser, live_server, live_app_data
):
    need = make_household(live_app_data, name="Amina Yusuf", bedrooms=2, areas="Hellvik")
    reference = need.case.reference
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker", name="Sara Saksbehandler"))

    page.goto("/admin/dwellings")
    checked(page)
    page.get_by_role("link", name="Legg inn en bolig").click()
    checked(page)
    page.locator("#address").fill("Skoleveien 14")
    page.locator("#postcode").fill("4373")
    page.locator("#area").fill("Hellvik")
    page.locator("#size_m2").fill("64")
    page.locator("#bedrooms").fill("2")
    page.locator("#floor").fill("1")
    page.locator("#monthly_rent").fill("8900")
    page.get_by_role("button", name="Lagre boligen").click()
    expect(page.locator(".notice--success")).to_contain_text("lagt inn")
    expect(page.locator(".match-list").first).to_contain_text("Amina Yusuf")
    checked(page)

    page.get_by_role("link", name="Tilby boligen til Amina Yusuf").click()
    checked(page)
    page.get_by_role("button", name="Send tilbudet").click()
    page.wait_for_url(f"**/admin/cases/{reference}")
    expect(page.locator("#housing-title ~ .offer-list")).to_contain_text("Venter på svar")
    checked(page)

    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="nb-NO")
    resident = context.new_page()
    resident.goto(f"/nb/case?reference={reference}")
    resident.locator("#code").fill(CODE)
    resident.locator("main form .button").click()
    offer = resident.locator("section.offer")
    expect(offer).to_contain_text("Skoleveien 14")
    expect(offer).to_contain_text("8 900")
    checked(resident)
    offer.get_by_label("Ja, jeg vil ha boligen").check()
    offer.get_by_role("button", name="Send svaret").click()
    expect(resident.locator(".notice--success")).to_contain_text("takket ja")
    checked(resident)
    context.close()

    page.reload()
    page.locator("#start-starts_on").fill(months_ago(31).isoformat())
    page.locator("#start-years").select_option("3")
    page.get_by_role("button", name="Registrer leieforholdet").click()
    expect(page.locator(".notice--success")).to_contain_text("Leieforholdet er registrert")
    checked(page)

    page.goto("/admin/tenancies/ending")
    checked(page)
    page.get_by_role("button", name="Send brev til Amina Yusuf").click()
    expect(page.locator(".notice--success")).to_contain_text("lagt i kø")
    row = page.locator("tbody tr", has_text="Amina Yusuf")
    expect(row).to_contain_text("Sendt")
    checked(page)

    tenancy = live_app_data.scalars(select(Tenancy).where(Tenancy.case_id == need.case_id)).one()
    live_app_data.refresh(tenancy)
    assert tenancy.warned_at is not None
    queued = live_app_data.scalars(
        select(OutboxMessage.template).where(OutboxMessage.case_id == need.case_id)
    ).all()
    assert "tenancy_ending" in queued


def test_matching_and_offering_with_the_keyboard_only(desktop_page: Page, live_app_data):
    page = desktop_page
    dwelling = make_dwelling(live_app_data, address="Fyrveien 3", bedrooms=1)
    make_household(live_app_data, name="Ola Tastatur", bedrooms=1)
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker"))
    page.goto(f"/admin/dwellings/{dwelling.id}")

    tab_to(page, page.get_by_role("link", name="Tilby boligen til Ola Tastatur"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/offer/**")
    tab_to(page, page.get_by_role("button", name="Send tilbudet"))
    page.keyboard.press("Enter")

    expect(page.locator(".notice--success")).to_contain_text("Tilbudet er sendt")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_register_an_offer_and_the_letter_work_without_javascript(
    browser, live_server, live_app_data, width
):
    dwelling = make_dwelling(live_app_data, address="Lundeåneveien 9", area="Lundeåne")
    make_household(live_app_data, name="Per Uten Skript", bedrooms=1)
    tenant = make_household(live_app_data, name="Liv Leietaker")
    make_tenancy(live_app_data, make_dwelling(live_app_data), tenant, starts_on=months_ago(32))
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": width, "height": 800},
        java_script_enabled=False,
        locale="nb-NO",
    )
    page = context.new_page()
    sign_in_in_browser(page, make_staff(live_app_data, "caseworker"))

    page.goto("/admin/dwellings")
    page.locator("#area").select_option("Lundeåne")
    page.get_by_role("button", name="Vis").click()
    assert "area=Lunde" in page.url
    page.get_by_role("link", name="Lundeåneveien 9").click()
    page.get_by_role("link", name="Tilby boligen til Per Uten Skript").click()
    page.get_by_role("button", name="Send tilbudet").click()
    expect(page.locator(".notice--success")).to_contain_text("Tilbudet er sendt")
    page.goto("/admin/tenancies/ending")
    page.get_by_role("button", name="Send brev til Liv Leietaker").click()
    expect(page.locator(".notice--success")).to_contain_text("lagt i kø")
    assert dwelling.id
    context.close()


def test_every_allocation_page_passes_axe(page: Page, live_app_data):
    admin = make_staff(live_app_data, "caseworker", "admin")
    dwelling = make_dwelling(live_app_data, fire_safety_notes="Komfyrvakt mangler.")
    need = make_household(
        live_app_data, name="Олександра Шевченко", groups=("follow_up",), flags=("follow_up",)
    )
    meeting = meetings.add_meeting(
        live_app_data,
        datetime.now(UTC).date() + timedelta(days=5),
        "Rådhuset",
        actor=actor_for(admin),
        now=datetime.now(UTC),
    )
    case = make_case(live_app_data, status="in_review", name="سارة أحمد")
    item = meetings.put_on_agenda(
        live_app_data,
        meeting,
        case,
        proposal="Innvilges.",
        seen_version=case.version,
        actor=actor_for(admin),
        now=datetime.now(UTC),
    )
    sign_in_in_browser(page, admin)

    for path in (
        f"/admin/dwellings/{dwelling.id}/edit",
        "/admin/dwellings/import",
        f"/admin/dwellings/{dwelling.id}/offer/{need.id}",
        f"/admin/cases/{need.case.reference}/dwellings",
        f"/admin/cases/{need.case.reference}",
        "/admin/meetings",
        f"/admin/meetings/{meeting.id}",
        f"/admin/meetings/{meeting.id}/items/{item.id}",
    ):
        page.goto(path)
        checked(page)
    page.goto("/admin/dwellings/import")
    page.get_by_role("button", name="Importer").click()
    expect(page.locator(".error-summary")).to_be_visible()
    checked(page)

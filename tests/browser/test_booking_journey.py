"""Booking guidance in real Chromium: keyboard only, JavaScript off, and axe on every page."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.models import Booking, Case
from portal.services.guidance import booking
from portal.services.guidance.booking import BookingDetails
from portal.services.guidance.guidance_slots import LOCAL_TIME
from tests.browser.conftest import assert_accessible, has_horizontal_scroll, tab_to
from tests.browser.test_staff_admin import sign_in_in_browser
from tests.factories import at_ten, make_slot
from tests.staff import make_staff

LANGUAGES = ["nb", "nn", "en"]


@pytest.fixture
def times(live_app_data):
    """Three free times on one day this week or next, and the adviser who holds them."""
    adviser = make_staff(live_app_data, "caseworker")
    # Tomorrow: on a Sunday that is next week, which `first_week` allows for.
    slots = [
        make_slot(live_app_data, adviser, at_ten(1) + timedelta(hours=hour), channel=channel)
        for hour, channel in ((0, "in_person"), (1, "phone"), (2, "video"))
    ]
    return adviser, slots


def first_week(slots) -> str:
    """`?week=` of the first slot, counted from this week's Monday in Oslo."""
    today = datetime.now(LOCAL_TIME).date()
    monday = today - timedelta(days=today.weekday())
    return str((slots[0].starts_at.astimezone(LOCAL_TIME).date() - monday).days // 7)


def test_booking_with_the_keyboard_only(phone_page: Page, live_app_data, times):
    page = phone_page
    _, slots = times
    page.goto("/nb/book")
    assert_accessible(page)

    tab_to(page, page.get_by_role("link", name="Bostøtte", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url("**/nb/book/bostotte")
    assert_accessible(page)
    tab_to(page, page.locator(".time-link").first)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/nb/book/time/{slots[0].id}")
    assert_accessible(page)

    tab_to(page, page.locator("#name"))
    page.keyboard.type("Kari Nordmann")
    page.keyboard.press("Tab")
    page.keyboard.type("912 34 567")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Jeg lurer på om jeg kan få bostøtte.")
    tab_to(page, page.locator("#interpreter-0"))
    page.keyboard.press("ArrowRight")  # from "Ja" to "Nei", as a keyboard user moves in a group
    tab_to(page, page.get_by_role("button", name="Fortsett"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/nb/book/check")
    assert_accessible(page)

    tab_to(page, page.get_by_role("button", name="Bestill timen"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/nb/book/receipt")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timen er bestilt")
    expect(page.get_by_role("button", name="Skriv ut")).to_be_visible()
    assert_accessible(page)
    assert not has_horizontal_scroll(page)
    stored = live_app_data.scalars(select(Booking)).one()
    assert (stored.slot_id, stored.about) == (slots[0].id, "Jeg lurer på om jeg kan få bostøtte.")


def test_errors_lead_to_the_field_and_keep_what_was_typed(desktop_page: Page, times):
    page = desktop_page
    _, slots = times
    page.goto(f"/en/book/time/{slots[1].id}")
    page.locator("#phone").fill("12")
    page.locator("#email").fill("not an address")
    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link").nth(1).click()
    expect(page.locator("#phone")).to_be_focused()
    expect(page.locator("#phone")).to_have_value("12")


def test_booking_moving_and_cancelling_with_javascript_off(
    page_without_js: Page, live_app_data, times
):
    page = page_without_js
    _, slots = times
    page.goto(f"/nn/book/bostotte?week={first_week(slots)}")
    assert_accessible(page)
    page.locator(".time-link").first.click()
    page.locator("#name").fill("Kari Nordmann")
    page.locator("#phone").fill("91234567")
    page.locator("#interpreter-0").check()
    page.locator("#interpreter_language").fill("ukrainsk")
    page.get_by_role("button").last.click()
    assert_accessible(page)
    page.get_by_role("button").last.click()
    page.wait_for_url("**/nn/book/receipt")
    assert_accessible(page)
    reference, code = page.locator(".receipt-code").all_inner_texts()

    page.goto("/nn/case")
    page.locator("#reference").fill(reference)
    page.locator("#code").fill(code)
    page.get_by_role("button").last.click()
    page.wait_for_url(f"**/nn/case/{reference}")
    assert_accessible(page)
    page.locator(f"a[href='/nn/case/{reference}/move']").click()
    assert_accessible(page)
    page.locator(".time-link").first.click()
    assert_accessible(page)
    page.locator("main form .button").click()
    page.wait_for_url(f"**/nn/case/{reference}")
    live_app_data.expire_all()
    assert live_app_data.scalars(select(Booking)).one().slot_id == slots[1].id

    page.locator(f"a[href='/nn/case/{reference}/cancel']").click()
    assert_accessible(page)
    page.locator("main form .button").first.click()
    page.wait_for_url(f"**/nn/case/{reference}")
    assert_accessible(page)
    live_app_data.expire_all()
    assert live_app_data.scalars(select(Case)).one().status == "cancelled"


def test_another_week_arrives_without_a_page_load(desktop_page: Page, times):
    page = desktop_page
    page.goto("/nb/book/bostotte?week=0")
    page.get_by_role("link", name="Neste uke").click()

    expect(page.locator("#week-title")).to_be_focused()
    assert page.url.endswith("?week=1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velg en tid")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_booking_pages_have_no_wcag_violations(page: Page, live_app_data, times, lang):
    _, slots = times
    taken, free = slots[0], slots[2]
    page.goto(f"/{lang}/book/call-me")
    assert_accessible(page)
    page.get_by_role("button").last.click()
    assert_accessible(page)  # the call-back form with its errors

    # Every step of a booking, and someone else taking another time first.
    for path in (f"/{lang}/", f"/{lang}/book", f"/{lang}/book/bostotte?week={first_week(slots)}"):
        page.goto(path)
        assert_accessible(page)
    page.goto(f"/{lang}/book/time/{free.id}")
    assert_accessible(page)
    page.locator("#name").fill("Ola")
    page.locator("#phone").fill("91234567")
    page.locator("#interpreter-1").check()
    page.get_by_role("button").last.click()
    page.wait_for_url(f"**/{lang}/book/check")
    assert_accessible(page)
    page.get_by_role("button").last.click()
    page.wait_for_url(f"**/{lang}/book/receipt")
    assert_accessible(page)
    reference, code = page.locator(".receipt-code").all_inner_texts()
    booking.book_slot(
        live_app_data, taken.id, BookingDetails(name="Other", phone="98765432"), language="nb",
        reference="ZZZZ-ZZZZ", code="ABCD-EFGH", now=datetime.now(UTC), cutoff=timedelta(hours=2),
    )  # fmt: skip
    page.goto(f"/{lang}/book/time/{taken.id}")
    assert_accessible(page)  # "that time was just taken"
    page.goto(f"/{lang}/book/time/999999")
    assert_accessible(page)  # a time that cannot be booked

    page.goto(f"/{lang}/case?reference={reference}")
    page.locator("#code").fill("wrong")
    page.get_by_role("button").last.click()
    assert_accessible(page)
    page.locator("#code").fill(code)
    page.get_by_role("button").last.click()
    assert_accessible(page)
    page.goto(f"/{lang}/case/{reference}/cancel")
    assert_accessible(page)
    page.goto(f"/{lang}/case/{reference}/move/{slots[1].id}")
    assert_accessible(page)


def test_staff_times_and_cases_pages(page: Page, live_app_data, times):
    adviser, slots = times
    sign_in_in_browser(page, adviser)
    day = slots[0].starts_at.astimezone(LOCAL_TIME).date().isoformat()

    page.goto("/admin/slots/new")
    page.get_by_role("button", name="Legg inn").click()
    assert_accessible(page)
    for path in (f"/admin/slots?day={day}", f"/admin/slots/{slots[0].id}/cancel", "/admin/queue"):
        page.goto(path)
        assert_accessible(page)
        assert not has_horizontal_scroll(page), path


def test_two_thousand_cyrillic_characters_of_free_text_are_booked(
    phone_page: Page, live_app_data, times
):
    """Chromium drops a cookie over 4 KB: the text must live on the server, not in the cookie."""
    page = phone_page
    _, slots = times
    note = ("Мені потрібна допомога з житлом для моєї родини. " * 40)[:2000].strip()
    page.goto(f"/nb/book/time/{slots[0].id}")
    page.locator("#name").fill("Оксана Шевченко")
    page.locator("#phone").fill("912 34 567")
    page.locator("#about").fill(note)
    page.locator("#interpreter-0").check()
    page.locator("#interpreter_language").fill("українська")
    page.get_by_role("button", name="Fortsett").click()
    page.wait_for_url("**/nb/book/check")
    expect(page.locator("main")).to_contain_text(note[:80])

    page.get_by_role("button", name="Bestill timen").click()

    page.wait_for_url("**/nb/book/receipt")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timen er bestilt")
    assert all(len(c["value"]) < 4096 for c in page.context.cookies())
    stored = live_app_data.scalars(select(Booking)).one()
    assert stored.about == note

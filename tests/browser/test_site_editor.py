"""Communications staff run the site in a real browser, with the keyboard only: a start-page
card changed, a picture with its words put into a page, the change scheduled; residents
see both once its time has come. Axe-clean on a phone and a desktop."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from portal.services.information import scheduling
from portal.services.information.content_import import import_content
from tests import images as pictures
from tests.browser.conftest import (
    assert_accessible,
    has_horizontal_scroll,
    sign_in_with_the_keyboard,
    tab_to,
)
from tests.factories import NOW
from tests.staff import PASSWORD, make_staff

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def editor(live_app_data):
    import_content(live_app_data, now=NOW)
    return make_staff(live_app_data, "editor", name="Eva Editor")


def press(page: Page, locator, key: str = "Enter", limit: int = 120) -> None:
    tab_to(page, locator, limit=limit)
    page.keyboard.press(key)


def test_an_editor_changes_a_card_puts_in_a_picture_and_schedules_it(
    page: Page, editor, live_app_data, tmp_path
):
    sign_in_with_the_keyboard(page, editor, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eva Editor")

    # The start page's card: from the staff menu, with the keyboard only.
    press(
        page,
        page.get_by_role("navigation", name="Ansattsider").get_by_role("link", name="Forsiden"),
    )
    expect(page).to_have_url(re.compile(r"/admin/start-page$"))
    assert_accessible(page)
    press(page, page.get_by_role("link", name="Bostøtte", exact=True))
    expect(page.locator("#title")).to_have_value("Bostøtte")
    assert_accessible(page)
    tab_to(page, page.locator("#title"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Bostøtte fra Husbanken")
    press(page, page.get_by_role("button", name="Lagre kortet"))
    expect(page.locator(".notice--success")).to_contain_text("Kortet er lagret")
    assert not has_horizontal_scroll(page)

    # The page: a picture with its words, into the draft.
    press(
        page,
        page.get_by_role("navigation", name="Ansattsider").get_by_role(
            "link", name="Informasjonssider"
        ),
    )
    press(page, page.get_by_role("link", name="Bostøtte", exact=True))
    expect(page.locator("#body")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.locator("#file"), limit=200)
    photo = tmp_path / "radhuset.jpg"
    photo.write_bytes(pictures.photo())
    page.locator("#file").set_input_files(photo)  # the file dialog a keyboard opens with Space
    page.keyboard.press("Tab")
    expect(page.locator("#alt_text")).to_be_focused()
    page.keyboard.type("Inngangen til rådhuset, med rampe")
    press(page, page.get_by_role("button", name="Legg inn bildet"))
    expect(page.locator(".notice--success")).to_contain_text("Bildet er lagt nederst i utkastet")
    expect(page.locator("#body")).to_have_value(
        re.compile(r"!\[Inngangen til rådhuset, med rampe\]\(/media/")
    )

    # Scheduled for tomorrow morning, Oslo time.
    tomorrow = datetime.now(OSLO).date() + timedelta(days=1)
    press(page, page.locator("#action-0"), key="Space", limit=200)
    # The browser's own date and time boxes take typed digits in the order of the machine's
    # locale; reached with Tab, they are given the value in ISO form.
    tab_to(page, page.locator("#day"))
    page.locator("#day").fill(tomorrow.isoformat())
    tab_to(page, page.locator("#at"))
    page.locator("#at").fill("08:00")
    press(page, page.get_by_role("button", name="Planlegg", exact=True))
    expect(page.locator(".notice--success")).to_contain_text(f"{tomorrow.isoformat()} 08:00")
    assert_accessible(page)

    # A resident: the card at once, the picture not before its time.
    page.goto("/nb/")
    expect(page.locator(".needs__item h3").first).to_have_text("Bostøtte fra Husbanken")
    page.goto("/nb/info/bostotte")
    expect(page.locator(".prose img")).to_have_count(0)

    # The time comes (the service's clock, as `flask publish-scheduled` would run then).
    run_at = datetime.combine(tomorrow, time(8, 0), tzinfo=OSLO)
    assert scheduling.apply_due(live_app_data, now=run_at) == 1

    page.goto("/nb/info/bostotte")
    picture = page.get_by_role("img", name="Inngangen til rådhuset, med rampe")
    picture.scroll_into_view_if_needed()  # it loads lazily, when it comes into view
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    assert picture.evaluate("img => img.naturalWidth") <= 1200
    assert_accessible(page)
    page.goto("/nb/")
    expect(page.get_by_role("link", name="Bostøtte fra Husbanken")).to_be_visible()
    assert_accessible(page)
    assert not has_horizontal_scroll(page)

"""Reading and searching the information pages in a real browser."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.factories import make_page

LANGUAGES = ["nb", "nn", "en"]


@pytest.fixture
def pages(live_app_data):
    make_page(live_app_data, slug="bostotte", language="nb", title="Bostøtte")
    make_page(live_app_data, slug="bostotte", language="nn", title="Bustøtte")
    make_page(
        live_app_data,
        slug="startlan",
        language="nb",
        title="Startlån",
        body="Les mer hos [Husbanken](https://www.husbanken.no/startlan/).\n\n## Hvem\n\n- Uføre",
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "path", ["/info/bostotte", "/info/startlan", "/search?q=bostotte", "/search?q=%25"]
)
def test_information_and_search_pages_have_no_wcag_violations(page: Page, pages, lang, path):
    page.goto(f"/{lang}{path}")

    assert_accessible(page)


def test_search_results_appear_as_the_person_types(desktop_page: Page, pages):
    desktop_page.goto("/nb/search")

    desktop_page.locator("#q").press_sequentially("bostotte", delay=20)

    expect(desktop_page.locator(".search-results__title a")).to_have_text(["Bostøtte"])
    expect(desktop_page).to_have_url(desktop_page.url.split("/nb/")[0] + "/nb/search?q=bostotte")
    assert_accessible(desktop_page)


def test_search_from_the_start_page_without_javascript(page_without_js: Page, pages):
    page_without_js.goto("/nb/")
    page_without_js.locator("#q").fill("startlån")
    page_without_js.get_by_role("button", name="Søk").click()

    expect(page_without_js.locator(".search-results__title a")).to_have_text(["Startlån"])
    page_without_js.locator(".search-results__title a").click()
    expect(page_without_js.get_by_role("heading", level=1)).to_have_text("Startlån")
    assert_accessible(page_without_js)

import pytest

from portal.db import db
from tests.factories import make_page
from tests.html import parse, text_of


@pytest.fixture
def pages(app):
    with app.app_context():
        make_page(db.session, slug="bostotte", title="Bostøtte")
        make_page(db.session, slug="startlan", title="Startlån", body="Lån til bolig.")


def test_search_lists_matches_with_links_and_marked_snippets(client, pages):
    page = parse(client.get("/nb/search?q=bostotte"))

    results = page.select(".search-results__item")
    assert [a["href"] for a in page.select(".search-results__title a")] == ["/nb/info/bostotte"]
    assert results[0].find("mark") is not None
    assert page.find("input", id="q")["value"] == "bostotte"
    assert "1 treff" in text_of(page.select_one(".search__count"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", "Skriv ett eller flere ord"), ("%%% ???", "ingen ord"), ("a" * 500, "for langt")],
)
def test_an_empty_symbol_only_or_huge_query_gets_a_helpful_page(client, pages, query, expected):
    response = client.get("/nb/search", query_string={"q": query})

    assert response.status_code == 200
    assert expected in text_of(parse(response).main)


def test_no_match_says_so_and_suggests_what_to_do(client, pages):
    page = parse(client.get("/nb/search?q=helikopter"))

    assert "Ingen treff" in text_of(page.main)


def test_htmx_gets_only_the_results(client, pages):
    response = client.get("/nb/search?q=startlån", headers={"HX-Request": "true"})

    fragment = parse(response)
    assert fragment.find("html") is None
    assert fragment.find("form") is None
    assert [a["href"] for a in fragment.select(".search-results__title a")] == ["/nb/info/startlan"]


def test_the_start_page_links_the_main_needs_to_their_pages(client, runner):
    runner.invoke(args=["load-content"])  # the shipped cards, as on a fresh install

    page = parse(client.get("/nn/"))

    hrefs = {a["href"] for a in page.select(".needs a")}
    assert {"/nn/info/bostotte", "/nn/info/startlan", "/nn/info/kommunal-bolig"} <= hrefs
    assert page.find("form", role="search")["action"] == "/nn/search"

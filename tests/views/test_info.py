from datetime import timedelta

import pytest

from portal.db import db
from tests.factories import make_page
from tests.html import parse, text_of


@pytest.fixture
def pages(app):
    with app.app_context():
        make_page(db.session, slug="bostotte", language="nb", title="Bostøtte")
        make_page(db.session, slug="bostotte", language="nn", title="Bustøtte", reviewed=True)
        make_page(db.session, slug="tilgjengelighet", language="nb", title="Tilgjengelighet")
        make_page(db.session, slug="personvern", language="en", title="Privacy")


def test_an_information_page_shows_its_title_text_and_when_it_was_updated(client, pages):
    page = parse(client.get("/nn/info/bostotte"))

    assert text_of(page.h1) == "Bustøtte"
    assert page.select_one(".prose strong")
    assert "2026" in text_of(page.select_one(".updated"))
    assert page.select_one(".notice") is None


def test_a_page_missing_in_english_is_shown_in_bokmal_with_a_note_in_english(client, pages):
    page = parse(client.get("/en/info/bostotte"))

    assert page.html["lang"] == "en"
    assert page.find("article")["lang"] == "nb"
    assert text_of(page.h1) == "Bostøtte"
    assert page.select_one(".notice") is not None


def test_an_unknown_slug_gets_the_404_page(client, pages):
    response = client.get("/nb/info/finnes-ikke")

    assert response.status_code == 404
    assert parse(response).html["lang"] == "nb"


def test_the_accessibility_and_privacy_statements_have_their_own_addresses(client, pages):
    assert text_of(parse(client.get("/nb/accessibility")).h1) == "Tilgjengelighet"
    assert text_of(parse(client.get("/en/privacy")).h1) == "Privacy"


def test_the_footer_links_to_search_and_both_statements(client, pages):
    footer = parse(client.get("/nb/info/bostotte")).footer

    hrefs = {a["href"] for a in footer.find_all("a")}
    assert {"/nb/search", "/nb/accessibility", "/nb/privacy"} <= hrefs


def test_an_unreviewed_translation_says_so_in_its_language_and_links_to_bokmal(app, client):
    with app.app_context():
        make_page(db.session, slug="startlan", language="nb", title="Startlån")
        make_page(db.session, slug="startlan", language="en", title="Start-up loan")

    page = parse(client.get("/en/info/startlan"))

    note = page.select_one(".notice")
    assert "not been checked by a person" in text_of(note)
    link = note.find("a")
    assert (link["href"], link["hreflang"]) == ("/nb/info/startlan", "nb")
    assert text_of(page.h1) == "Start-up loan"


def test_a_translation_behind_a_changed_bokmal_text_says_so(app, client):
    with app.app_context():
        source = make_page(db.session, slug="startlan", language="nb", title="Startlån")
        make_page(db.session, slug="startlan", language="nn", title="Startlån", reviewed=True)
        source.text_changed_at = source.text_changed_at + timedelta(days=1)
        db.session.commit()

    note = parse(client.get("/nn/info/startlan")).select_one(".notice")

    assert "Den norske teksten er endra" in text_of(note)
    assert note.find("a")["href"] == "/nb/info/startlan"


def test_bokmal_readers_never_see_a_translation_note(client, pages):
    assert parse(client.get("/nb/info/bostotte")).select_one(".notice") is None


def test_a_page_describes_itself_with_its_summary_and_links_only_its_real_languages(client, pages):
    head = parse(client.get("/nb/info/bostotte?utm=x")).head

    assert head.find("meta", attrs={"name": "description"})["content"] == (
        "Penger til boutgifter når inntekten er lav."
    )
    assert head.find("link", rel="canonical")["href"] == "http://localhost/nb/info/bostotte"
    versions = [link["hreflang"] for link in head.find_all("link", rel="alternate")]
    assert versions == ["nb", "x-default", "nn"]


def test_a_fallback_page_names_the_bokmal_page_as_the_real_one(client, pages):
    head = parse(client.get("/en/info/bostotte")).head

    assert head.find("link", rel="canonical")["href"] == "http://localhost/nb/info/bostotte"


def test_an_error_page_names_no_address_of_its_own(client, pages):
    head = parse(client.get("/nb/info/finnes-ikke")).head

    assert head.find("link", rel="canonical") is None
    assert head.find("meta", attrs={"name": "description"})["content"]

"""Editors change the start page's cards; residents see the change at once."""

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.models import StartCard
from portal.services.information import start_page
from tests.factories import make_page
from tests.html import error_summary_links, form_with_token, parse, text_of
from tests.staff import make_staff, sign_in


@pytest.fixture
def editor(app, client):
    with app.app_context():
        make_page(db.session, slug="bostotte", title="Bostøtte")
        make_page(db.session, slug="startlan", title="Startlån")
        person = make_staff(db.session, "editor", name="Eva Editor")
        sign_in(client, person)
        return person


def card_titles(client, lang="nb") -> list[str]:
    return [text_of(h3) for h3 in parse(client.get(f"/{lang}/")).select(".needs__item h3")]


def add_card(client, lang="nb", **fields):
    _, token = form_with_token(client, f"/admin/start-page/new?lang={lang}")
    data = {"csrf_token": token, "title": "Bostøtte", "text": "Penger til husleia.",
            "link": "page:bostotte", "action_route": "", "action_text": ""} | fields  # fmt: skip
    return client.post(f"/admin/start-page/new?lang={lang}", data=data)


def test_a_new_card_is_on_the_start_page_of_its_language_at_once(client, editor):
    response = add_card(client, lang="nn", title="Bustøtte", action_route="book",
                        action_text="Bestill rettleiing")  # fmt: skip

    assert response.status_code == 302
    item = parse(client.get("/nn/")).select_one(".needs__item")
    assert text_of(item.h3) == "Bustøtte"
    assert item.h3.a["href"] == "/nn/info/bostotte"
    assert [a["href"] for a in item.select("p a")] == ["/nn/book"]
    assert card_titles(client, "en") == []  # English shows bokmål's cards, and bokmål has none


def test_a_card_without_a_title_is_refused_with_what_was_typed_kept(app, client, editor):
    page = parse(add_card(client, title="  ", text="Teksten jeg skrev."))

    assert error_summary_links(page) == {"title": "Skriv en tittel på kortet."}
    assert page.find("textarea", id="text").get_text().strip() == "Teksten jeg skrev."
    assert page.find("select", id="link").find("option", selected=True)["value"] == "page:bostotte"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StartCard)) == 0


def test_an_extra_link_without_its_words_is_refused(client, editor):
    page = parse(add_card(client, action_route="apply", action_text=""))

    assert set(error_summary_links(page)) == {"action_text"}


def test_moving_a_card_up_moves_it_on_the_start_page(app, client, editor):
    add_card(client, title="Først")
    add_card(client, title="Så", link="page:startlan")
    with app.app_context():
        second = start_page.cards_for_editors(db.session, "nb")[1]
    _, token = form_with_token(client, "/admin/start-page?lang=nb")

    client.post(
        f"/admin/start-page/{second.id}/move", data={"csrf_token": token, "direction": "up"}
    )

    assert card_titles(client) == ["Så", "Først"]


def test_changing_and_removing_a_card(app, client, editor):
    add_card(client, title="Bostøtte")
    with app.app_context():
        [card] = start_page.cards_for_editors(db.session, "nb")
    form, token = form_with_token(client, f"/admin/start-page/{card.id}")
    assert form.find("input", id="title")["value"] == "Bostøtte"

    client.post(f"/admin/start-page/{card.id}", data={
        "csrf_token": token, "title": "Se saken din", "text": "", "link": "route:case",
        "action_route": "", "action_text": ""})  # fmt: skip
    assert card_titles(client) == ["Se saken din"]
    assert parse(client.get("/nb/")).select_one(".needs__item h3 a")["href"] == "/nb/case"

    client.post(f"/admin/start-page/{card.id}/delete", data={"csrf_token": token})
    assert card_titles(client) == []


def test_the_list_offers_each_language_and_marks_the_one_shown(client, editor):
    page = parse(client.get("/admin/start-page?lang=en"))

    tabs = page.select(".language-tabs a")
    assert [a["href"] for a in tabs] == [
        f"/admin/start-page?lang={code}"
        for code in ["nb", "nn", "en", "pl", "so", "uk", "ar", "ti"]
    ]
    assert [a["lang"] for a in tabs if a.get("aria-current")] == ["en"]


def test_load_content_gives_a_fresh_install_the_shipped_start_page(runner, client):
    result = runner.invoke(args=["load-content"])

    assert "start-page cards and" in result.output
    assert card_titles(client, "nb")[:2] == ["Bostøtte", "Startlån"]
    assert card_titles(client, "en")[0] == "Housing allowance"

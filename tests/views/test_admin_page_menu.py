"""Editors group the information pages; the start page and each page show the groups."""

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.models import NavigationGroup
from tests.factories import make_page
from tests.html import error_summary_links, form_with_token, parse, text_of, textarea_value
from tests.staff import make_staff, sign_in


@pytest.fixture
def editor(app, client):
    with app.app_context():
        for slug, title in [("bostotte", "Bostøtte"), ("startlan", "Startlån"),
                            ("tilskudd", "Tilskudd")]:  # fmt: skip
            make_page(db.session, slug=slug, title=title)
        person = make_staff(db.session, "editor")
        sign_in(client, person)
        return person


def add_group(client, lang="nb", **fields):
    _, token = form_with_token(client, f"/admin/page-menu/new?lang={lang}")
    data = {"csrf_token": token, "title": "Penger og lån", "pages": "startlan\nbostotte"} | fields
    return client.post(f"/admin/page-menu/new?lang={lang}", data=data)


def test_a_new_group_is_on_the_start_page_and_beside_each_of_its_pages(client, editor):
    assert add_group(client).status_code == 302

    start = parse(client.get("/nb/"))
    group = start.select_one(".menu__group")
    assert text_of(group.h3) == "Penger og lån"
    assert [a["href"] for a in group.select("a")] == ["/nb/info/startlan", "/nb/info/bostotte"]
    related = parse(client.get("/nb/info/startlan")).select_one("nav.related")
    assert text_of(related.h2) == "Penger og lån"
    assert [text_of(a) for a in related.select("a")] == ["Bostøtte"]
    assert parse(client.get("/nb/info/tilskudd")).select_one("nav.related") is None


def test_a_page_address_that_does_not_exist_is_named_and_nothing_is_stored(app, client, editor):
    page = parse(add_group(client, pages="startlan\nbostote"))

    assert error_summary_links(page) == {
        "pages": "Det finnes ingen side med adressen «bostote». Se listen over sidene."
    }
    assert textarea_value(page.find("textarea", id="pages")) == "startlan\nbostote"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NavigationGroup)) == 0


def test_a_group_without_a_name_is_refused(client, editor):
    page = parse(add_group(client, title=""))

    assert set(error_summary_links(page)) == {"title"}


def test_groups_are_per_language(client, editor):
    add_group(client, lang="en", title="Money")

    assert text_of(parse(client.get("/en/")).select_one(".menu__group h3")) == "Money"
    assert parse(client.get("/nb/")).select_one(".menu__group") is None


def test_editing_moving_and_removing_groups(app, client, editor):
    add_group(client, title="A")
    add_group(client, title="B", pages="tilskudd")
    page = parse(client.get("/admin/page-menu"))
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    b_id = page.select(".menu-group")[1]["id"].removeprefix("group-")

    client.post(f"/admin/page-menu/{b_id}/move", data={"csrf_token": token, "direction": "up"})
    titles = [text_of(h3) for h3 in parse(client.get("/nb/")).select(".menu__group h3")]
    assert titles == ["B", "A"]

    form, _ = form_with_token(client, f"/admin/page-menu/{b_id}")
    assert textarea_value(form.find("textarea", id="pages")) == "tilskudd"
    client.post(f"/admin/page-menu/{b_id}/delete", data={"csrf_token": token})
    titles = [text_of(h3) for h3 in parse(client.get("/nb/")).select(".menu__group h3")]
    assert titles == ["A"]

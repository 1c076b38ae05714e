"""The menu of information pages: groups in order per language, related reading per page."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.i18n import LANGUAGES
from portal.models import NavigationGroup
from portal.services.information import navigation
from portal.services.information.content_import import import_content
from portal.services.information.navigation import InvalidGroup
from portal.services.staff.audit import Actor
from tests.factories import NOW, make_page
from tests.staff import make_staff

LATER = NOW + timedelta(hours=1)


def editor(session) -> Actor:
    return Actor(make_staff(session, "editor"), "10.0.0.1")


def pages(session, *slugs, language="nb", publish=True):
    for slug in slugs:
        make_page(session, slug=slug, language=language, title=slug.title(), publish=publish)


def save(session, title, slugs, language="nb", group_id=None):
    return navigation.save_group(
        session, group_id, title=title, slugs=slugs, language=language,
        actor=editor(session), now=NOW,
    )  # fmt: skip


def test_the_menu_shows_groups_in_order_with_their_published_pages(session):
    pages(session, "bostotte", "startlan")
    pages(session, "utkast", publish=False)
    save(session, "Penger", ["startlan", "bostotte", "utkast"])
    save(session, "Tom", ["utkast"])

    [money] = navigation.menu(session, "nb")

    assert money.title == "Penger"
    assert [link.slug for link in money.links] == ["startlan", "bostotte"]


def test_a_page_shows_the_rest_of_its_group_in_the_readers_language(session):
    pages(session, "bostotte", "startlan", "tilskudd")
    pages(session, "startlan", language="en")
    save(session, "Money", ["bostotte", "startlan", "tilskudd"], language="en")

    group = navigation.related(session, "bostotte", "en")

    assert group.title == "Money"
    assert [(link.slug, link.language) for link in group.links] == [
        ("startlan", "en"),
        ("tilskudd", "nb"),
    ]
    assert navigation.related(session, "finnes-ikke", "en") is None


def test_a_group_naming_a_page_that_does_not_exist_is_refused_and_nothing_stored(session):
    pages(session, "bostotte")

    with pytest.raises(InvalidGroup) as refused:
        save(session, "Penger", ["bostotte", "bostote"])

    assert refused.value.unknown == ("bostote",)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(NavigationGroup)) == 0


def test_a_group_without_a_name_is_refused(session):
    with pytest.raises(InvalidGroup) as refused:
        save(session, "  ", [])
    assert refused.value.field == "title"


def test_changing_a_group_replaces_its_pages_in_the_new_order(session):
    pages(session, "bostotte", "startlan", "tilskudd")
    group = save(session, "Penger", ["bostotte", "startlan"])

    save(session, "Penger og lån", ["tilskudd", "bostotte", "tilskudd"], group_id=group.id)

    [shown] = navigation.menu(session, "nb")
    assert (shown.title, [link.slug for link in shown.links]) == (
        "Penger og lån",
        ["tilskudd", "bostotte"],
    )


def test_groups_move_and_go_and_a_language_without_groups_shows_bokmals(session):
    pages(session, "bostotte", "startlan")
    first = save(session, "A", ["bostotte"])
    second = save(session, "B", ["startlan"])
    actor = editor(session)

    navigation.move_group(session, second.id, "up", actor=actor, now=LATER)
    assert [g.title for g in navigation.menu(session, "nn")] == ["B", "A"]
    navigation.delete_group(session, first.id, actor=actor, now=LATER)
    assert [(g.title, g.language) for g in navigation.menu(session, "nn")] == [("B", "nb")]


def test_the_shipped_menu_comes_with_the_content_once(session):
    added = import_content(session, now=NOW)

    assert added.groups == 4 * len(LANGUAGES)
    assert navigation.menu(session, "en")[0].title == "Money and loans for a home"
    assert import_content(session, now=LATER).groups == 0

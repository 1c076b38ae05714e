"""Archiving a page: gone from residents, its address sends them on; nothing else breaks."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.models import AuditEvent, PageRedirect
from portal.services.information import archive, navigation, page_editing, start_page
from portal.services.information.archive import ArchiveRefused
from portal.services.information.pages import published_page
from portal.services.information.reading import read_page
from portal.services.information.search import search_pages
from portal.services.staff.audit import Actor
from tests.factories import NOW, make_page
from tests.staff import make_staff

LATER = NOW + timedelta(hours=1)


@pytest.fixture
def actor(session) -> Actor:
    return Actor(make_staff(session, "editor"), "10.0.0.1")


def test_an_archived_address_leads_to_its_replacement_in_every_language(session, actor):
    for language in ("nb", "nn"):
        make_page(session, slug="bostotte-gammel", language=language, title="Bostøtte gammel")
    make_page(session, slug="bostotte", title="Bostøtte")

    archive.archive_page(session, "bostotte-gammel", to_slug="bostotte", actor=actor, now=LATER)

    for language in ("nb", "nn"):
        reading = read_page(session, "bostotte-gammel", language, now=LATER)
        assert (reading.page, reading.moved_to) == (None, "bostotte")
    assert [hit.slug for hit in search_pages(session, "gammel", "nb")] == []
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "page_archived"))
    assert event.details == "bostotte-gammel → bostotte"


def test_the_menu_drops_an_archived_page_and_cards_follow_it_to_the_new_one(session, actor):
    make_page(session, slug="gammel")
    make_page(session, slug="ny")
    navigation.save_group(session, None, title="G", slugs=["gammel", "ny"], language="nb",
                          actor=actor, now=NOW)  # fmt: skip
    start_page.save_card(session, None, start_page.CardText("Kort", "", "page", "gammel"),
                         language="nb", actor=actor, now=NOW)  # fmt: skip

    archive.archive_page(session, "gammel", to_slug="ny", actor=actor, now=LATER)

    [group] = navigation.menu(session, "nb")
    assert [link.slug for link in group.links] == ["ny"]
    assert start_page.cards(session, "nb")[0].link_target == "ny"


def test_archiving_a_redirects_target_sends_its_readers_straight_on(session, actor):
    for slug in ("a", "b", "c"):
        make_page(session, slug=slug)
    archive.archive_page(session, "a", to_slug="b", actor=actor, now=LATER)

    archive.archive_page(session, "b", to_slug="c", actor=actor, now=LATER)

    assert archive.redirects(session) == {"a": "c", "b": "c"}


@pytest.mark.parametrize(
    ("slug", "target", "reason"),
    [("a", "a", "same_page"), ("a", "utkast", "unknown_target"), ("x", "a", "unknown_page")],
)
def test_archiving_to_nowhere_is_refused_and_nothing_changes(session, actor, slug, target, reason):
    make_page(session, slug="a")
    make_page(session, slug="utkast", publish=False)

    with pytest.raises(ArchiveRefused) as refused:
        archive.archive_page(session, slug, to_slug=target, actor=actor, now=LATER)

    assert refused.value.reason == reason
    session.rollback()
    assert published_page(session, "a", "nb") is not None
    assert session.scalar(select(func.count()).select_from(PageRedirect)) == 0


def test_publishing_an_archived_page_again_gives_it_its_address_back(session, actor):
    old = make_page(session, slug="gammel")
    make_page(session, slug="ny")
    archive.archive_page(session, "gammel", to_slug="ny", actor=actor, now=LATER)

    latest = page_editing.latest_revision(session, old.id)
    page_editing.publish(session, old.id, revision_id=latest.id, actor=actor, now=LATER)

    assert read_page(session, "gammel", "nb", now=LATER).moved_to is None
    assert published_page(session, "gammel", "nb") is not None
    assert old.archived_at is None

"""The start page's cards: editors change them, residents see them, nothing half-saved."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.models import AuditEvent, StartCard
from portal.services.information import start_page
from portal.services.information.content_import import import_content
from portal.services.information.start_page import CardText, InvalidCard
from portal.services.staff.audit import Actor
from portal.signals import content_changed
from tests.factories import NOW, make_page
from tests.staff import make_staff

LATER = NOW + timedelta(hours=1)


def editor(session) -> Actor:
    return Actor(make_staff(session, "editor"), "10.0.0.1")


def card(title="Bostøtte", link=("page", "bostotte"), **more) -> CardText:
    return CardText(title, more.pop("text", "Penger til husleia."), *link, **more)


def titles(session, language="nb") -> list[str]:
    return [shown.title for shown in start_page.cards(session, language)]


def audit_count(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent))


def test_a_saved_card_is_shown_to_residents_of_that_language_and_audited(session):
    make_page(session)
    heard = []

    with content_changed.connected_to(lambda sender: heard.append(sender)):
        start_page.save_card(session, None, card(), language="nb", actor=editor(session), now=NOW)

    assert titles(session, "nb") == ["Bostøtte"]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "start_page_changed"))
    assert "Bostøtte" in event.details
    assert heard == ["start_page"]


def test_a_language_without_cards_shows_the_bokmal_ones_marked_as_bokmal(session):
    make_page(session)
    start_page.save_card(session, None, card(), language="nb", actor=editor(session), now=NOW)

    [shown] = start_page.cards(session, "en")

    assert (shown.title, shown.language) == ("Bostøtte", "nb")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (card(title="   "), "title"),
        (card(link=("page", "finnes-ikke")), "link"),
        (card(link=("route", "admin")), "link"),
        (card(action_route="apply"), "action_text"),
        (card(action_text="Søk her"), "action_route"),
        (card(text="x" * 301), "text"),
    ],
)
def test_a_card_that_is_not_whole_is_refused_and_nothing_is_stored(session, text, field):
    make_page(session)
    actor = editor(session)
    before = audit_count(session)

    with pytest.raises(InvalidCard) as refused:
        start_page.save_card(session, None, text, language="nb", actor=actor, now=NOW)

    assert refused.value.field == field
    session.rollback()
    assert session.scalar(select(func.count()).select_from(StartCard)) == 0
    assert audit_count(session) == before


def test_moving_a_card_up_changes_the_order_and_the_first_cannot_go_higher(session):
    make_page(session)
    actor = editor(session)
    first, second, third = (
        start_page.save_card(session, None, card(t), language="nb", actor=actor, now=NOW)
        for t in ("A", "B", "C")
    )

    assert start_page.move_card(session, third.id, "up", actor=actor, now=LATER)
    assert not start_page.move_card(session, first.id, "up", actor=actor, now=LATER)

    assert titles(session) == ["A", "C", "B"]
    start_page.delete_card(session, first.id, actor=actor, now=LATER)
    assert titles(session) == ["C", "B"]
    assert [c.position for c in start_page.cards_for_editors(session, "nb")] == [1, 2]
    assert second.title == "B"


def test_shipped_cards_come_with_the_content_and_never_replace_the_editors(session):
    added = import_content(session, now=NOW)

    assert added.cards > 0
    assert "Startlån" in titles(session, "nb")
    assert "Start loan" in titles(session, "en")
    startlan = next(c for c in start_page.cards(session, "nb") if c.title == "Startlån")
    assert "prioriterer barnefamilier" in startlan.text
    assert (startlan.action_route, startlan.link_target) == ("calculator", "startlan")

    [first, *_rest] = start_page.cards_for_editors(session, "nb")
    start_page.delete_card(session, first.id, actor=editor(session), now=LATER)
    kept = titles(session, "nb")
    assert import_content(session, now=LATER).cards == 0
    assert titles(session, "nb") == kept

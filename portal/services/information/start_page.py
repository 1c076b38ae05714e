"""The start page's cards: the main needs, per language, in the order editors chose.

Each card links to an information page or to one of the portal's own pages
(PortalRoute), and may offer a second link to a task. Editors change cards without
a developer; every change is audited and tells the page cache (content_changed).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Page, StartCard
from portal.models.navigation import LINK_TO_PAGE, LINK_TO_ROUTE, PortalRoute
from portal.services.information import contacts, navigation, ordering, scheduling
from portal.services.information.pages import SOURCE_LANGUAGE
from portal.services.staff import audit
from portal.services.staff.audit import Actor
from portal.signals import content_changed

TITLE_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 300


class CardNotFound(LookupError):
    """No card with that id."""


class InvalidCard(ValueError):
    """`field` names what is wrong: "title", "text", "link", "action_route", "action_text"."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


@dataclass(frozen=True)
class CardText:
    title: str
    text: str
    # LINK_TO_PAGE or LINK_TO_ROUTE, and a slug or a PortalRoute value.
    link_kind: str
    link_target: str
    action_route: str = ""
    action_text: str = ""


@dataclass(frozen=True)
class ShownCard:
    title: str
    text: str
    link_kind: str
    link_target: str
    action_route: str
    action_text: str
    language: str  # bokmål when the reader's language has no cards yet


@dataclass(frozen=True)
class StartPage:
    urgent: contacts.UrgentContacts
    cards: list[ShownCard]
    menu: list[navigation.MenuGroup]


def start_page(session: Session, language: str, *, now: datetime) -> StartPage:
    """Everything the start page shows in `language` at `now`: urgent help (settings), the
    cards, and the menu of information pages (after any scheduled change that is due)."""
    scheduling.apply_due(session, now=now)
    return StartPage(
        urgent=contacts.urgent_contacts(session),
        cards=cards(session, language),
        menu=navigation.menu(session, language),
    )


def cards(session: Session, language: str) -> list[ShownCard]:
    """The cards residents see in `language`; bokmål's while that language has none."""
    rows = _cards(session, language) or _cards(session, SOURCE_LANGUAGE)
    return [
        ShownCard(
            row.title,
            row.text,
            row.link_kind,
            row.link_target,
            row.action_route,
            row.action_text,
            row.language,
        )
        for row in rows
    ]


def cards_for_editors(session: Session, language: str) -> list[StartCard]:
    return _cards(session, language)


def get_card(session: Session, card_id: int) -> StartCard | None:
    return session.get(StartCard, card_id)


def _cards(session: Session, language: str) -> list[StartCard]:
    return list(
        session.scalars(
            select(StartCard)
            .where(StartCard.language == language)
            .order_by(StartCard.position, StartCard.id)
        )
    )


def check(session: Session, card: CardText) -> CardText:
    """The card with its text trimmed, or InvalidCard naming the first thing wrong."""
    card = CardText(
        card.title.strip(),
        card.text.strip(),
        card.link_kind,
        card.link_target.strip(),
        card.action_route,
        card.action_text.strip(),
    )
    if not card.title or len(card.title) > TITLE_MAX_LENGTH:
        raise InvalidCard("title")
    if len(card.text) > TEXT_MAX_LENGTH:
        raise InvalidCard("text")
    if card.link_kind == LINK_TO_PAGE:
        exists = session.scalar(select(Page.id).where(Page.slug == card.link_target).limit(1))
        if exists is None:
            raise InvalidCard("link")
    elif card.link_kind != LINK_TO_ROUTE or card.link_target not in PortalRoute.values():
        raise InvalidCard("link")
    if card.action_route and card.action_route not in PortalRoute.values():
        raise InvalidCard("action_route")
    if bool(card.action_route) != bool(card.action_text):
        raise InvalidCard("action_text" if card.action_route else "action_route")
    if len(card.action_text) > TITLE_MAX_LENGTH:
        raise InvalidCard("action_text")
    return card


def save_card(
    session: Session,
    card_id: int | None,
    text: CardText,
    *,
    language: str,
    actor: Actor,
    now: datetime,
) -> StartCard:
    """Add a card at the end of `language`'s cards (card_id None) or change one, audited,
    in one commit. InvalidCard (nothing stored) when something is missing or wrong."""
    text = check(session, text)
    if card_id is None:
        card = StartCard(
            language=language, position=ordering.next_position(_cards(session, language))
        )
        session.add(card)
        change = "added"
    else:
        card = _card(session, card_id)
        change = "changed"
    card.title, card.text = text.title, text.text
    card.link_kind, card.link_target = text.link_kind, text.link_target
    card.action_route, card.action_text = text.action_route, text.action_text
    card.updated_at = now
    session.flush()
    _audit(session, actor, card, now, change)
    session.commit()
    content_changed.send("start_page")
    return card


def move_card(
    session: Session, card_id: int, direction: str, *, actor: Actor, now: datetime
) -> bool:
    """One place up or down among its language's cards; False (nothing changed) at an end."""
    card = _card(session, card_id)
    if not ordering.move(_cards(session, card.language), card, direction):
        return False
    _audit(session, actor, card, now, f"moved {direction}")
    session.commit()
    content_changed.send("start_page")
    return True


def delete_card(session: Session, card_id: int, *, actor: Actor, now: datetime) -> None:
    """Take a card off the start page, audited with its title."""
    card = _card(session, card_id)
    _audit(session, actor, card, now, "deleted")
    session.delete(card)
    session.flush()
    ordering.renumber(_cards(session, card.language))
    session.commit()
    content_changed.send("start_page")


def _card(session: Session, card_id: int) -> StartCard:
    card = session.get(StartCard, card_id)
    if card is None:
        raise CardNotFound(card_id)
    return card


def _audit(session: Session, actor: Actor, card: StartCard, now: datetime, change: str) -> None:
    audit.record_by(
        actor,
        session,
        "start_page_changed",
        object_type="start_card",
        object_id=card.id,
        now=now,
        details=f"{card.language}: {change} «{card.title}»",
    )


def add_shipped_cards(
    session: Session, shipped: dict[str, list[CardText]], *, now: datetime
) -> int:
    """The shipped cards of each language that has none yet (the caller commits).

    A language that has cards is the editors' own: nothing is added to it.
    """
    added = 0
    for language, texts in shipped.items():
        if _cards(session, language):
            continue
        for position, text in enumerate(texts, start=1):
            text = check(session, text)
            session.add(
                StartCard(
                    language=language,
                    position=position,
                    title=text.title,
                    text=text.text,
                    link_kind=text.link_kind,
                    link_target=text.link_target,
                    action_route=text.action_route,
                    action_text=text.action_text,
                    updated_at=now,
                )
            )
            added += 1
    return added

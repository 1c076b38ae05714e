"""The menu of information pages: groups of pages in an order editors chose, per language.

The start page lists every group; an information page shows the rest of its group as
related reading. A group names its pages by slug, and shows each in the reader's
language where it is published (bokmål where it is not). Every change is audited and
tells the page cache (content_changed).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portal.models import NavigationGroup, NavigationItem, Page
from portal.services.information import ordering
from portal.services.information.pages import SOURCE_LANGUAGE, PageLink, page_links
from portal.services.staff import audit
from portal.services.staff.audit import Actor
from portal.signals import content_changed

TITLE_MAX_LENGTH = 120
MAX_PAGES = 30


class GroupNotFound(LookupError):
    """No group with that id."""


class InvalidGroup(ValueError):
    """`field` is "title" or "pages"; `unknown` lists the slugs that are no page."""

    def __init__(self, field: str, unknown: tuple[str, ...] = ()):
        super().__init__(field, unknown)
        self.field = field
        self.unknown = unknown


@dataclass(frozen=True)
class MenuGroup:
    title: str
    language: str  # bokmål when the reader's language has no menu yet
    links: list[PageLink]


def menu(session: Session, language: str) -> list[MenuGroup]:
    """Every group of `language` (bokmål's while it has none) with its published pages."""
    groups = _groups(session, language) or _groups(session, SOURCE_LANGUAGE)
    slugs = list(dict.fromkeys(item.slug for group in groups for item in group.items))
    links = {link.slug: link for link in page_links(session, slugs, language)}
    shown = []
    for group in groups:
        group_links = [links[item.slug] for item in group.items if item.slug in links]
        if group_links:
            shown.append(MenuGroup(group.title, group.language, group_links))
    return shown


def related(session: Session, slug: str, language: str) -> MenuGroup | None:
    """The first group that holds `slug`, with the other pages in it; None if it is alone."""
    for group in menu(session, language):
        if any(link.slug == slug for link in group.links):
            others = [link for link in group.links if link.slug != slug]
            return MenuGroup(group.title, group.language, others) if others else None
    return None


def groups_for_editors(session: Session, language: str) -> list[NavigationGroup]:
    return _groups(session, language)


def get_group(session: Session, group_id: int) -> NavigationGroup | None:
    return session.get(NavigationGroup, group_id)


def _groups(session: Session, language: str) -> list[NavigationGroup]:
    return list(
        session.scalars(
            select(NavigationGroup)
            .where(NavigationGroup.language == language)
            .options(selectinload(NavigationGroup.items))
            .order_by(NavigationGroup.position, NavigationGroup.id)
        )
    )


def check(session: Session, title: str, slugs: list[str]) -> tuple[str, list[str]]:
    """The title trimmed and the slugs once each, in order; InvalidGroup if a slug is no page."""
    title = title.strip()
    if not title or len(title) > TITLE_MAX_LENGTH:
        raise InvalidGroup("title")
    slugs = list(dict.fromkeys(slug.strip() for slug in slugs if slug.strip()))
    if len(slugs) > MAX_PAGES:
        raise InvalidGroup("pages")
    known = set(session.scalars(select(Page.slug).where(Page.slug.in_(slugs))))
    unknown = tuple(slug for slug in slugs if slug not in known)
    if unknown:
        raise InvalidGroup("pages", unknown)
    return title, slugs


def save_group(
    session: Session,
    group_id: int | None,
    *,
    title: str,
    slugs: list[str],
    language: str,
    actor: Actor,
    now: datetime,
) -> NavigationGroup:
    """Add a group at the end of `language`'s menu (group_id None), or change one: its title
    and its pages in this order. Audited, in one commit; InvalidGroup stores nothing."""
    title, slugs = check(session, title, slugs)
    if group_id is None:
        group = NavigationGroup(
            language=language, position=ordering.next_position(_groups(session, language))
        )
        session.add(group)
        change = "added"
    else:
        group = _group(session, group_id)
        change = "changed"
    group.title = title
    group.updated_at = now
    group.items.clear()
    session.flush()  # the old rows go before the new ones take their (group, slug) places
    group.items.extend(
        NavigationItem(slug=slug, position=number) for number, slug in enumerate(slugs, start=1)
    )
    session.flush()
    _audit(session, actor, group, now, f"{change}: {', '.join(slugs)}")
    session.commit()
    content_changed.send("navigation")
    return group


def move_group(
    session: Session, group_id: int, direction: str, *, actor: Actor, now: datetime
) -> bool:
    """One place up or down in its language's menu; False (nothing changed) at an end."""
    group = _group(session, group_id)
    if not ordering.move(_groups(session, group.language), group, direction):
        return False
    _audit(session, actor, group, now, f"moved {direction}")
    session.commit()
    content_changed.send("navigation")
    return True


def delete_group(session: Session, group_id: int, *, actor: Actor, now: datetime) -> None:
    """Take a group out of the menu; its pages stay published."""
    group = _group(session, group_id)
    _audit(session, actor, group, now, "deleted")
    session.delete(group)
    session.flush()
    ordering.renumber(_groups(session, group.language))
    session.commit()
    content_changed.send("navigation")


def remove_page(session: Session, slug: str) -> None:
    """Take a page out of every group (archiving it); the caller commits and audits."""
    for item in session.scalars(select(NavigationItem).where(NavigationItem.slug == slug)):
        session.delete(item)


def _group(session: Session, group_id: int) -> NavigationGroup:
    group = session.get(NavigationGroup, group_id)
    if group is None:
        raise GroupNotFound(group_id)
    return group


def _audit(session, actor: Actor, group: NavigationGroup, now: datetime, change: str) -> None:
    audit.record_by(
        actor,
        session,
        "navigation_changed",
        object_type="navigation_group",
        object_id=group.id,
        now=now,
        details=f"{group.language} «{group.title}» {change}",
    )


@dataclass(frozen=True)
class ShippedGroup:
    title: str
    slugs: list[str]


def add_shipped_groups(
    session: Session, shipped: dict[str, list[ShippedGroup]], *, now: datetime
) -> int:
    """The shipped menu of each language that has none yet (the caller commits)."""
    added = 0
    for language, groups in shipped.items():
        if _groups(session, language):
            continue
        for position, shipped_group in enumerate(groups, start=1):
            title, slugs = check(session, shipped_group.title, shipped_group.slugs)
            group = NavigationGroup(
                language=language, position=position, title=title, updated_at=now
            )
            group.items.extend(
                NavigationItem(slug=slug, position=number)
                for number, slug in enumerate(slugs, start=1)
            )
            session.add(group)
            added += 1
    session.flush()
    return added

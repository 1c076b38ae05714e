"""What ships with the portal in portal/content/: the information pages, the start
page's cards (start-page.toml) and the menu of pages (navigation.toml), so a fresh
install shows the same portal as the demo.

Each page file is `<slug>.<language>.md`, starting with a block of `title:` and
`summary:` between two `---` lines. Importing adds the pages that are missing
and never overwrites a page that exists: editors own them from then on. Cards and
the menu are added only to a language that has none.
A Markdown file without a language in its name (SOURCES.md: where each page's
facts come from) is a note for editors, not a page.
"""

import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Page
from portal.models.navigation import LINK_TO_PAGE, LINK_TO_ROUTE
from portal.services.information import navigation, start_page
from portal.services.information.pages import create_page
from portal.signals import content_changed

CONTENT_DIRECTORY = Path(__file__).resolve().parents[2] / "content"
PAGE_FILES = "*.*.md"
START_PAGE_FILE = "start-page.toml"
NAVIGATION_FILE = "navigation.toml"
AUTHOR = "Eigersund kommune"


class MalformedContentFile(ValueError):
    """A content file without its title and summary block."""


@dataclass(frozen=True)
class ContentFile:
    slug: str
    language: str
    title: str
    summary: str
    body: str


def read_content_file(path: Path) -> ContentFile:
    slug, language = path.name.removesuffix(".md").rsplit(".", 1)
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise MalformedContentFile(path.name)
    header, body = text[4:].split("\n---\n", 1)
    fields = dict(line.split(":", 1) for line in header.splitlines() if ":" in line)
    try:
        title, summary = fields["title"].strip(), fields["summary"].strip()
    except KeyError:
        raise MalformedContentFile(path.name) from None
    return ContentFile(slug, language, title, summary, body.strip() + "\n")


@dataclass(frozen=True)
class Imported:
    pages: int
    cards: int
    groups: int


def import_content(
    session: Session, *, now: datetime, directory: Path = CONTENT_DIRECTORY
) -> Imported:
    """Everything shipped that the database lacks (pages, then the cards and the menu that
    link to them), in one commit; never overwrites what editors have."""
    pages = _add_pages(session, now=now, directory=directory)
    cards = start_page.add_shipped_cards(session, read_start_page(directory), now=now)
    groups = navigation.add_shipped_groups(session, read_navigation(directory), now=now)
    session.commit()
    if pages or cards or groups:
        content_changed.send("content_import")
    return Imported(pages, cards, groups)


def read_navigation(
    directory: Path = CONTENT_DIRECTORY,
) -> dict[str, list[navigation.ShippedGroup]]:
    """The shipped menu per language: groups with their pages' slugs, in order."""
    path = directory / NAVIGATION_FILE
    if not path.exists():
        return {}
    shipped = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        language: [
            navigation.ShippedGroup(group["title"], list(group["pages"])) for group in groups
        ]
        for language, groups in shipped.items()
    }


def read_start_page(directory: Path = CONTENT_DIRECTORY) -> dict[str, list[start_page.CardText]]:
    """The shipped cards per language (`link = "page:<slug>"` or `"route:<name>"`)."""
    path = directory / START_PAGE_FILE
    if not path.exists():
        return {}
    shipped = tomllib.loads(path.read_text(encoding="utf-8"))
    cards: dict[str, list[start_page.CardText]] = {}
    for language, entries in shipped.items():
        for entry in entries:
            kind, _, target = entry["link"].partition(":")
            if kind not in (LINK_TO_PAGE, LINK_TO_ROUTE):
                raise MalformedContentFile(f"{START_PAGE_FILE}: {entry['link']}")
            cards.setdefault(language, []).append(
                start_page.CardText(
                    title=entry["title"],
                    text=entry.get("text", ""),
                    link_kind=kind,
                    link_target=target,
                    action_route=entry.get("action", ""),
                    action_text=entry.get("action_text", ""),
                )
            )
    return cards


def import_pages(session: Session, *, now: datetime, directory: Path = CONTENT_DIRECTORY) -> int:
    """Publish every shipped page not yet in the database, in one commit; returns how many."""
    added = _add_pages(session, now=now, directory=directory)
    session.commit()
    if added:
        content_changed.send("content_import")
    return added


def _add_pages(session: Session, *, now: datetime, directory: Path) -> int:
    existing = {tuple(row) for row in session.execute(select(Page.slug, Page.language))}
    added = 0
    for path in sorted(directory.glob(PAGE_FILES)):
        content = read_content_file(path)
        if (content.slug, content.language) in existing:
            continue
        create_page(
            session,
            slug=content.slug,
            language=content.language,
            title=content.title,
            summary=content.summary,
            body=content.body,
            author_name=AUTHOR,
            now=now,
            publish=True,
        )
        added += 1
    return added

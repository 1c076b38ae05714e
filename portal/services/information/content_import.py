"""The information pages that ship with the portal, as Markdown files in portal/content/.

Each file is `<slug>.<language>.md`, starting with a block of `title:` and
`summary:` between two `---` lines. Importing adds the pages that are missing
and never overwrites a page that exists: editors own them from then on.
A Markdown file without a language in its name (SOURCES.md: where each page's
facts come from) is a note for editors, not a page.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Page
from portal.services.information.pages import create_page
from portal.signals import content_changed

CONTENT_DIRECTORY = Path(__file__).resolve().parents[2] / "content"
PAGE_FILES = "*.*.md"
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


def import_pages(session: Session, *, now: datetime, directory: Path = CONTENT_DIRECTORY) -> int:
    """Publish every shipped page not yet in the database, in one commit; returns how many."""
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
    session.commit()
    if added:
        content_changed.send("content_import")
    return added

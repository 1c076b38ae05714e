"""What a resident gets for an information page's address: the page in their language (or
bokmål) with the rest of its menu group as related reading, or where an archived page's
address now leads. A scheduled change whose time has come is run first, so the page is
right even when cron is late."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from portal.services.information import archive, navigation, scheduling
from portal.services.information.pages import PublishedPage, published_page


@dataclass(frozen=True)
class Reading:
    page: PublishedPage | None
    related: navigation.MenuGroup | None = None
    # The slug an archived address sends readers to (answered with 301).
    moved_to: str | None = None


def read_page(session: Session, slug: str, language: str, *, now: datetime) -> Reading:
    """The page to show for /<language>/info/<slug> at `now`; `page` is None when there is
    none, and then `moved_to` says where an archived page's readers go instead."""
    scheduling.apply_due(session, now=now, slug=slug)
    page = published_page(session, slug, language)
    if page is None:
        return Reading(None, moved_to=archive.redirect_target(session, slug))
    return Reading(page, navigation.related(session, slug, language))

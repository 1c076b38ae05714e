"""What a resident gets for an information page's address: the page in their language (or
bokmål), the rest of its menu group as related reading."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from portal.services.information import navigation
from portal.services.information.pages import PublishedPage, published_page


@dataclass(frozen=True)
class Reading:
    page: PublishedPage | None
    related: navigation.MenuGroup | None = None


def read_page(session: Session, slug: str, language: str) -> Reading:
    """The page to show for /<language>/info/<slug>; `page` is None when there is none."""
    page = published_page(session, slug, language)
    if page is None:
        return Reading(None)
    return Reading(page, navigation.related(session, slug, language))

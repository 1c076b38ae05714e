"""Information pages: creating them, and finding the published text to show."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import Page, PageRevision
from portal.models.page import ReviewStatus
from portal.services.information import markdown, search

SOURCE_LANGUAGE = "nb"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 80


class InvalidSlug(ValueError):
    """A slug must be lower-case letters a–z, digits and single hyphens."""


class SlugTaken(ValueError):
    """A page with this slug already exists in this language."""


@dataclass(frozen=True)
class PublishedPage:
    slug: str
    language: str  # the language of the text shown, which may be the fallback's
    title: str
    summary: str
    html: Markup
    updated_at: datetime
    is_fallback: bool
    # A translation nobody has read against the bokmål text yet.
    is_unreviewed: bool = False
    # A reviewed translation whose bokmål text changed after the review.
    is_behind: bool = False
    # The languages this page is published in (for links to the other versions).
    languages: tuple[str, ...] = ()


def is_behind(translation: Page, source: Page | None) -> bool:
    """Whether the bokmål text changed after this translation was last reviewed against it."""
    if translation.language == SOURCE_LANGUAGE or source is None:
        return False
    if source.text_changed_at is None or translation.reviewed_at is None:
        return False
    return source.text_changed_at > translation.reviewed_at


def published_page(session: Session, slug: str, language: str) -> PublishedPage | None:
    """The published page in `language`; else in bokmål, marked as a fallback; else None.

    A translation says whether a person has reviewed it, and whether the bokmål text
    changed since, so residents can be pointed to the source text.
    """
    candidates = {
        page.language: page
        for page in session.scalars(
            select(Page).where(Page.slug == slug, Page.is_published.is_(True))
        )
    }
    page = candidates.get(language) or candidates.get(SOURCE_LANGUAGE)
    if page is None:
        return None
    is_translation = page.language != SOURCE_LANGUAGE
    return PublishedPage(
        slug=page.slug,
        language=page.language,
        title=page.title,
        summary=page.summary,
        html=markdown.render(page.body),
        updated_at=page.updated_at,
        is_fallback=page.language != language,
        is_unreviewed=is_translation and page.review_status != ReviewStatus.REVIEWED,
        is_behind=is_behind(page, candidates.get(SOURCE_LANGUAGE)),
        languages=tuple(sorted(candidates)),
    )


def create_page(
    session: Session,
    *,
    slug: str,
    language: str,
    title: str,
    summary: str,
    body: str,
    author_name: str,
    now: datetime,
    publish: bool,
) -> Page:
    """Add a page with its first revision (not committed: the caller owns the transaction)."""
    if len(slug) > SLUG_MAX_LENGTH or not SLUG.match(slug):
        raise InvalidSlug(slug)
    taken = session.scalar(select(Page.id).where(Page.slug == slug, Page.language == language))
    if taken is not None:
        raise SlugTaken(slug)
    page = Page(
        slug=slug,
        language=language,
        title=title,
        summary=summary,
        body=body,
        is_published=publish,
        review_status=_first_review_status(language, publish=publish),
        published_at=now if publish else None,
        updated_at=now,
        text_changed_at=now if publish else None,
    )
    page.revisions.append(
        PageRevision(
            title=title, summary=summary, body=body, author_name=author_name, created_at=now
        )
    )
    session.add(page)
    session.flush()
    search.engine_for(session).index(session, page)
    return page


def _first_review_status(language: str, *, publish: bool) -> str:
    """A shipped bokmål page is the source, so reviewed; a translation waits for a person."""
    if not publish:
        return ReviewStatus.DRAFT
    return ReviewStatus.REVIEWED if language == SOURCE_LANGUAGE else ReviewStatus.NEEDS_REVIEW


@dataclass(frozen=True)
class PageLink:
    slug: str
    title: str
    summary: str
    language: str


def page_links(session: Session, slugs: list[str], language: str) -> list[PageLink]:
    """Title and summary of each published page in `slugs` order; bokmål where one is missing."""
    pages = session.scalars(
        select(Page).where(
            Page.slug.in_(slugs),
            Page.language.in_({language, SOURCE_LANGUAGE}),
            Page.is_published.is_(True),
        )
    )
    best: dict[str, Page] = {}
    for page in pages:
        if page.slug not in best or page.language == language:
            best[page.slug] = page
    return [
        PageLink(page.slug, page.title, page.summary, page.language)
        for slug in slugs
        if (page := best.get(slug)) is not None
    ]


def has_unpublished_changes(page: Page, latest: PageRevision) -> bool:
    """Whether the newest saved text differs from what residents see."""
    shown = (page.title, page.summary, page.body) if page.is_published else None
    return shown != (latest.title, latest.summary, latest.body)


@dataclass(frozen=True)
class PageVersion:
    """One language of a page as editors see it in the list."""

    id: int
    language: str
    title: str
    is_published: bool
    review_status: str
    updated_at: datetime
    has_unpublished_changes: bool
    # The bokmål text changed after this translation was last reviewed.
    is_behind: bool = False
    is_archived: bool = False


def pages_for_editors(session: Session) -> dict[str, list[PageVersion]]:
    """Every page by slug, each language with its state; two queries in all."""
    newest = (
        select(PageRevision.page_id, func.max(PageRevision.id).label("revision_id"))
        .group_by(PageRevision.page_id)
        .subquery()
    )
    rows = session.execute(
        select(Page, PageRevision)
        .join(newest, newest.c.page_id == Page.id)
        .join(PageRevision, PageRevision.id == newest.c.revision_id)
        .order_by(Page.slug, Page.language)
    )
    grouped: dict[str, list[tuple[Page, PageRevision]]] = {}
    for page, latest in rows:
        grouped.setdefault(page.slug, []).append((page, latest))
    by_slug: dict[str, list[PageVersion]] = {}
    for slug, versions in grouped.items():
        source = next((page for page, _ in versions if page.language == SOURCE_LANGUAGE), None)
        by_slug[slug] = [
            PageVersion(
                id=page.id,
                language=page.language,
                title=latest.title,
                is_published=page.is_published,
                review_status=page.review_status,
                updated_at=page.updated_at,
                has_unpublished_changes=has_unpublished_changes(page, latest),
                is_behind=is_behind(page, source),
                is_archived=page.archived_at is not None,
            )
            for page, latest in versions
        ]
    return by_slug


def translation_is_behind(session: Session, page: Page) -> bool:
    """Whether the bokmål text of this page changed after this translation was reviewed."""
    source = session.scalar(
        select(Page).where(Page.slug == page.slug, Page.language == SOURCE_LANGUAGE)
    )
    return is_behind(page, source)


def titles_by_slug(
    session: Session, language: str, *, published_only: bool = False
) -> dict[str, str]:
    """Every page's slug with its title in `language`, else bokmål's, else any: for choosing
    a page to link to. Sorted by title."""
    best: dict[str, Page] = {}
    rank = {language: 0, SOURCE_LANGUAGE: 1}
    query = select(Page)
    if published_only:
        query = query.where(Page.is_published.is_(True))
    for page in session.scalars(query):
        current = best.get(page.slug)
        if current is None or rank.get(page.language, 2) < rank.get(current.language, 2):
            best[page.slug] = page
    return dict(sorted(((slug, page.title) for slug, page in best.items()), key=lambda p: p[1]))


@dataclass(frozen=True)
class DueReview:
    id: int
    slug: str
    language: str
    title: str
    review_by: date
    is_overdue: bool


def due_for_review(session: Session, *, today: date, within_days: int = 30) -> list[DueReview]:
    """Pages (not archived) an editor should read again by `today + within_days`, soonest
    first; those past their date are overdue."""
    pages = session.scalars(
        select(Page)
        .where(
            Page.review_by.is_not(None),
            Page.review_by <= today + timedelta(days=within_days),
            Page.archived_at.is_(None),
        )
        .order_by(Page.review_by, Page.slug, Page.language)
    )
    return [
        DueReview(p.id, p.slug, p.language, p.title, p.review_by, p.review_by < today)
        for p in pages
    ]


def languages_of(session: Session, slug: str) -> set[str]:
    """The languages a page exists in, published or not."""
    return set(session.scalars(select(Page.language).where(Page.slug == slug)))


def get_page(session: Session, page_id: int) -> Page | None:
    return session.get(Page, page_id)


def revisions(session: Session, page_id: int) -> list[PageRevision]:
    """The page's history, newest first."""
    return list(
        session.scalars(
            select(PageRevision)
            .where(PageRevision.page_id == page_id)
            .order_by(PageRevision.id.desc())
        )
    )

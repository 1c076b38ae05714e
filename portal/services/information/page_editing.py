"""Editing information pages: drafts, publishing, history, and no silent overwrites.

Every save is a new revision. An editor saves on top of the revision they
opened; if someone else saved in between, the save is refused with both texts,
so nobody's work disappears without them seeing it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import Page, PageRevision
from portal.models.page import ReviewStatus
from portal.services.information import archive, links, pages, search
from portal.services.staff import audit
from portal.services.staff.audit import Actor
from portal.signals import content_changed


class PageNotFound(LookupError):
    """No page or revision with that id."""


class BrokenLinks(ValueError):
    """The text links to pages, images or paths of this site that do not exist."""

    def __init__(self, urls: list[str]):
        super().__init__(", ".join(urls))
        self.urls = urls


def check_links(session: Session, text: "Text", is_route: Callable[[str], bool] | None) -> None:
    """BrokenLinks naming every internal link in the text that leads nowhere."""
    if is_route is None:
        return
    broken = links.broken_internal_links(session, text.body, is_route=is_route)
    if broken:
        raise BrokenLinks(broken)


class PageChanged(Exception):
    """Someone saved the page after this editor opened it."""

    def __init__(self, latest: PageRevision):
        super().__init__(latest.id)
        self.latest = latest


@dataclass(frozen=True)
class Text:
    title: str
    summary: str
    body: str


def latest_revision(session: Session, page_id: int) -> PageRevision:
    revision = session.scalar(
        select(PageRevision).where(PageRevision.page_id == page_id).order_by(PageRevision.id.desc())
    )
    if revision is None:
        raise PageNotFound(page_id)
    return revision


def create_draft(
    session: Session,
    *,
    slug: str,
    language: str,
    text: Text,
    actor: Actor,
    now: datetime,
    is_route: Callable[[str], bool] | None = None,
) -> Page:
    """A new page, not yet shown to residents, and its audit entry, in one commit.

    Raises pages.SlugTaken (nothing stored) when the language has a page at that address,
    and BrokenLinks when `is_route` is given and an internal link leads nowhere.
    """
    check_links(session, text, is_route)
    try:
        page = pages.create_page(
            session,
            slug=slug,
            language=language,
            author_name=actor.name,
            now=now,
            publish=False,
            **_fields(text),
        )
    except (pages.SlugTaken, pages.InvalidSlug):
        session.rollback()
        raise
    _audit(session, actor, "page_created", page, now)
    session.commit()
    return page


def save_draft(
    session: Session,
    page_id: int,
    text: Text,
    *,
    based_on: int,
    actor: Actor,
    now: datetime,
    publish_now: bool = False,
    is_route: Callable[[str], bool] | None = None,
) -> PageRevision:
    """Save `text` as the newest revision, if nobody saved since revision `based_on`.

    Residents keep seeing the published text until the page is published again (at
    once with `publish_now`). The save, its publishing and their audit entries commit
    together. With `is_route` (does a path of this site answer?), a text with an
    internal link that leads nowhere is refused with BrokenLinks, and nothing is stored.
    """
    check_links(session, text, is_route)
    page = _page(session, page_id, lock=True)
    latest = latest_revision(session, page.id)
    if latest.id != based_on:
        session.rollback()
        raise PageChanged(latest)
    revision = PageRevision(page=page, author_name=actor.name, created_at=now, **_fields(text))
    page.updated_at = now
    if page.review_status == "reviewed":
        page.review_status = "needs_review"
    session.add(revision)
    _audit(session, actor, "page_saved", page, now)
    if publish_now:
        session.flush()
        _show(session, page, revision, actor=actor, now=now)
    session.commit()
    if publish_now:
        content_changed.send(page)
    return revision


def publish(
    session: Session, page_id: int, *, revision_id: int, actor: Actor, now: datetime
) -> Page:
    """Show residents the text of `revision_id` (normally the newest) from now on."""
    page = _page(session, page_id, lock=True)
    revision = session.get(PageRevision, revision_id)
    if revision is None or revision.page_id != page.id:
        raise PageNotFound(revision_id)
    _show(session, page, revision, actor=actor, now=now)
    session.commit()
    content_changed.send(page)
    return page


def _show(session: Session, page: Page, revision: PageRevision, *, actor: Actor, now) -> None:
    put_live(session, page, revision, now=now)
    _audit(session, actor, "page_published", page, now)


def put_live(session: Session, page: Page, revision: PageRevision, *, now: datetime) -> None:
    """Residents see `revision`'s text from now on (the caller audits and commits)."""
    shown = (page.title, page.summary, page.body) if page.text_changed_at else None
    if shown != (revision.title, revision.summary, revision.body):
        page.text_changed_at = now
    page.title, page.summary, page.body = revision.title, revision.summary, revision.body
    page.is_published = True
    archive.lift_redirect(session, page)
    page.published_at = now
    page.updated_at = now
    session.flush()
    search.engine_for(session).index(session, page)


def unpublish(session: Session, page_id: int, *, actor: Actor, now: datetime) -> Page:
    """Take the page away from residents (and from search); its history stays."""
    page = _page(session, page_id, lock=True)
    take_down(session, page, now=now)
    _audit(session, actor, "page_unpublished", page, now)
    session.commit()
    content_changed.send(page)
    return page


def take_down(session: Session, page: Page, *, now: datetime) -> None:
    """Residents no longer see the page, nor find it (the caller audits and commits)."""
    page.is_published = False
    page.updated_at = now
    session.flush()
    search.engine_for(session).remove(session, page)


def restore(
    session: Session, page_id: int, revision_id: int, *, actor: Actor, now: datetime
) -> PageRevision:
    """Make an old revision's text the newest draft again (history is never rewritten)."""
    old = session.get(PageRevision, revision_id)
    if old is None or old.page_id != page_id:
        raise PageNotFound(revision_id)
    page = _page(session, page_id)
    details = f"{page.slug}/{page.language} revision {revision_id}"
    _audit(session, actor, "page_restored", page, now, details=details)
    text = Text(old.title, old.summary, old.body)
    return save_draft(
        session,
        page_id,
        text,
        based_on=latest_revision(session, page_id).id,
        actor=actor,
        now=now,
    )


def set_review_status(
    session: Session, page_id: int, status: str, *, actor: Actor, now: datetime
) -> Page:
    """Mark how far this language's text has been checked (the review-by date stays)."""
    page = _page(session, page_id)
    return save_review(
        session, page_id, status=status, review_by=page.review_by, actor=actor, now=now
    )


def save_review(
    session: Session,
    page_id: int,
    *,
    status: str,
    review_by: date | None,
    actor: Actor,
    now: datetime,
) -> Page:
    """How far this language's text has been checked, and when to read it again, audited.

    "reviewed" is against the bokmål text as it is now, so a later change of the bokmål
    text shows as "behind".
    """
    if status not in ReviewStatus.values():
        raise ValueError(status)
    page = _page(session, page_id)
    page.review_status = status
    if status == ReviewStatus.REVIEWED:
        page.reviewed_at = now
    page.review_by = review_by
    details = f"{status}, review by {review_by.isoformat() if review_by else '-'}"
    _audit(session, actor, "page_review_changed", page, now, details=details)
    session.commit()
    return page


def _audit(session, actor: Actor, action: str, page: Page, now, *, details: str = "") -> None:
    audit.record_by(
        actor,
        session,
        action,
        object_type="page",
        object_id=page.id,
        now=now,
        details=details or f"{page.slug}/{page.language}",
    )


def revision_count(session: Session, page_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(PageRevision).where(PageRevision.page_id == page_id)
    )


def _page(session: Session, page_id: int, *, lock: bool = False) -> Page:
    statement = select(Page).where(Page.id == page_id)
    if lock:
        # On PostgreSQL two saves of one page wait for each other; SQLite has one writer anyway.
        statement = statement.with_for_update()
    page = session.scalar(statement)
    if page is None:
        raise PageNotFound(page_id)
    return page


def _fields(text: Text) -> dict[str, str]:
    return {"title": text.title.strip(), "summary": text.summary.strip(), "body": text.body}

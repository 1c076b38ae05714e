"""Archiving a page: it goes from residents, search, the menu and the start page, and its
address answers 301 to another page in every language, so old links keep working.

Publishing a page again lifts its redirect. Redirects stay one step long: archiving a
page that others are sent to sends them on to the new target.
"""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import Page, PageRedirect, StartCard
from portal.models.navigation import LINK_TO_PAGE
from portal.services.information import navigation, search
from portal.services.staff import audit
from portal.services.staff.audit import Actor
from portal.signals import content_changed


class ArchiveRefused(ValueError):
    """`reason`: "unknown_page" (nothing at that address), "same_page", or "unknown_target"
    (the page to send readers to is not published in any language)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def redirect_target(session: Session, slug: str) -> str | None:
    """Where an archived address sends readers; None when it is not archived."""
    return session.scalar(select(PageRedirect.to_slug).where(PageRedirect.from_slug == slug))


def redirects(session: Session) -> dict[str, str]:
    """Every archived address and where it leads."""
    return dict(session.execute(select(PageRedirect.from_slug, PageRedirect.to_slug)).all())


def archive_page(
    session: Session, slug: str, *, to_slug: str, actor: Actor, now: datetime
) -> list[Page]:
    """Archive every language of `slug` and send its address to `to_slug`, audited, in one
    commit. Cards that linked to it link to the target; it leaves the menu groups."""
    versions = list(session.scalars(select(Page).where(Page.slug == slug).with_for_update()))
    if not versions:
        raise ArchiveRefused("unknown_page")
    if to_slug == slug:
        raise ArchiveRefused("same_page")
    target_published = session.scalar(
        select(Page.id).where(Page.slug == to_slug, Page.is_published.is_(True)).limit(1)
    )
    if target_published is None:
        raise ArchiveRefused("unknown_target")
    engine = search.engine_for(session)
    for page in versions:
        page.is_published = False
        page.archived_at = now
        page.updated_at = now
        engine.remove(session, page)
    session.execute(
        update(PageRedirect).where(PageRedirect.to_slug == slug).values(to_slug=to_slug)
    )
    existing = session.scalar(select(PageRedirect).where(PageRedirect.from_slug == slug))
    if existing is None:
        session.add(PageRedirect(from_slug=slug, to_slug=to_slug, created_at=now))
    else:
        existing.to_slug, existing.created_at = to_slug, now
    session.execute(
        update(StartCard)
        .where(StartCard.link_kind == LINK_TO_PAGE, StartCard.link_target == slug)
        .values(link_target=to_slug, updated_at=now)
    )
    navigation.remove_page(session, slug)
    audit.record_by(
        actor,
        session,
        "page_archived",
        object_type="page",
        object_id=versions[0].id,
        now=now,
        details=f"{slug} → {to_slug}",
    )
    session.commit()
    content_changed.send("archive")
    return versions


def lift_redirect(session: Session, page: Page) -> None:
    """A page published again takes its address back (the caller commits)."""
    page.archived_at = None
    redirect = session.scalar(select(PageRedirect).where(PageRedirect.from_slug == page.slug))
    if redirect is not None:
        session.delete(redirect)

"""Changes that go live at a chosen time: a page published (the draft chosen when it was
scheduled) or unpublished.

Times are stored in UTC; staff choose them in Oslo time. A change is run by
`flask publish-scheduled` from cron, and also when someone reads the page or the start
page, so residents see the right text even if cron is late. Each change runs exactly
once: it is claimed with a conditional update, so two readers (or a reader and cron)
cannot both run it.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import Page, ScheduledChange
from portal.models.page import ScheduledAction
from portal.services.information import page_editing
from portal.services.staff import audit
from portal.services.staff.audit import Actor
from portal.signals import content_changed

# A run does at most this many; the rest wait for the next run (or the next reader).
BATCH = 50


class ScheduleRefused(ValueError):
    """`reason`: "in_past" (the moment has already come)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def schedule(
    session: Session, page_id: int, action: str, run_at: datetime, *, actor: Actor, now: datetime
) -> ScheduledChange:
    """Plan `action` for `run_at` (publishing means the newest draft as it is now), audited,
    in one commit. A moment that has already come is refused: publish now instead."""
    if action not in ScheduledAction.values():
        raise ValueError(action)
    if run_at <= now:
        raise ScheduleRefused("in_past")
    page = session.get(Page, page_id)
    if page is None:
        raise page_editing.PageNotFound(page_id)
    revision = page_editing.latest_revision(session, page_id) if action == "publish" else None
    change = ScheduledChange(
        page_id=page_id,
        action=action,
        revision_id=revision.id if revision else None,
        run_at=run_at,
        created_by=actor.name,
        created_at=now,
    )
    session.add(change)
    session.flush()
    audit.record_by(
        actor, session, "page_scheduled", object_type="page", object_id=page_id, now=now,
        details=f"{page.slug}/{page.language} {action} at {run_at.isoformat(timespec='minutes')}",
    )  # fmt: skip
    session.commit()
    return change


def cancel(session: Session, page_id: int, change_id: int, *, actor: Actor, now: datetime) -> bool:
    """Call off a change that has not run; False if it has run or is gone already."""
    change = session.get(ScheduledChange, change_id)
    if change is None or change.page_id != page_id or change.done_at is not None:
        return False
    audit.record_by(
        actor, session, "page_schedule_cancelled", object_type="page", object_id=page_id,
        now=now, details=f"{change.action} at {change.run_at.isoformat(timespec='minutes')}",
    )  # fmt: skip
    session.delete(change)
    session.commit()
    return True


@dataclass(frozen=True)
class PlannedChange:
    id: int
    action: str
    run_at: datetime
    created_by: str
    revision_saved_at: datetime | None


def planned(session: Session, page_id: int) -> list[PlannedChange]:
    """The page's changes that have not run yet, soonest first."""
    changes = session.scalars(
        select(ScheduledChange)
        .where(ScheduledChange.page_id == page_id, ScheduledChange.done_at.is_(None))
        .order_by(ScheduledChange.run_at, ScheduledChange.id)
    )
    return [
        PlannedChange(
            c.id,
            c.action,
            c.run_at,
            c.created_by,
            c.revision.created_at if c.revision is not None else None,
        )
        for c in changes
    ]


def apply_due(session: Session, *, now: datetime, slug: str | None = None) -> int:
    """Run every change whose time has come (only those of `slug`'s pages, if given),
    oldest first, each committed with its audit entry; returns how many ran."""
    query = select(ScheduledChange.id).where(
        ScheduledChange.done_at.is_(None), ScheduledChange.run_at <= now
    )
    if slug is not None:
        query = query.join(Page, Page.id == ScheduledChange.page_id).where(Page.slug == slug)
    due = list(
        session.scalars(query.order_by(ScheduledChange.run_at, ScheduledChange.id).limit(BATCH))
    )
    ran = 0
    for change_id in due:
        claimed = session.execute(
            update(ScheduledChange)
            .where(ScheduledChange.id == change_id, ScheduledChange.done_at.is_(None))
            .values(done_at=now)
        )
        if claimed.rowcount != 1:
            session.rollback()  # someone else ran it
            continue
        change = session.get(ScheduledChange, change_id)
        session.refresh(change)
        page = _run(session, change, now=now)
        session.commit()
        ran += 1
        content_changed.send(page)
    return ran


def _run(session: Session, change: ScheduledChange, *, now: datetime) -> Page:
    page = session.scalar(select(Page).where(Page.id == change.page_id).with_for_update())
    if change.action == ScheduledAction.PUBLISH and change.revision is not None:
        page_editing.put_live(session, page, change.revision, now=now)
        action = "page_published"
    else:
        page_editing.take_down(session, page, now=now)
        action = "page_unpublished"
    audit.record(
        session,
        actor=None,
        action=action,
        object_type="page",
        object_id=page.id,
        address="scheduled",
        now=now,
        details=f"{page.slug}/{page.language}, scheduled by {change.created_by}",
    )
    return page

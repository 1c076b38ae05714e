"""Boligutvalget's meetings: the committee that allocates municipal dwellings.

A caseworker puts an application on a meeting's agenda with a proposal; the agenda is
printed (or drawn as PDF) for the meeting; afterwards the decision made for each case is
recorded from the meeting, and it becomes the case's decision, with its letter and appeal
rights, exactly as a decision made on the case page.
"""

from datetime import date, datetime, timedelta
from pathlib import Path

from flask import render_template
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.clock import today
from portal.models import Case, Meeting, MeetingItem
from portal.models.case import CaseKind, EventKind
from portal.services.casework import cases, decisions
from portal.services.casework.decisions import DecisionInput
from portal.services.casework.workflow import claim, log_case_action
from portal.services.staff import audit
from portal.services.staff.audit import Actor

MAX_PLACE = 200
MAX_PROPOSAL = 4000


class MeetingRefused(ValueError):
    """str() is a code: "date", "place", "taken", "not_application", "on_agenda",
    "past", "proposal", "decided"."""


def find(session: Session, meeting_id: int | None) -> Meeting | None:
    return session.get(Meeting, meeting_id) if meeting_id else None


def find_item(session: Session, meeting: Meeting, item_id: int) -> MeetingItem | None:
    item = session.get(MeetingItem, item_id)
    return item if item is not None and item.meeting_id == meeting.id else None


def meetings(session: Session, *, since: date) -> list[Meeting]:
    """Meetings from `since` on, soonest first."""
    return list(
        session.scalars(select(Meeting).where(Meeting.meets_on >= since).order_by(Meeting.meets_on))
    )


def earlier_meetings(session: Session, *, before: date, limit: int = 12) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.meets_on < before)
            .order_by(Meeting.meets_on.desc())
            .limit(limit)
        )
    )


def add_meeting(
    session: Session, meets_on: date, place: str, *, actor: Actor, now: datetime
) -> Meeting:
    place = " ".join((place or "").split())
    if len(place) > MAX_PLACE:
        raise MeetingRefused("place")
    if not today(now) - timedelta(days=1) <= meets_on <= today(now) + timedelta(days=2 * 365):
        raise MeetingRefused("date")
    meeting = Meeting(meets_on=meets_on, place=place, created_at=now)
    session.add(meeting)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise MeetingRefused("taken") from None
    audit.record_by(
        actor, session, "meeting_added", object_type="meeting", object_id=meeting.id, now=now
    )
    session.commit()
    return meeting


def put_on_agenda(
    session: Session,
    meeting: Meeting,
    case: Case,
    *,
    proposal: str,
    seen_version: int,
    actor: Actor,
    now: datetime,
) -> MeetingItem:
    """Mark an open application for the meeting, with the caseworker's proposal (staff
    only). The agenda lists cases by priority, then age."""
    if case.kind != CaseKind.APPLICATION or not case.is_open:
        raise MeetingRefused("not_application")
    if meeting.meets_on < today(now):
        raise MeetingRefused("past")
    proposal = (proposal or "").strip()
    if len(proposal) > MAX_PROPOSAL:
        raise MeetingRefused("proposal")
    if session.scalar(
        select(MeetingItem.id).where(
            MeetingItem.meeting_id == meeting.id, MeetingItem.case_id == case.id
        )
    ):
        raise MeetingRefused("on_agenda")
    claim(session, case, seen_version)
    position = session.scalar(
        select(func.coalesce(func.max(MeetingItem.position), 0)).where(
            MeetingItem.meeting_id == meeting.id
        )
    )
    item = MeetingItem(
        meeting_id=meeting.id,
        case_id=case.id,
        position=position + 1,
        proposal=proposal,
        added_by_id=actor.user.id,
        added_at=now,
    )
    session.add(item)
    cases.add_event(
        case,
        EventKind.ON_AGENDA,
        detail=meeting.meets_on.isoformat(),
        is_visible_to_resident=False,
        actor_id=actor.user.id,
        now=now,
    )
    log_case_action(session, actor, case, "case_put_on_agenda", now, details=str(meeting.id))
    session.commit()
    return item


def agenda(meeting: Meeting) -> list[MeetingItem]:
    """The meeting's cases: most priority first, then the oldest; decided ones last."""
    return sorted(
        meeting.items,
        key=lambda item: (
            item.decision_id is not None,
            -item.case.priority,
            item.case.created_at,
            item.id,
        ),
    )


def agenda_of_case(session: Session, case: Case) -> list[MeetingItem]:
    return list(
        session.scalars(
            select(MeetingItem).where(MeetingItem.case_id == case.id).order_by(MeetingItem.id)
        )
    )


def record_decision(
    session: Session,
    item: MeetingItem,
    choice: DecisionInput,
    *,
    seen_version: int,
    directory: Path,
    actor: Actor,
    now: datetime,
):
    """The meeting's decision on one case becomes the case's decision (letter, appeal
    rights, the resident told), tied to the agenda item."""
    if item.decision_id is not None:
        raise MeetingRefused("decided")
    return decisions.decide(
        session,
        item.case,
        choice,
        seen_version=seen_version,
        directory=directory,
        actor=actor,
        now=now,
        meeting_item=item,
    )


def agenda_html(meeting: Meeting) -> str:
    return render_template("letters/agenda.html", meeting=meeting, items=agenda(meeting))


def agenda_pdf(meeting: Meeting) -> bytes:
    return decisions.letter_pdf(agenda_html(meeting))

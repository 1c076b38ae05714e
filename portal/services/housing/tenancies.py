"""Tenancies: a contract for one dwelling, from an accepted offer; its renewal and its end;
and the list of contracts ending soon, from which one click sends the tenant a letter.

A fixed-term tenancy ends on its last day without notice (husleieloven § 9-2), so the
plan asks that tenants hear well before: the letter says when the contract ends, what to
do, and invites them to talk about owning a home ("fra leie til eie").
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from flask import render_template
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.clock import today
from portal.models import Case, Offer, Tenancy
from portal.models.case import EventKind
from portal.models.housing import DwellingStatus, OfferStatus, TenancyEnd
from portal.services.casework import cases
from portal.services.casework.workflow import log_case_action
from portal.services.housing import waitlist
from portal.services.messaging import outbox
from portal.services.staff.audit import Actor

YEARS = (1, 2, 3, 4, 5)
DEFAULT_YEARS = 3
ENDING_WITHIN_MONTHS = 6
# How far back a tenancy may start when it is registered (contracts signed on paper).
STARTS_BACK_YEARS = 5


class TenancyRefused(ValueError):
    """str() is a code: "not_accepted", "dates", "taken", "ended", "years", "end_date",
    "reason", "already_warned"."""


def find(session: Session, tenancy_id: int | None) -> Tenancy | None:
    return session.get(Tenancy, tenancy_id) if tenancy_id else None


def end_of_term(starts_on: date, years: int) -> date:
    """The last day of a term of `years`: a three-year tenancy from 1 March 2027 ends on
    28 February 2030 (from 29 February, relativedelta lands on the 28th)."""
    return starts_on + relativedelta(years=years) - timedelta(days=1)


def current_of_case(session: Session, case: Case) -> Tenancy | None:
    return session.scalar(
        select(Tenancy).where(Tenancy.case_id == case.id, Tenancy.ended_on.is_(None))
    )


def tenancies_of_case(session: Session, case: Case) -> list[Tenancy]:
    return list(
        session.scalars(
            select(Tenancy).where(Tenancy.case_id == case.id).order_by(Tenancy.starts_on.desc())
        )
    )


def start(
    session: Session,
    offer: Offer,
    *,
    starts_on: date,
    years: int,
    actor: Actor,
    now: datetime,
) -> Tenancy:
    """The accepted offer becomes a tenancy: the dwelling is let and the household has
    a home (it leaves the waiting list)."""
    if offer.status != OfferStatus.ACCEPTED:
        raise TenancyRefused("not_accepted")
    if years not in YEARS:
        raise TenancyRefused("years")
    now_day = today(now)
    if (
        not now_day - relativedelta(years=STARTS_BACK_YEARS)
        <= starts_on
        <= now_day + timedelta(days=365)
    ):
        raise TenancyRefused("dates")
    case = offer.case
    earlier = session.scalar(select(Tenancy.id).where(Tenancy.case_id == case.id))
    tenancy = Tenancy(
        dwelling_id=offer.dwelling_id,
        case_id=case.id,
        offer_id=offer.id,
        starts_on=starts_on,
        ends_on=end_of_term(starts_on, years),
        is_first=earlier is None,
        created_at=now,
    )
    session.add(tenancy)
    try:
        session.flush()
    except IntegrityError:
        # The dwelling already has a current tenancy.
        session.rollback()
        raise TenancyRefused("taken") from None
    offer.dwelling.status = DwellingStatus.LET
    offer.dwelling.available_on = None
    need = waitlist.need_of_case(session, case)
    if need is not None:
        waitlist.housed(need, now=now)
    cases.add_event(
        case,
        EventKind.TENANCY_STARTED,
        detail=offer.dwelling.full_address,
        actor_id=actor.user.id,
        now=now,
    )
    log_case_action(session, actor, case, "tenancy_started", now, details=str(tenancy.id))
    session.commit()
    return tenancy


def renew(session: Session, tenancy: Tenancy, *, years: int, actor: Actor, now: datetime):
    """A new term from the day after the current one ends; the current one ends then,
    as renewed. Renewals are never "first" contracts."""
    if tenancy.ended_on is not None:
        raise TenancyRefused("ended")
    if years not in YEARS:
        raise TenancyRefused("years")
    tenancy.ended_on, tenancy.end_reason = tenancy.ends_on, TenancyEnd.RENEWED
    session.flush()
    starts_on = tenancy.ends_on + timedelta(days=1)
    renewal = Tenancy(
        dwelling_id=tenancy.dwelling_id,
        case_id=tenancy.case_id,
        starts_on=starts_on,
        ends_on=end_of_term(starts_on, years),
        is_first=False,
        renewal_of_id=tenancy.id,
        created_at=now,
    )
    session.add(renewal)
    cases.add_event(
        tenancy.case,
        EventKind.TENANCY_RENEWED,
        detail=renewal.ends_on.isoformat(),
        actor_id=actor.user.id,
        now=now,
    )
    log_case_action(session, actor, tenancy.case, "tenancy_renewed", now, details=str(tenancy.id))
    session.commit()
    return renewal


def end(
    session: Session,
    tenancy: Tenancy,
    *,
    ended_on: date,
    reason: str,
    dwelling_status: str,
    actor: Actor,
    now: datetime,
) -> None:
    """The tenant moved out (or the municipality ended the tenancy): the dwelling is
    vacant again, or being renovated, or out of use."""
    if tenancy.ended_on is not None:
        raise TenancyRefused("ended")
    if reason not in (TenancyEnd.MOVED_OUT, TenancyEnd.TERMINATED):
        raise TenancyRefused("reason")
    if dwelling_status == DwellingStatus.LET or dwelling_status not in DwellingStatus.values():
        raise TenancyRefused("dwelling_status")
    if not tenancy.starts_on <= ended_on <= today(now) + timedelta(days=365):
        raise TenancyRefused("end_date")
    tenancy.ended_on, tenancy.end_reason = ended_on, reason
    tenancy.dwelling.status = dwelling_status
    tenancy.dwelling.available_on = ended_on + timedelta(days=1)
    cases.add_event(
        tenancy.case, EventKind.TENANCY_ENDED, detail=reason, actor_id=actor.user.id, now=now
    )
    log_case_action(session, actor, tenancy.case, "tenancy_ended", now, details=str(tenancy.id))
    session.commit()


ENDING_PAGE_SIZE = 100


@dataclass(frozen=True)
class EndingList:
    tenancies: list[Tenancy]
    until: date
    total: int
    warned: int
    page: int
    page_count: int


def ending_soon(session: Session, *, now: datetime, page: int = 1) -> EndingList:
    """Current tenancies ending within six months (and any already past their end), the
    soonest first, a page at a time, with how many were warned."""
    until = today(now) + relativedelta(months=ENDING_WITHIN_MONTHS)
    ending = (Tenancy.ended_on.is_(None), Tenancy.ends_on <= until)
    total, warned = session.execute(
        select(func.count(), func.count(Tenancy.warned_at)).select_from(Tenancy).where(*ending)
    ).one()
    page_count = max(1, -(-total // ENDING_PAGE_SIZE))
    page = min(max(1, page), page_count)
    found = session.scalars(
        select(Tenancy)
        .where(*ending)
        .order_by(Tenancy.ends_on, Tenancy.id)
        .limit(ENDING_PAGE_SIZE)
        .offset((page - 1) * ENDING_PAGE_SIZE)
    )
    return EndingList(list(found), until, total, warned, page, page_count)


def letter_text(tenancy: Tenancy, *, book_url: str, office_phone: str) -> str:
    """The letter in the tenant's language, as they read it on their case page."""
    with force_locale(tenancy.case.language):
        return render_template(
            "letters/tenancy_ending.txt",
            tenancy=tenancy,
            book_url=book_url,
            office_phone=office_phone,
        ).strip()


def send_ending_letter(
    session: Session,
    tenancy: Tenancy,
    *,
    book_url: str,
    office_phone: str,
    again: bool = False,
    actor: Actor,
    now: datetime,
) -> None:
    """Queue the letter: the whole text on the case page, and an SMS or email saying a
    letter is there, with the invitation to book guidance. A second letter only when asked
    for (`again`), so a double click sends one."""
    if tenancy.ended_on is not None:
        raise TenancyRefused("ended")
    if tenancy.warned_at is not None and not again:
        raise TenancyRefused("already_warned")
    case = tenancy.case
    text = letter_text(tenancy, book_url=book_url, office_phone=office_phone)
    cases.add_event(
        case, EventKind.TENANCY_ENDING_LETTER, body=text, actor_id=actor.user.id, now=now
    )
    outbox.queue_for_case(
        session,
        case,
        "tenancy_ending",
        {"reference": case.reference, "book_url": book_url},
        now=now,
    )
    tenancy.warned_at, tenancy.warned_by_id = now, actor.user.id
    log_case_action(session, actor, case, "tenancy_letter_queued", now, details=str(tenancy.id))
    session.commit()

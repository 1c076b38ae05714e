"""An offer of one dwelling to one household, and the resident's answer.

The resident reads the offer on their case page (address, size, rent, when it is free,
the deadline) and answers there; an SMS or email only says there is news. An offer left
unanswered past its deadline is marked expired (by `expire_due`, run from cron, and
whenever the offer is looked at), and the dwelling goes back to matching. The database
holds one open offer per dwelling and per household, however many click at once.
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import clock
from portal.clock import LOCAL_TIME
from portal.models import Case, Dwelling, HousingNeed, Offer, Tenancy
from portal.models.case import EventKind
from portal.models.housing import DwellingStatus, Group, NeedStatus, OfferStatus
from portal.services.casework import cases
from portal.services.casework.workflow import log_case_action, note_resident_reply, tell_resident
from portal.services.housing import waitlist
from portal.services.staff.audit import Actor

# The resident gets at least two days to answer, and never more than a month.
ANSWER_DAYS = (2, 30)
DEFAULT_ANSWER_DAYS = 7
MAX_REASON = 1000


class OfferRefused(ValueError):
    """The offer cannot be made or answered; str() is a code: "not_vacant", "taken",
    "not_waiting", "confirm_notes", "deadline", "available_on", "too_late", "not_open",
    "reason"."""


def find(session: Session, offer_id: int | None) -> Offer | None:
    return session.get(Offer, offer_id) if offer_id else None


def answer_deadline(day: date) -> datetime:
    """The end of `day` in Oslo, as the moment stored."""
    return datetime.combine(day + timedelta(days=1), time(0), LOCAL_TIME)


def needs_confirmed_notes(need: HousingNeed) -> bool:
    """A household that needs follow-up gets an offer only after a caseworker confirmed
    they weighed the dwelling's fire-safety and follow-up notes."""
    return Group.FOLLOW_UP in need.groups


def make_offer(
    session: Session,
    dwelling: Dwelling,
    need: HousingNeed,
    *,
    answer_by: date,
    available_on: date,
    notes_confirmed: bool,
    actor: Actor,
    now: datetime,
) -> Offer:
    """Offer the dwelling to the household; OfferRefused with nothing stored otherwise."""
    today = clock.today(now)
    expire_due(session, now=now, dwelling_id=dwelling.id)
    if dwelling.status != DwellingStatus.VACANT:
        raise OfferRefused("not_vacant")
    if need.status != NeedStatus.WAITING or need.case.has_ended:
        raise OfferRefused("not_waiting")
    if needs_confirmed_notes(need) and not notes_confirmed:
        raise OfferRefused("confirm_notes")
    if (
        not today + timedelta(days=ANSWER_DAYS[0])
        <= answer_by
        <= today + timedelta(days=ANSWER_DAYS[1])
    ):
        raise OfferRefused("deadline")
    if not today <= available_on <= today + timedelta(days=365):
        raise OfferRefused("available_on")
    offer = Offer(
        case_id=need.case_id,
        dwelling_id=dwelling.id,
        status=OfferStatus.OPEN,
        monthly_rent=dwelling.monthly_rent,
        available_on=available_on,
        answer_by=answer_deadline(answer_by),
        made_by_id=actor.user.id,
        made_at=now,
        notes_confirmed_by_id=actor.user.id if notes_confirmed else None,
    )
    session.add(offer)
    try:
        session.flush()
    except IntegrityError:
        # Another caseworker offered this dwelling (or this household) a moment ago.
        session.rollback()
        raise OfferRefused("taken") from None
    need.status = NeedStatus.OFFERED
    case = need.case
    cases.add_event(
        case, EventKind.OFFER_MADE, detail=dwelling.full_address, actor_id=actor.user.id, now=now
    )
    tell_resident(session, case, now)
    log_case_action(session, actor, case, "offer_made", now, details=str(offer.id))
    session.commit()
    return offer


def expire_due(
    session: Session, *, now: datetime, dwelling_id: int | None = None, case_id: int | None = None
) -> int:
    """Mark every open offer past its deadline expired, note it on the case, and put the
    household back on the list. Safe to run twice at once: each offer is claimed by one
    conditional update, so it is noted once. The caller's changes are committed too."""
    query = select(Offer.id).where(Offer.status == OfferStatus.OPEN, Offer.answer_by <= now)
    if dwelling_id is not None:
        query = query.where(Offer.dwelling_id == dwelling_id)
    if case_id is not None:
        query = query.where(Offer.case_id == case_id)
    expired = 0
    for offer_id in session.scalars(query).all():
        claimed = session.execute(
            update(Offer)
            .where(Offer.id == offer_id, Offer.status == OfferStatus.OPEN)
            .values(status=OfferStatus.EXPIRED, answered_at=now)
        ).rowcount
        if claimed != 1:
            continue
        offer = session.get(Offer, offer_id)
        session.refresh(offer)
        _back_on_list(session, offer.case)
        cases.add_event(offer.case, EventKind.OFFER_EXPIRED, now=now)
        offer.case.has_new_reply = True
        expired += 1
    session.commit()
    return expired


def _back_on_list(session: Session, case: Case) -> None:
    need = waitlist.need_of_case(session, case)
    if need is not None and need.status == NeedStatus.OFFERED:
        need.status = NeedStatus.WAITING


def _claim_open(session: Session, offer: Offer, status: str, now: datetime) -> None:
    """Move an open offer on, once (a second answer, or one after the deadline, is
    refused)."""
    claimed = session.execute(
        update(Offer)
        .where(Offer.id == offer.id, Offer.status == OfferStatus.OPEN, Offer.answer_by > now)
        .values(status=status, answered_at=now)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if claimed != 1:
        session.rollback()
        raise OfferRefused("not_open")


def answer(
    session: Session, case: Case, offer: Offer, *, accept: bool, reason: str, now: datetime
) -> None:
    """The resident's answer from the case page. Accepting holds the dwelling for them
    until the tenancy starts; declining needs a reason and puts them back on the list."""
    if offer.case_id != case.id:
        raise OfferRefused("not_open")
    if offer.status == OfferStatus.OPEN and offer.answer_by <= now:
        expire_due(session, now=now, dwelling_id=offer.dwelling_id)
        raise OfferRefused("too_late")
    if offer.status == OfferStatus.EXPIRED:
        raise OfferRefused("too_late")
    reason = (reason or "").strip()
    if not accept and (not reason or len(reason) > MAX_REASON):
        raise OfferRefused("reason")
    _claim_open(session, offer, OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED, now)
    if accept:
        offer.dwelling.status = DwellingStatus.LET
        cases.add_event(case, EventKind.OFFER_ACCEPTED, detail=offer.dwelling.full_address, now=now)
    else:
        offer.decline_reason = reason
        _back_on_list(session, case)
        cases.add_event(case, EventKind.OFFER_DECLINED, body=reason, now=now)
    note_resident_reply(session, case, now=now)
    session.commit()


def withdraw(session: Session, offer: Offer, *, actor: Actor, now: datetime) -> None:
    """The municipality takes back an offer that is open, or accepted but not yet a
    tenancy: the dwelling is vacant again and the household back on the list."""
    if offer.status == OfferStatus.ACCEPTED and offer_has_tenancy(session, offer):
        raise OfferRefused("not_open")
    was_accepted = offer.status == OfferStatus.ACCEPTED
    claimed = session.execute(
        update(Offer)
        .where(Offer.id == offer.id, Offer.status.in_((OfferStatus.OPEN, OfferStatus.ACCEPTED)))
        .values(status=OfferStatus.WITHDRAWN, answered_at=now)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if claimed != 1:
        session.rollback()
        raise OfferRefused("not_open")
    if was_accepted:
        offer.dwelling.status = DwellingStatus.VACANT
    need = waitlist.need_of_case(session, offer.case)
    if need is not None and need.status == NeedStatus.OFFERED:
        need.status = NeedStatus.WAITING
    cases.add_event(offer.case, EventKind.OFFER_WITHDRAWN, actor_id=actor.user.id, now=now)
    tell_resident(session, offer.case, now)
    log_case_action(session, actor, offer.case, "offer_withdrawn", now, details=str(offer.id))
    session.commit()


def offer_has_tenancy(session: Session, offer: Offer) -> bool:
    return session.scalar(select(Tenancy.id).where(Tenancy.offer_id == offer.id)) is not None


def offers_of_case(session: Session, case: Case) -> list[Offer]:
    """Every offer the household has had, newest first."""
    return list(
        session.scalars(
            select(Offer)
            .where(Offer.case_id == case.id)
            .order_by(Offer.made_at.desc(), Offer.id.desc())
        )
    )


def awaiting_answer(offers: list[Offer], now: datetime) -> Offer | None:
    """The offer the resident can still answer, if any."""
    return next((o for o in offers if o.status == OfferStatus.OPEN and o.answer_by > now), None)

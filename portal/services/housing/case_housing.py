"""Everything about housing on one case, for the staff case page and the resident's."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from portal.clock import today
from portal.models import Case, HousingNeed, Meeting, MeetingItem, Offer, Tenancy
from portal.models.housing import OfferStatus
from portal.services.housing import meetings, offers, tenancies, waitlist


@dataclass
class CaseHousing:
    need: HousingNeed | None = None
    offers: list[Offer] = field(default_factory=list)
    tenancies: list[Tenancy] = field(default_factory=list)
    agenda_items: list[MeetingItem] = field(default_factory=list)
    upcoming_meetings: list[Meeting] = field(default_factory=list)
    # The offer the resident can still answer; the accepted one still without a tenancy.
    awaiting_answer: Offer | None = None
    accepted: Offer | None = None

    @property
    def current_tenancy(self) -> Tenancy | None:
        return next((t for t in self.tenancies if t.ended_on is None), None)

    @property
    def has_anything(self) -> bool:
        return bool(self.need or self.offers or self.tenancies or self.agenda_items)


def of_case(session: Session, case: Case, *, now: datetime) -> CaseHousing:
    if case.kind != "application":
        return CaseHousing()
    offers.expire_due(session, now=now, case_id=case.id)
    found = CaseHousing(
        need=waitlist.need_of_case(session, case),
        offers=offers.offers_of_case(session, case),
        tenancies=tenancies.tenancies_of_case(session, case),
        agenda_items=meetings.agenda_of_case(session, case),
        upcoming_meetings=meetings.meetings(session, since=today(now)),
    )
    found.awaiting_answer = offers.awaiting_answer(found.offers, now)
    tenancy_offers = {t.offer_id for t in found.tenancies}
    found.accepted = next(
        (
            o
            for o in found.offers
            if o.status == OfferStatus.ACCEPTED and o.id not in tenancy_offers
        ),
        None,
    )
    return found

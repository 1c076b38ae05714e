"""Who fits a vacant dwelling, and which dwellings fit a household, with the reasons.

Hard rules exclude: too few bedrooms, steps for someone who cannot climb them, no room
for a wheelchair, a dwelling kept for a group the household is not in. Everything else is
a note for the caseworker to weigh: more bedrooms than needed, an area not asked for, pets,
fire-safety notes, and neighbours who already need follow-up (the plan asks that tenants
with heavy follow-up needs are spread, not gathered).

Households are ordered as the queue is: most priority first, then the longest waiting.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from portal.models import Case, Dwelling, HousingNeed, Offer, Tenancy
from portal.models.case import PriorityFlag, flag_bit
from portal.models.housing import DwellingStatus, Group, NeedStatus, OfferStatus, group_bit

# Tenants needing follow-up at one address before a caseworker is warned.
FOLLOW_UP_PER_ADDRESS = 2
SHOWN = 25
NEAR_MISSES = 10


@dataclass(frozen=True)
class Reason:
    code: str
    # "yes" (speaks for), "no" (rules it out), "note" (to weigh).
    verdict: str
    count: int = 0


@dataclass
class Fit:
    need: HousingNeed
    dwelling: Dwelling
    reasons: list[Reason] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        return all(reason.verdict != "no" for reason in self.reasons)


def _has(bits_column, group: str):
    return bits_column.op("&")(group_bit(group)) != 0


def _hard_fit(dwelling: Dwelling):
    """SQL: the household's needs allow this dwelling."""
    rules = [HousingNeed.bedrooms <= dwelling.bedrooms]
    if not dwelling.step_free:
        rules.append(HousingNeed.step_free.is_(False))
    if Group.WHEELCHAIR not in dwelling.suitable_for:
        rules.append(not_(_has(HousingNeed.group_bits, Group.WHEELCHAIR)))
    if dwelling.reserved_for:
        rules.append(_has(HousingNeed.group_bits, dwelling.reserved_for))
    return and_(*rules)


def _order():
    return (HousingNeed.priority.desc(), HousingNeed.waiting_since, HousingNeed.id)


def follow_up_neighbours(session: Session, dwelling: Dwelling) -> int:
    """Current tenants at the dwelling's address whose case says they need follow-up."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Tenancy)
            .join(Dwelling, Dwelling.id == Tenancy.dwelling_id)
            .join(Case, Case.id == Tenancy.case_id)
            .where(
                Tenancy.ended_on.is_(None),
                Dwelling.address == dwelling.address,
                Case.flag_bits.op("&")(flag_bit(PriorityFlag.FOLLOW_UP)) != 0,
            )
        )
        or 0
    )


def follow_up_by_address(session: Session) -> dict[str, int]:
    """The same count for every address with any such tenant."""
    return dict(
        session.execute(
            select(Dwelling.address, func.count())
            .select_from(Tenancy)
            .join(Dwelling, Dwelling.id == Tenancy.dwelling_id)
            .join(Case, Case.id == Tenancy.case_id)
            .where(
                Tenancy.ended_on.is_(None),
                Case.flag_bits.op("&")(flag_bit(PriorityFlag.FOLLOW_UP)) != 0,
            )
            .group_by(Dwelling.address)
        ).all()
    )


def wished_area(need: HousingNeed, dwelling: Dwelling) -> bool | None:
    """True/False when the household named areas; None when it did not."""
    if not need.areas.strip():
        return None
    return dwelling.area.casefold() in need.areas


def reasons(need: HousingNeed, dwelling: Dwelling, *, follow_up_nearby: int) -> list[Reason]:
    found = []
    if need.bedrooms > dwelling.bedrooms:
        found.append(Reason("too_few_bedrooms", "no", need.bedrooms))
    elif dwelling.bedrooms > need.bedrooms + 1:
        found.append(Reason("more_bedrooms_than_needed", "note", need.bedrooms))
    else:
        found.append(Reason("bedrooms_fit", "yes", need.bedrooms))
    if need.step_free:
        found.append(Reason("step_free", "yes" if dwelling.step_free else "no"))
    if Group.WHEELCHAIR in need.groups:
        suits = Group.WHEELCHAIR in dwelling.suitable_for
        found.append(Reason("wheelchair", "yes" if suits else "no"))
    if dwelling.reserved_for:
        kept_for_them = dwelling.reserved_for in need.groups
        found.append(Reason("reserved_group", "yes" if kept_for_them else "no"))
    suited = [group for group in need.groups if group in dwelling.suitable_for]
    if suited:
        found.append(Reason("suits_group", "yes", len(suited)))
    area = wished_area(need, dwelling)
    if area is not None:
        found.append(
            Reason("area_wished" if area else "area_not_wished", "yes" if area else "note")
        )
    if need.has_pets:
        found.append(Reason("pets", "note"))
    if Group.FOLLOW_UP in need.groups:
        if follow_up_nearby >= FOLLOW_UP_PER_ADDRESS:
            found.append(Reason("follow_up_nearby", "note", follow_up_nearby))
        if dwelling.has_notes:
            found.append(Reason("read_notes", "note"))
    return found


@dataclass
class Applicants:
    fitting: list[Fit]
    near_misses: list[Fit]
    waiting: int


def applicants_for(session: Session, dwelling: Dwelling) -> Applicants:
    """The waiting households that fit the dwelling, best placed first, and the next few
    that do not, with why."""
    nearby = follow_up_neighbours(session, dwelling)
    waiting = HousingNeed.status == NeedStatus.WAITING
    fitting = session.scalars(
        select(HousingNeed).where(waiting, _hard_fit(dwelling)).order_by(*_order()).limit(SHOWN)
    )
    misses = session.scalars(
        select(HousingNeed)
        .where(waiting, not_(_hard_fit(dwelling)))
        .order_by(*_order())
        .limit(NEAR_MISSES)
    )
    count = session.scalar(select(func.count()).select_from(HousingNeed).where(waiting)) or 0

    def fit(need):
        return Fit(need, dwelling, reasons(need, dwelling, follow_up_nearby=nearby))

    return Applicants([fit(n) for n in fitting], [fit(n) for n in misses], count)


def dwellings_for(session: Session, need: HousingNeed) -> list[Fit]:
    """Vacant dwellings with no open offer that fit the household: wished areas first, then
    the closest in size, then the soonest free."""
    rules = [
        Dwelling.status == DwellingStatus.VACANT,
        Dwelling.bedrooms >= need.bedrooms,
        ~exists().where(Offer.dwelling_id == Dwelling.id, Offer.status == OfferStatus.OPEN),
        or_(Dwelling.reserved_for == "", Dwelling.reserved_for.in_(need.groups or [""])),
    ]
    if need.step_free:
        rules.append(Dwelling.step_free.is_(True))
    if Group.WHEELCHAIR in need.groups:
        rules.append(_has(Dwelling.suitable_bits, Group.WHEELCHAIR))
    nearby = follow_up_by_address(session) if Group.FOLLOW_UP in need.groups else {}
    found = [
        Fit(
            need,
            dwelling,
            reasons(need, dwelling, follow_up_nearby=nearby.get(dwelling.address, 0)),
        )
        for dwelling in session.scalars(select(Dwelling).where(*rules))
    ]
    found.sort(
        key=lambda fit: (
            wished_area(need, fit.dwelling) is False,
            fit.dwelling.bedrooms - need.bedrooms,
            fit.dwelling.available_on or fit.dwelling.created_at.date(),
            fit.dwelling.address_key,
        )
    )
    return found[:SHOWN]

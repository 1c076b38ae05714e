"""Builders for allocation tests: dwellings, households on the waiting list, offers and
tenancies in any state."""

import itertools
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from portal.models import Application, Dwelling, HousingNeed, Offer, Tenancy
from portal.models.housing import NeedStatus, bits_of
from portal.services.housing import dwellings
from portal.services.housing.dwellings import DwellingInput
from portal.services.housing.tenancies import end_of_term
from tests.casework import make_case
from tests.staff import NOW

_numbers = itertools.count(1)


def dwelling_input(**changes) -> DwellingInput:
    values = {
        "address": f"Storgata {next(_numbers)}",
        "postcode": "4370",
        "area": "Sentrum",
        "size_m2": 60,
        "bedrooms": 2,
        "monthly_rent": 9000,
        "status": "vacant",
        "floor": 1,
    }
    return DwellingInput(**(values | changes))


def make_dwelling(session: Session, *, now: datetime = NOW, **changes) -> Dwelling:
    dwelling = dwellings.new_dwelling(dwellings.cleaned(dwelling_input(**changes)), now)
    session.add(dwelling)
    session.commit()
    return dwelling


def make_household(
    session: Session,
    *,
    bedrooms: int = 2,
    flags: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
    step_free: bool = False,
    areas: str = "",
    pets: bool = False,
    waiting_since: datetime = NOW - timedelta(days=90),
    status: str = NeedStatus.WAITING,
    name: str = "Kari Nordmann",
    language: str = "nb",
) -> HousingNeed:
    """A decided application with its household on the waiting list."""
    case = make_case(
        session, status="decided", flags=flags, created=waiting_since, name=name, language=language
    )
    session.add(
        Application(
            case_id=case.id,
            answers={"needs": {"bedrooms": str(bedrooms), "areas": areas}},
            submitted_at=waiting_since,
        )
    )
    need = HousingNeed(
        case_id=case.id,
        outcome="granted",
        bedrooms=bedrooms,
        step_free=step_free,
        group_bits=bits_of(groups),
        areas=areas.casefold(),
        has_pets=pets,
        priority=case.priority,
        waiting_since=waiting_since,
        status=status,
        tenancy_years=1,
        created_at=waiting_since + timedelta(days=20),
    )
    session.add(need)
    session.commit()
    return need


def make_tenancy(
    session: Session,
    dwelling: Dwelling,
    need: HousingNeed,
    *,
    starts_on: date,
    years: int = 3,
    offer: Offer | None = None,
) -> Tenancy:
    tenancy = Tenancy(
        dwelling_id=dwelling.id,
        case_id=need.case_id,
        offer_id=offer.id if offer else None,
        starts_on=starts_on,
        ends_on=end_of_term(starts_on, years),
        is_first=True,
        created_at=NOW,
    )
    dwelling.status = "let"
    need.status, need.ended_at = NeedStatus.HOUSED, NOW
    session.add(tenancy)
    session.commit()
    return tenancy

"""The dwelling register: what the municipality can let, what each dwelling is like, and
what has happened in it. Case handlers read it and add dwellings; admins change them.

The same checks serve the form and the CSV import (portal/services/housing/dwelling_import.py),
so a dwelling is refused for the same reasons whichever way it comes in.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import Dwelling, Offer, Tenancy
from portal.models.housing import (
    BEDROOMS,
    FLOORS,
    RENT,
    SIZE_M2,
    DwellingStatus,
    Group,
    OfferStatus,
    Ownership,
    bits_of,
)
from portal.services.staff import audit
from portal.services.staff.audit import Actor

MAX_NOTES = 2000
MAX_ADDRESS = 200
MAX_UNIT = 20
MAX_AREA = 60
PAGE_SIZE = 50


@dataclass(frozen=True)
class DwellingInput:
    address: str
    postcode: str
    area: str
    size_m2: int | None
    bedrooms: int | None
    monthly_rent: int | None
    status: str = DwellingStatus.VACANT
    ownership: str = Ownership.OWNED
    unit: str = ""
    floor: int | None = 1
    step_free: bool = False
    suitable_for: tuple[str, ...] = ()
    reserved_for: str = ""
    fire_safety_notes: str = ""
    follow_up_notes: str = ""
    available_on: date | None = None


class InvalidDwelling(ValueError):
    """Some of the dwelling's facts are missing or impossible: `problems` names them."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(", ".join(problems))
        self.problems = problems


class AddressTaken(ValueError):
    """Another dwelling in the register has this address and unit."""


class DwellingChanged(ValueError):
    """Someone changed the dwelling after the form was opened."""


class StatusNotAllowed(ValueError):
    """The status contradicts the dwelling's tenancy or offer (let with nobody in it is
    fine for an imported register; vacant while someone lives there is not)."""


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def find(session: Session, dwelling_id: int | None) -> Dwelling | None:
    return session.get(Dwelling, dwelling_id) if dwelling_id else None


def address_key(address: str, unit: str = "") -> str:
    """The address and unit as compared: case, spaces and punctuation do not make two
    dwellings different ("Storgata 12 A, H0201" = "storgata 12a h0201")."""
    return f"{_compact(address)}|{_compact(unit)}"


def _compact(text: str | None) -> str:
    return re.sub(r"[\W_]+", "", text or "").casefold()


def _within(value: int | None, limits: tuple[int, int]) -> bool:
    return value is not None and limits[0] <= value <= limits[1]


def problems_with(data: DwellingInput) -> dict[str, str]:
    """Field → what is wrong (a code the faces turn into words); empty when all is well."""
    problems = {}
    if not _words(data.address) or len(data.address) > MAX_ADDRESS:
        problems["address"] = "address"
    if len(data.unit or "") > MAX_UNIT:
        problems["unit"] = "unit"
    if not re.fullmatch(r"\d{4}", data.postcode or ""):
        problems["postcode"] = "postcode"
    if not _words(data.area) or len(data.area) > MAX_AREA:
        problems["area"] = "area"
    if not _within(data.size_m2, SIZE_M2):
        problems["size_m2"] = "size_m2"
    if not _within(data.bedrooms, BEDROOMS):
        problems["bedrooms"] = "bedrooms"
    if not _within(data.floor, FLOORS):
        problems["floor"] = "floor"
    if not _within(data.monthly_rent, RENT):
        problems["monthly_rent"] = "monthly_rent"
    if data.status not in DwellingStatus.values():
        problems["status"] = "status"
    if data.ownership not in Ownership.values():
        problems["ownership"] = "ownership"
    if any(group not in Group.values() for group in data.suitable_for):
        problems["suitable_for"] = "suitable_for"
    if data.reserved_for and data.reserved_for not in Group.values():
        problems["reserved_for"] = "reserved_for"
    if data.reserved_for and data.reserved_for not in data.suitable_for:
        problems["reserved_for"] = "reserved_not_suitable"
    if Group.WHEELCHAIR in data.suitable_for and not data.step_free:
        problems["suitable_for"] = "wheelchair_needs_step_free"
    for name in ("fire_safety_notes", "follow_up_notes"):
        if len(getattr(data, name) or "") > MAX_NOTES:
            problems[name] = "notes"
    return problems


def cleaned(data: DwellingInput) -> DwellingInput:
    """The input as stored (spaces tidied), or InvalidDwelling."""
    problems = problems_with(data)
    if problems:
        raise InvalidDwelling(problems)
    return replace(
        data,
        address=_words(data.address),
        unit=_words(data.unit),
        area=_words(data.area),
        suitable_for=tuple(group for group in Group.values() if group in data.suitable_for),
        fire_safety_notes=(data.fire_safety_notes or "").strip(),
        follow_up_notes=(data.follow_up_notes or "").strip(),
    )


def _apply(dwelling: Dwelling, data: DwellingInput) -> None:
    dwelling.address, dwelling.unit = data.address, data.unit
    dwelling.address_key = address_key(data.address, data.unit)
    dwelling.postcode, dwelling.area = data.postcode, data.area
    dwelling.size_m2, dwelling.bedrooms, dwelling.floor = data.size_m2, data.bedrooms, data.floor
    dwelling.step_free = data.step_free
    dwelling.suitable_bits = bits_of(data.suitable_for)
    dwelling.reserved_for = data.reserved_for
    dwelling.status, dwelling.ownership = data.status, data.ownership
    dwelling.monthly_rent = data.monthly_rent
    dwelling.fire_safety_notes = data.fire_safety_notes
    dwelling.follow_up_notes = data.follow_up_notes
    dwelling.available_on = data.available_on


def new_dwelling(data: DwellingInput, now: datetime) -> Dwelling:
    """A Dwelling from checked input (not added to a session)."""
    dwelling = Dwelling(version=1, created_at=now, updated_at=now)
    _apply(dwelling, data)
    return dwelling


def add(session: Session, data: DwellingInput, *, actor: Actor, now: datetime) -> Dwelling:
    """A new dwelling in the register; InvalidDwelling or AddressTaken, nothing stored."""
    dwelling = new_dwelling(cleaned(data), now)
    session.add(dwelling)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise AddressTaken(data.address) from None
    audit.record_by(
        actor, session, "dwelling_added", object_type="dwelling", object_id=dwelling.id, now=now
    )
    session.commit()
    return dwelling


def has_current_tenancy(session: Session, dwelling: Dwelling) -> bool:
    return (
        session.scalar(
            select(func.count())
            .select_from(Tenancy)
            .where(Tenancy.dwelling_id == dwelling.id, Tenancy.ended_on.is_(None))
        )
        > 0
    )


def open_offer(session: Session, dwelling: Dwelling) -> Offer | None:
    return session.scalar(
        select(Offer).where(Offer.dwelling_id == dwelling.id, Offer.status == OfferStatus.OPEN)
    )


def change(
    session: Session,
    dwelling: Dwelling,
    data: DwellingInput,
    *,
    seen_version: int,
    actor: Actor,
    now: datetime,
) -> Dwelling:
    """Change a dwelling's facts, if nobody changed them since `seen_version`."""
    data = cleaned(data)
    if data.status != DwellingStatus.LET and has_current_tenancy(session, dwelling):
        raise StatusNotAllowed(data.status)
    if data.status != DwellingStatus.VACANT and open_offer(session, dwelling) is not None:
        raise StatusNotAllowed(data.status)
    claimed = session.execute(
        update(Dwelling)
        .where(Dwelling.id == dwelling.id, Dwelling.version == seen_version)
        .values(version=Dwelling.version + 1)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if claimed != 1:
        session.rollback()
        raise DwellingChanged(dwelling.id)
    _apply(dwelling, data)
    dwelling.updated_at = now
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise AddressTaken(data.address) from None
    audit.record_by(
        actor, session, "dwelling_changed", object_type="dwelling", object_id=dwelling.id, now=now
    )
    session.commit()
    return dwelling


def as_input(dwelling: Dwelling) -> DwellingInput:
    """The dwelling's facts as a form or an import fills them in."""
    return DwellingInput(
        address=dwelling.address,
        unit=dwelling.unit,
        postcode=dwelling.postcode,
        area=dwelling.area,
        size_m2=dwelling.size_m2,
        bedrooms=dwelling.bedrooms,
        floor=dwelling.floor,
        step_free=dwelling.step_free,
        suitable_for=tuple(dwelling.suitable_for),
        reserved_for=dwelling.reserved_for,
        status=dwelling.status,
        ownership=dwelling.ownership,
        monthly_rent=dwelling.monthly_rent,
        fire_safety_notes=dwelling.fire_safety_notes,
        follow_up_notes=dwelling.follow_up_notes,
        available_on=dwelling.available_on,
    )


@dataclass(frozen=True)
class RegisterFilter:
    status: str = ""
    area: str = ""
    min_bedrooms: int | None = None
    step_free: bool = False
    q: str = ""
    page: int = 1


@dataclass
class RegisterPage:
    dwellings: list[Dwelling]
    total: int
    page: int
    page_count: int
    counts: dict[str, int] = field(default_factory=dict)


def register(session: Session, wanted: RegisterFilter) -> RegisterPage:
    """One page of the register in address order, with the count per status."""
    query = select(Dwelling)
    if wanted.status in DwellingStatus.values():
        query = query.where(Dwelling.status == wanted.status)
    if wanted.area:
        query = query.where(Dwelling.area == wanted.area)
    if wanted.min_bedrooms is not None:
        query = query.where(Dwelling.bedrooms >= wanted.min_bedrooms)
    if wanted.step_free:
        query = query.where(Dwelling.step_free.is_(True))
    if wanted.q:
        matches = [func.lower(Dwelling.area).contains(wanted.q.casefold(), autoescape=True)]
        if _compact(wanted.q):
            matches.append(Dwelling.address_key.contains(_compact(wanted.q), autoescape=True))
        query = query.where(or_(*matches))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page_count = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, wanted.page), page_count)
    rows = session.scalars(
        query.order_by(Dwelling.address_key).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    counts = dict(
        session.execute(select(Dwelling.status, func.count()).group_by(Dwelling.status)).all()
    )
    return RegisterPage(list(rows), total, page, page_count, counts)


def areas(session: Session) -> list[str]:
    """The parts of the municipality the register has dwellings in."""
    return list(session.scalars(select(Dwelling.area).distinct().order_by(Dwelling.area)))


@dataclass
class History:
    tenancies: list[Tenancy]
    offers: list[Offer]


def history(session: Session, dwelling: Dwelling) -> History:
    """Who has lived in the dwelling and who was offered it, newest first."""
    return History(
        tenancies=list(
            session.scalars(
                select(Tenancy)
                .where(Tenancy.dwelling_id == dwelling.id)
                .order_by(Tenancy.starts_on.desc(), Tenancy.id.desc())
            )
        ),
        offers=list(
            session.scalars(
                select(Offer)
                .where(Offer.dwelling_id == dwelling.id)
                .order_by(Offer.made_at.desc(), Offer.id.desc())
            )
        ),
    )

"""Builders for the statistics tests: rows with exactly the moments and days a test needs.

Moments are given as Oslo wall-clock time (`oslo(2025, 1, 31, 23, 30)`), as a caseworker
would read them, and stored in UTC like everything else.
"""

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from portal.models import (
    Booking,
    Case,
    CaseSummary,
    Decision,
    Dwelling,
    GuidanceSlot,
    HousingNeed,
    Offer,
    StartLoanDecision,
    Tenancy,
)
from portal.models.housing import Group, group_bit
from tests.casework import make_case

OSLO = ZoneInfo("Europe/Oslo")
_numbers = itertools.count(1)


def oslo(year, month, day, hour=12, minute=0) -> datetime:
    """An Oslo wall-clock moment, as the UTC moment the database stores."""
    return datetime(year, month, day, hour, minute, tzinfo=OSLO).astimezone(UTC)


def application(session: Session, received: datetime, *, flags=(), status="received") -> Case:
    return make_case(session, kind="application", created=received, flags=flags, status=status)


def decide(session: Session, case: Case, outcome: str, at: datetime) -> Decision:
    decision = Decision(
        case_id=case.id,
        outcome=outcome,
        decision_type="municipal_dwelling",
        grounds="Grunner.",
        rules_applied="Regler.",
        language="nb",
        decided_at=at,
        letter_stored_name=f"letter-{next(_numbers)}",
        letter_sha256="",
    )
    case.decided_at = at
    session.add(decision)
    session.commit()
    return decision


def summary(
    session: Session,
    received: date,
    *,
    kind="application",
    decided: date | None = None,
    outcome="",
    flag_bits=0,
) -> CaseSummary:
    row = CaseSummary(
        kind=kind,
        received_on=received,
        decided_on=decided,
        outcome=outcome,
        final_status="closed",
        flag_bits=flag_bits,
        ended_on=decided or received,
    )
    session.add(row)
    session.commit()
    return row


def dwelling(
    session: Session,
    *,
    ownership="owned",
    status="let",
    wheelchair=False,
    created: datetime = datetime(2020, 1, 1, tzinfo=UTC),
) -> Dwelling:
    number = next(_numbers)
    row = Dwelling(
        address=f"Storgata {number}",
        unit="",
        address_key=f"storgata {number}",
        postcode="4370",
        area="Egersund",
        size_m2=60,
        bedrooms=2,
        status=status,
        ownership=ownership,
        suitable_bits=group_bit(Group.WHEELCHAIR) if wheelchair else 0,
        monthly_rent=9000,
        created_at=created,
        updated_at=created,
    )
    session.add(row)
    session.commit()
    return row


def need(
    session: Session,
    case: Case,
    *,
    since: datetime,
    listed: datetime,
    ended: datetime | None = None,
    status="waiting",
) -> HousingNeed:
    row = HousingNeed(
        case_id=case.id,
        outcome="granted",
        bedrooms=2,
        waiting_since=since,
        created_at=listed,
        ended_at=ended,
        status=status,
    )
    session.add(row)
    session.commit()
    return row


def offer(
    session: Session, case: Case, home: Dwelling, *, made: datetime, status: str, answered=None
) -> Offer:
    row = Offer(
        case_id=case.id,
        dwelling_id=home.id,
        status=status,
        monthly_rent=home.monthly_rent,
        available_on=made.date(),
        answer_by=made + timedelta(days=14),
        made_at=made,
        answered_at=answered,
    )
    session.add(row)
    session.commit()
    return row


def tenancy(
    session: Session,
    case: Case,
    home: Dwelling,
    *,
    starts: date,
    ended: date | None = None,
    reason="",
    renews: Tenancy | None = None,
    is_first=True,
) -> Tenancy:
    row = Tenancy(
        dwelling_id=home.id,
        case_id=case.id,
        starts_on=starts,
        ends_on=starts + timedelta(days=3 * 365),
        is_first=is_first,
        renewal_of_id=renews.id if renews else None,
        ended_on=ended,
        end_reason=reason,
        created_at=datetime(starts.year, starts.month, starts.day, tzinfo=UTC),
    )
    session.add(row)
    session.commit()
    return row


def booking(
    session: Session,
    adviser,
    at: datetime,
    *,
    topic="bostotte",
    channel="in_person",
    attendance="",
    cancelled=False,
) -> Booking:
    slot = GuidanceSlot(
        topic=topic,
        channel=channel,
        location="Rådhuset",
        starts_at=at,
        ends_at=at + timedelta(minutes=45),
        adviser_id=adviser.id,
        created_at=at - timedelta(days=30),
    )
    session.add(slot)
    session.flush()
    case = make_case(session, kind="booking", created=at - timedelta(days=7), commit=False)
    session.flush()
    row = Booking(
        case_id=case.id,
        slot_id=slot.id,
        created_at=at - timedelta(days=7),
        cancelled_at=at - timedelta(days=1) if cancelled else None,
        attendance=attendance,
    )
    session.add(row)
    session.commit()
    return row


def start_loan(
    session: Session, decided: date, outcome="granted", *, family=True, amount=None
) -> StartLoanDecision:
    row = StartLoanDecision(
        decided_on=decided,
        outcome=outcome,
        family_with_children=family,
        amount=amount,
        recorded_at=datetime(decided.year, decided.month, decided.day, 15, tzinfo=UTC),
    )
    session.add(row)
    session.commit()
    return row

"""Start-loan decisions as the housing plan counts them: staff record each decision (when,
granted or refused, to a family with children or not, the amount), and the statistics show
the year's share to families with children beside the plan's target of at least half.

No name and no number is kept: only what the share needs.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import StartLoanDecision
from portal.models.audit import AuditAction
from portal.models.housing import StartLoanOutcome
from portal.services.housing.months import (
    Figure,
    count_by_month,
    month_days,
    percent,
    summed,
)
from portal.services.staff import audit
from portal.services.staff.audit import Actor

# The plan: at least half of each year's start loans go to families with children.
TARGET_PERCENT = 50
# The largest amount the form takes, in whole kroner (far above any start loan).
MAX_AMOUNT = 20_000_000
FIRST_DAY = date(2000, 1, 1)


class InvalidStartLoan(ValueError):
    """The decision cannot be recorded as given; `field` says what is wrong."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


@dataclass(frozen=True)
class StartLoanInput:
    decided_on: date
    outcome: str
    family_with_children: bool
    amount: int | None = None


def record_decision(
    session: Session, given: StartLoanInput, *, actor: Actor, today: date, now: datetime
) -> StartLoanDecision:
    """Keep one start-loan decision, with its audit entry, in one transaction.

    Refuses a day in the future or before 2000, an unknown outcome, an amount on a refusal,
    and an amount that is not a positive number of kroner up to MAX_AMOUNT."""
    if not FIRST_DAY <= given.decided_on <= today:
        raise InvalidStartLoan("decided_on")
    if given.outcome not in StartLoanOutcome.values():
        raise InvalidStartLoan("outcome")
    if given.amount is not None and (
        given.outcome != StartLoanOutcome.GRANTED or not 0 < given.amount <= MAX_AMOUNT
    ):
        raise InvalidStartLoan("amount")
    decision = StartLoanDecision(
        decided_on=given.decided_on,
        outcome=given.outcome,
        family_with_children=given.family_with_children,
        amount=given.amount,
        recorded_by_id=actor.user.id,
        recorded_at=now,
    )
    session.add(decision)
    session.flush()
    audit.record_by(
        actor,
        session,
        AuditAction.START_LOAN_RECORDED,
        object_type="start_loan_decision",
        object_id=decision.id,
        now=now,
        details=given.outcome,
    )
    session.commit()
    return decision


def decisions_in(session: Session, year: int) -> list[StartLoanDecision]:
    """The year's recorded decisions, the latest decided first."""
    days = month_days(year)
    return list(
        session.scalars(
            select(StartLoanDecision)
            .where(StartLoanDecision.decided_on >= days[0], StartLoanDecision.decided_on < days[-1])
            .order_by(StartLoanDecision.decided_on.desc(), StartLoanDecision.id.desc())
        )
    )


def figures(session: Session, year: int, begun: int) -> dict[str, Figure]:
    """Granted, granted to families with children, their share (%), and refused, by month."""
    counts = count_by_month(
        session,
        StartLoanDecision.decided_on,
        month_days(year),
        by=(StartLoanDecision.outcome, StartLoanDecision.family_with_children),
    )
    granted = summed(counts, begun, lambda key: key[0] == StartLoanOutcome.GRANTED)
    families = summed(counts, begun, lambda key: key == (StartLoanOutcome.GRANTED, True))
    shares = tuple(
        None if whole is None else percent(part, whole)
        for whole, part in zip(granted.months, families.months, strict=True)
    )
    return {
        "start_loans_granted": granted,
        "start_loans_to_families": families,
        "start_loans_families_percent": Figure(shares, percent(families.year, granted.year)),
        "start_loans_rejected": summed(
            counts, begun, lambda key: key[0] == StartLoanOutcome.REJECTED
        ),
    }

"""Recording start-loan decisions (services/housing/start_loans.py): what is kept, what is
refused, and the audit entry that commits with it."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.models import AuditEvent, StartLoanDecision
from portal.services.housing import start_loans
from portal.services.housing.start_loans import InvalidStartLoan, StartLoanInput
from tests.casework import actor_for
from tests.staff import make_staff
from tests.statistics_data import oslo, start_loan

NOW = oslo(2026, 6, 15)
TODAY = date(2026, 6, 15)


def test_a_decision_is_kept_with_its_audit_entry(session):
    person = make_staff(session, "caseworker")
    given = StartLoanInput(date(2026, 6, 1), "granted", True, 1_250_000)

    kept = start_loans.record_decision(
        session, given, actor=actor_for(person), today=TODAY, now=NOW
    )

    session.expire_all()
    stored = session.get(StartLoanDecision, kept.id)
    assert (stored.decided_on, stored.outcome, stored.family_with_children, stored.amount) == (
        date(2026, 6, 1), "granted", True, 1_250_000,
    )  # fmt: skip
    assert stored.recorded_by_id == person.id
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "start_loan_recorded")
    ).one()
    assert (event.actor_id, event.object_id) == (person.id, str(kept.id))


@pytest.mark.parametrize(
    ("given", "field"),
    [
        (StartLoanInput(date(2026, 6, 16), "granted", True), "decided_on"),
        (StartLoanInput(date(1999, 12, 31), "granted", True), "decided_on"),
        (StartLoanInput(date(2026, 6, 1), "maybe", True), "outcome"),
        (StartLoanInput(date(2026, 6, 1), "rejected", True, 100_000), "amount"),
        (StartLoanInput(date(2026, 6, 1), "granted", True, 0), "amount"),
        (StartLoanInput(date(2026, 6, 1), "granted", True, 20_000_001), "amount"),
    ],
)
def test_a_decision_that_makes_no_sense_is_refused_and_nothing_kept(session, given, field):
    person = make_staff(session, "caseworker")

    with pytest.raises(InvalidStartLoan) as refusal:
        start_loans.record_decision(session, given, actor=actor_for(person), today=TODAY, now=NOW)

    assert refusal.value.field == field
    assert session.scalar(select(func.count()).select_from(StartLoanDecision)) == 0


def test_the_years_decisions_latest_first(session):
    start_loan(session, date(2025, 12, 31))
    start_loan(session, date(2026, 1, 1), "rejected")
    start_loan(session, date(2026, 3, 1))

    assert [d.decided_on for d in start_loans.decisions_in(session, 2026)] == [
        date(2026, 3, 1), date(2026, 1, 1),
    ]  # fmt: skip

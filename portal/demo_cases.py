"""Demo cases, so the staff pages can be seen full on a fresh machine.

Every person here is made up. The cases are made through the same services residents
and staff use (applying, booking, asking to be called; taking, asking for documents,
deciding), so they look exactly as real ones would.
"""

import random
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import Case
from portal.models.booking import Topic
from portal.models.case import CaseStatus
from portal.services.casework import (
    access_codes,
    applications,
    decisions,
    replies,
    teams,
    workflow,
)
from portal.services.casework.identity_numbers import with_check_digits
from portal.services.guidance import booking
from portal.services.staff.audit import Actor

WANTED = 36
NAMES = (
    "Kari Nordmann", "Ola Hansen", "Amina Yusuf", "Oksana Kovalenko", "Per Olsen",
    "Fatima Ali", "Jonas Berg", "Mariam Haile", "Tomasz Nowak", "Ingrid Larsen",
    "Abdi Mohamed", "Sofie Dahl", "Yonas Tesfay", "Liv Eriksen", "Olena Shevchenko",
    "Ahmad Karimi", "Hanne Moe", "Piotr Wiśniewski", "Eli Solberg", "Hodan Warsame",
)  # fmt: skip
# Born 1 January of these years: some children, some elderly, some aftercare age.
SITUATIONS = ("homeless", "temporary", "renting", "family_friends", "aftercare", "renting")


def _identity_number(year: int) -> str:
    """A made-up number with valid check digits for 1 January of `year`."""
    first = 499 if year < 2000 else 999
    for individual in range(first, first - 100, -1):
        number = with_check_digits(f"0101{year % 100:02d}{individual:03d}")
        if number:
            return number
    raise ValueError(year)


def _answers(rng: random.Random, name: str, number: int, received: datetime) -> dict:
    birth_year = rng.choice((1950, 1958, 1975, 1984, 1991, 2004, 2006))
    children = rng.choice(("", "", "2016", "2015, 2019", "2021"))
    situation = SITUATIONS[number % len(SITUATIONS)]
    health = {"needs": ["follow_up"], "details": "", "consent": True} if number % 5 == 0 else {}
    # Some must move within weeks (the eviction page), some need a wheelchair-accessible home.
    at_risk = number % 6 == 1 and situation != "homeless"
    must_move_by = (received + timedelta(days=45)).date().isoformat()
    access = ["wheelchair"] if number % 7 == 2 else ["step_free"] if birth_year < 1960 else []
    answers = {
        "about_you": {
            "name": name,
            "identity_number": _identity_number(birth_year),
            "phone": f"9{rng.randint(1000000, 9999999)}",
            "email": "",
            "language": rng.choice(("nb", "nb", "uk", "ar", "so", "pl")),
            "interpreter": "no",
            "interpreter_language": "",
        },
        "household": {
            "adults_birth_years": "",
            "children_birth_years": children,
            "expecting_child": "no",
            "shared_custody": "",
        },
        "housing": {"situation": situation, "at_risk": "yes" if at_risk else "no"},
        "needs": {
            "bedrooms": str(rng.randint(1, 4)),
            "access": access,
            "access_other": "",
            "areas": rng.choice(("Egersund sentrum", "Hellvik", "")),
            "area_reason": "",
            "pets": "no",
            "pets_which": "",
        },
        "health": health,
        "economy": {
            "income_sources": [rng.choice(("work", "nav", "disability_benefit", "pension"))],
            "income_band": rng.choice(("under_15", "15_25", "25_35")),
            "payment_problems": rng.choice(("yes", "no")),
            "bostotte": "not_sure",
        },
        "consents": {"may_contact": ["nav"], "declaration": True},
        "attachments": {},
    }
    if at_risk:
        answers["eviction"] = {"must_move_by": must_move_by, "reason": ""}
    return answers


def apply_for(session: Session, rng, name: str, number: int, *, now: datetime) -> Case:
    draft = applications.new_draft(session, language="nb", now=now)
    for step, answers in _answers(rng, name, number, now).items():
        applications.save_step(session, draft, step, typed={}, answers=answers, now=now)
    receipt = applications.submit(
        session, draft, code=access_codes.new_code(), now=now, answer_weeks=3
    )
    return session.scalar(select(Case).where(Case.reference == receipt.reference))


def seed_cases(session: Session, *, adviser, files: Path, now: datetime) -> str:
    """About 36 cases over every kind, status, team and flag, unless there are already 30."""
    if session.scalar(select(func.count()).select_from(Case)) >= 30:
        return "Demo cases are already in place."
    rng = random.Random(2027)  # noqa: S311 (made-up demo data, not a secret)
    actor = Actor(adviser, "seed-demo")
    team_ids = [team.id for team in teams.ensure_plan_teams(session)]
    made = 0
    for number in range(24):
        name = NAMES[number % len(NAMES)]
        received = now - timedelta(days=rng.choice((0, 1, 3, 6, 12, 20, 33, 41, 55)))
        case = apply_for(session, rng, name, number, now=received)
        made += 1
        step = number % 8
        later = received + timedelta(hours=2)
        if step == 0:
            continue  # just received, nobody has it yet
        holder = workflow.Holder(rng.choice(team_ids), adviser.id if step % 2 else None)
        workflow.assign(session, case, holder, seen_version=case.version, actor=actor, now=later)
        if step in (2, 3, 4, 5, 6, 7):
            workflow.set_status(
                session, case, CaseStatus.IN_REVIEW, seen_version=case.version,
                actor=actor, now=later,
            )  # fmt: skip
        if step == 3:
            workflow.request_document(
                session, case, "De tre siste lønnsslippene dine.", seen_version=case.version,
                actor=actor, now=later,
            )  # fmt: skip
        elif step == 4:
            workflow.message_resident(
                session, case, "Vi har sett på søknaden din og tar kontakt snart.",
                actor=actor, now=later,
            )  # fmt: skip
        elif step in (5, 6, 7):
            outcome = {5: "granted", 6: "waitlisted", 7: "rejected"}[step]
            choice = decisions.DecisionInput(
                outcome=outcome,
                decision_type="municipal_dwelling",
                grounds="Husstanden har ikke bolig og klarer ikke å skaffe seg en selv.",
                rules_applied="Kommunens retningslinjer for tildeling av kommunal bolig.",
                tenancy_years=3 if outcome == "granted" else None,
                next_steps="Vi tar kontakt når vi har en bolig som passer.",
            )
            decisions.decide(
                session, case, choice, seen_version=case.version, directory=files,
                actor=actor, now=later,
            )  # fmt: skip
            if outcome == "rejected" and number % 3 == 0:
                workflow.set_status(
                    session, case, CaseStatus.CLOSED, seen_version=case.version,
                    actor=actor, now=later + timedelta(days=1),
                )  # fmt: skip
    withdrawn = apply_for(session, rng, "Ruth Haugland", 99, now=now - timedelta(days=9))
    replies.withdraw(session, withdrawn, now=now - timedelta(days=2))
    made += 1 + _seed_bookings_and_callbacks(session, rng, now=now)
    return f"{made} demo cases: applications in every status, bookings and call-backs."


def _seed_bookings_and_callbacks(session: Session, rng, *, now: datetime) -> int:
    made = 0
    slots = [
        slot
        for topic in Topic
        for slot in booking.next_free_slots(
            session, topic, now=now, cutoff=timedelta(hours=2), count=2
        )
    ]
    for number, slot in enumerate(slots[:8]):
        booking.book_slot(
            session,
            slot.id,
            booking.BookingDetails(
                name=NAMES[-1 - number], phone=f"4{rng.randint(1000000, 9999999)}"
            ),
            language="nb",
            reference=access_codes.new_reference(),
            code=access_codes.new_code(),
            now=now - timedelta(days=number),
            cutoff=timedelta(hours=2),
        )
        made += 1
    booked = session.scalars(select(Case).where(Case.kind == "booking")).first()
    if booked is not None:
        booking.cancel_booking(session, booked, now=now, cutoff=timedelta(hours=2))
    for number in range(4):
        booking.request_callback(
            session,
            topic=rng.choice(("bostotte", "startlan", "okonomi")),
            name=NAMES[number + 5],
            phone=f"9{rng.randint(1000000, 9999999)}",
            preferred_time="any",
            about="Jeg lurer på om jeg kan få hjelp.",
            language="nb",
            reference=access_codes.new_reference(),
            code=access_codes.new_code(),
            now=now - timedelta(days=number * 3),
        )
        made += 1
    return made

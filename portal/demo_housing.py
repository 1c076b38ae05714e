"""Demo dwellings and their history, so the register, matching, the ending list and the
statistics show real shapes on a fresh machine.

Everything is made up (the streets are Eigersund's kind of streets, the numbers are not
anyone's home). As with the demo cases, it is all made through the services staff and
residents use, at the moments it would have happened: applications, decisions, offers and
answers, tenancies started, renewed and ended, Boligutvalget's meetings.
"""

import random
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.clock import today
from portal.demo_cases import apply_for
from portal.models import Dwelling
from portal.models.housing import DwellingStatus, Group, Ownership
from portal.services.casework import access_codes, cases, decisions, workflow
from portal.services.casework.decisions import DecisionInput
from portal.services.guidance import booking, guidance_slots
from portal.services.housing import (
    dwellings,
    meetings,
    offers,
    start_loans,
    tenancies,
    waitlist,
)
from portal.services.housing.dwellings import DwellingInput
from portal.services.staff.audit import Actor

STREETS = (
    ("Storgata", "Sentrum"), ("Strandgata", "Sentrum"), ("Jernbaneveien", "Sentrum"),
    ("Eigerøyveien", "Eigerøy"), ("Fyrveien", "Eigerøy"), ("Hellvikveien", "Hellvik"),
    ("Skoleveien", "Hellvik"), ("Helleland sentrum", "Helleland"), ("Slettebøveien", "Slettebø"),
    ("Lundeåneveien", "Lundeåne"), ("Husabøryggen", "Husabø"),
)  # fmt: skip
TENANTS = (
    "Arne Tveit", "Birgit Omdal", "Camilla Vold", "Daniel Gjerde", "Eva Sirevåg",
    "Frank Hetland", "Grete Ualand", "Hassan Omar", "Irina Bondar", "Jan Egeland",
    "Kristin Nesvåg", "Leila Ahmadi", "Magnus Skadberg", "Nina Tengesdal", "Omar Farah",
    "Pia Rasmussen", "Rune Vatland", "Selam Gebre", "Tone Eia", "Vidar Ramsland",
    "Wenche Mong", "Yasmin Noor", "Zofia Kowalska", "Åse Helleland", "Øystein Bø",
    "Anna Lie", "Bashir Aden", "Dina Hovland", "Emil Stapnes", "Gunn Hauge",
)  # fmt: skip
DECIDED = DecisionInput(
    outcome="granted",
    decision_type="municipal_dwelling",
    grounds="Husstanden har ikke en bolig som passer, og klarer ikke å skaffe seg en selv.",
    rules_applied="Kommunens retningslinjer for tildeling av kommunal bolig.",
    tenancy_years=3,
    next_steps="Vi tilbyr deg en bolig når vi har en som passer.",
)
BOOK_URL = "http://127.0.0.1:5000/nb/book/leie_til_eie"


def _register(session: Session, rng: random.Random, actor: Actor, now: datetime) -> list:
    """44 dwellings of every size, group, ownership and status."""
    made = []
    for number in range(44):
        street, area = STREETS[number % len(STREETS)]
        bedrooms = (1, 1, 2, 2, 3, 4)[number % 6]
        step_free = number % 4 == 0
        suits = [Group.FAMILIES] if bedrooms >= 2 else []
        if step_free:
            suits += [Group.ELDERLY, Group.WHEELCHAIR] if number % 8 == 0 else [Group.ELDERLY]
        reserved = ""
        if number in (5, 17):
            suits, reserved = [*suits, Group.YOUNG_AFTERCARE], Group.YOUNG_AFTERCARE
        if number % 9 == 3:
            suits.append(Group.FOLLOW_UP)
        status = DwellingStatus.VACANT
        if number in (7, 19, 31, 40, 43):
            status = DwellingStatus.RENOVATION
        elif number in (11, 23, 35, 41, 42):
            status = DwellingStatus.NOT_IN_USE
        data = DwellingInput(
            address=f"{street} {10 + number * 3}",
            unit=f"H0{1 + number % 3}0{1 + number % 2}" if number % 3 else "",
            postcode="4370" if area in ("Sentrum", "Eigerøy") else "4373",
            area=area,
            size_m2=28 + bedrooms * 17 + rng.randint(0, 9),
            bedrooms=bedrooms,
            floor=0 if step_free else 1 + number % 3,
            step_free=step_free,
            suitable_for=tuple(suits),
            reserved_for=reserved,
            status=status,
            ownership=(
                Ownership.OWNED,
                Ownership.OWNED,
                Ownership.LEASED,
                Ownership.ALLOCATION_RIGHT,
            )[number % 4],
            monthly_rent=5200 + bedrooms * 1800 + rng.randint(0, 8) * 100,
            fire_safety_notes="Eldre el-anlegg; komfyrvakt er montert." if number % 5 == 0 else "",
            follow_up_notes=(
                "To andre leietakere på adressen får oppfølging." if number % 9 == 3 else ""
            ),
            available_on=today(now) + timedelta(days=rng.randint(0, 40)),
        )
        made.append(dwellings.add(session, data, actor=actor, now=now))
    return made


def _household(session, rng, name: str, number: int, *, files: Path, actor, received, decided):
    """An application, decided (granted) some weeks later: the household waits from then."""
    case = apply_for(session, rng, name, number, now=received)
    workflow.take(session, case, seen_version=case.version, actor=actor, now=received)
    decisions.decide(
        session, case, DECIDED, seen_version=case.version, directory=files, actor=actor,
        now=decided,
    )  # fmt: skip
    return waitlist.need_of_case(session, case)


def _house(session, dwelling, need, actor, *, at: datetime, years: int, accept: bool = True):
    """Offer the dwelling; the resident answers two days later; the tenancy starts."""
    offer = offers.make_offer(
        session, dwelling, need, answer_by=today(at) + timedelta(days=7),
        available_on=today(at) + timedelta(days=14), notes_confirmed=True, actor=actor, now=at,
    )  # fmt: skip
    answered = at + timedelta(days=2)
    offers.answer(
        session, need.case, offer, accept=accept,
        reason="" if accept else "Boligen ligger for langt fra skolen til barna.", now=answered,
    )  # fmt: skip
    if accept:
        return tenancies.start(
            session, offer, starts_on=today(at) + timedelta(days=14), years=years, actor=actor,
            now=answered,
        )  # fmt: skip
    return None


def seed_housing(session: Session, *, adviser, admin, files: Path, now: datetime) -> str:
    """The register, tenancies (some ending within six months), a year of offers and moves,
    Boligutvalget's meetings and a year of start-loan decisions; unless dwellings exist."""
    if session.scalar(select(func.count()).select_from(Dwelling)):
        return "Demo dwellings are already in place."
    rng = random.Random(2014)  # noqa: S311 (made-up demo data, not a secret)
    actor, editor = Actor(adviser, "seed-demo"), Actor(admin, "seed-demo")
    registered = _register(session, rng, editor, now - timedelta(days=4 * 365))
    lettable = [d for d in registered if d.status == DwellingStatus.VACANT]
    # Tenants of old: 26 households, most on three-year contracts; six end within months.
    for number, dwelling in enumerate(lettable[:26]):
        if number < 6:
            starts = now - timedelta(days=3 * 365 - 30 * (number + 1))
        else:
            starts = now - timedelta(days=rng.randint(200, 1000))
        received = starts - timedelta(days=rng.randint(60, 200))
        need = _household(
            session, rng, TENANTS[number], 200 + number, files=files, actor=actor,
            received=received, decided=received + timedelta(days=25),
        )  # fmt: skip
        tenancy = _house(session, dwelling, need, actor, at=starts - timedelta(days=14), years=3)
        if number in (6, 7):
            tenancies.renew(
                session, tenancy, years=3, actor=actor, now=starts + timedelta(days=700)
            )
        if number in (8, 9, 10):
            moved = min(now - timedelta(days=20 * number), starts + timedelta(days=150))
            tenancies.end(
                session, tenancy, ended_on=today(moved), reason="moved_out",
                dwelling_status=DwellingStatus.VACANT, actor=actor, now=moved,
            )  # fmt: skip
        if number < 3:
            tenancies.send_ending_letter(
                session, tenancy, book_url=BOOK_URL, office_phone="51 46 80 00", actor=actor,
                now=now - timedelta(days=2 + number),
            )  # fmt: skip
    # The last year: households housed, one who said no, one who never answered.
    recent = lettable[26:]
    for number, dwelling in enumerate(recent[:4]):
        at = now - timedelta(days=300 - 70 * number)
        need = _household(
            session, rng, TENANTS[26 + number], 300 + number, files=files, actor=actor,
            received=at - timedelta(days=60), decided=at - timedelta(days=20),
        )  # fmt: skip
        _house(session, dwelling, need, actor, at=at, years=1, accept=number != 1)
    expiring = recent[4] if len(recent) > 4 else None
    if expiring is not None:
        need = _household(
            session, rng, "Morten Sleveland", 320, files=files, actor=actor,
            received=now - timedelta(days=70), decided=now - timedelta(days=30),
        )  # fmt: skip
        offers.make_offer(
            session, expiring, need, answer_by=today(now) - timedelta(days=5),
            available_on=today(now), notes_confirmed=True, actor=actor,
            now=now - timedelta(days=12),
        )  # fmt: skip
        offers.expire_due(session, now=now)
    _seed_meetings(session, actor, files=files, now=now)
    _seed_start_loans(session, rng, actor, now=now)
    held = _seed_held_times(session, rng, adviser, actor, now=now)
    return (
        f"{len(registered)} demo dwellings, their tenancies and a year of offers, two "
        f"meetings of Boligutvalget, a year of start-loan decisions, {held} guidance times held."
    )


def _seed_meetings(session: Session, actor: Actor, *, files: Path, now: datetime) -> None:
    """A meeting two weeks ago with its decisions recorded, and one next week with cases."""
    past = meetings.add_meeting(
        session, today(now) - timedelta(days=14), "Rådhuset, møterom 2", actor=actor,
        now=now - timedelta(days=20),
    )  # fmt: skip
    coming = meetings.add_meeting(
        session, today(now) + timedelta(days=6), "Rådhuset, møterom 2", actor=actor, now=now
    )
    rng = random.Random(7)  # noqa: S311
    for number, name in enumerate(("Signe Ege", "Abdirahman Nur", "Julie Bakke")):
        case = apply_for(session, rng, name, 400 + number, now=now - timedelta(days=40))
        item = meetings.put_on_agenda(
            session, past, case, proposal="Innvilges. Første kontrakt på ett år.",
            seen_version=case.version, actor=actor, now=now - timedelta(days=18),
        )  # fmt: skip
        meetings.record_decision(
            session, item, DecisionInput(**{**DECIDED.__dict__, "tenancy_years": 1}),
            seen_version=case.version, directory=files, actor=actor,
            now=now - timedelta(days=13),
        )  # fmt: skip
    for number, name in enumerate(("Kjell Skåra", "Mona Bjørnevik")):
        case = apply_for(session, rng, name, 410 + number, now=now - timedelta(days=25))
        meetings.put_on_agenda(
            session, coming, case, proposal="Venteliste til en bolig på Eigerøy er ledig.",
            seen_version=case.version, actor=actor, now=now,
        )  # fmt: skip


def _seed_start_loans(session: Session, rng, actor: Actor, *, now: datetime) -> None:
    """A year of start-loan decisions as the economic allocation team records them."""
    for days in range(5, 365, 9):
        granted = rng.random() < 0.8
        start_loans.record_decision(
            session,
            start_loans.StartLoanInput(
                decided_on=today(now) - timedelta(days=days),
                outcome="granted" if granted else "rejected",
                family_with_children=rng.random() < 0.55,
                amount=rng.randint(8, 30) * 100_000 if granted else None,
            ),
            actor=actor,
            today=today(now),
            now=now,
        )


def _seed_held_times(session: Session, rng, adviser, actor: Actor, *, now: datetime) -> int:
    """Guidance held over the last two months, some with nobody turning up."""
    plan = guidance_slots.SlotPlan(topic="bostotte", channel="in_person", location="Rådhuset",
                                   minutes=45)  # fmt: skip
    first = today(now) - timedelta(days=60)
    starts = guidance_slots.series_starts(first, {3}, datetime.min.time().replace(hour=13), 8)
    made = guidance_slots.create_slots(
        session, plan, starts, adviser=adviser, address="seed-demo",
        now=starts[0] - timedelta(days=1),
    )  # fmt: skip
    for number, slot in enumerate(made):
        receipt = booking.book_slot(
            session, slot.id,
            booking.BookingDetails(name=TENANTS[-1 - number],
                                   phone=f"4{rng.randint(1000000, 9999999)}"),
            language="nb", reference=access_codes.new_reference(), code=access_codes.new_code(),
            now=slot.starts_at - timedelta(days=3), cutoff=timedelta(hours=2),
        )  # fmt: skip
        found = booking.booking_of_case(
            session, cases.find_by_reference(session, receipt.reference)
        )
        booking.record_attendance(
            session, found, "no_show" if number % 4 == 1 else "held", actor=actor,
            now=slot.ends_at,
        )  # fmt: skip
    return len(made)

"""Many cases for the staff benchmarks, made with the domain's own builders (cases.new_case).

Each kind of case has a builder below; to benchmark with another kind (a booking, a
decision), add a builder to BUILDERS. Cases are spread over the past two years, oldest
first, and four in five are closed, as in a portal that has run for a while. The code of
every case is the same, hashed once: hashing 100,000 codes would take minutes and
measure nothing the pages do.
"""

import itertools
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy.orm import Session

from portal.models import Application
from portal.services.casework import access_codes, cases, priority
from tests.views.apply_journey import ANSWERS

CODE = "ABCD-EFGH"
BATCH = 2000


def _application(number: int, now: datetime) -> list:
    case = cases.new_case(
        kind="application", reference=f"A{number:07d}", code=CODE, language="nb",
        name=f"Søker {number}", phone="91234567", email=f"soker{number}@example.no",
        topic="kommunal_bolig", now=now,
    )  # fmt: skip
    case.priority_flags = priority.flags(ANSWERS, now.date())
    return [case, lambda saved: Application(case_id=saved.id, answers=ANSWERS, submitted_at=now)]


def _callback(number: int, now: datetime) -> list:
    case = cases.new_case(
        kind="callback", reference=f"C{number:07d}", code=CODE, language="nn",
        name=f"Innbyggar {number}", phone="91234567", email="", topic="okonomi", now=now,
    )  # fmt: skip
    return [case]


BUILDERS: list[Callable[[int, datetime], list]] = [_application, _callback]


def add_cases(session: Session, count: int, *, now: datetime) -> str:
    """Add `count` cases (committed in batches); the reference of the newest application."""
    hash_once = cache(access_codes.hash_code)
    original, access_codes.hash_code = access_codes.hash_code, hash_once
    try:
        step = timedelta(days=730) / count
        builders = itertools.cycle(BUILDERS)
        newest_application = ""
        for first in range(0, count, BATCH):
            made = []
            for number in range(first, min(first + BATCH, count)):
                created = now - timedelta(days=730) + step * number
                case, *later = next(builders)(number, created)
                if number % 5:
                    case.status = "closed"
                session.add(case)
                made.append((case, later))
                if case.kind == "application":
                    newest_application = case.reference
            session.flush()
            session.add_all(build(case) for case, later in made for build in later)
            session.commit()
            session.expunge_all()
        return newest_application
    finally:
        access_codes.hash_code = original

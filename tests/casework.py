"""Builders for casework tests: cases in any kind, status, holder and age, and a staff actor."""

import itertools
from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import Case
from portal.services.casework import cases
from portal.services.staff.audit import Actor
from tests.html import form_on, parse
from tests.staff import NOW

_numbers = itertools.count(1)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def reference(number: int) -> str:
    """A distinct, valid reference for the n-th case of a test."""
    letters = []
    for _ in range(8):
        number, rest = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[rest])
    text = "".join(reversed(letters))
    return f"{text[:4]}-{text[4:]}"


def make_case(
    session: Session,
    *,
    kind: str = "application",
    name: str = "Kari Nordmann",
    status: str = "received",
    flags: tuple[str, ...] = (),
    created: datetime = NOW,
    team_id: int | None = None,
    assignee_id: int | None = None,
    language: str = "nb",
    phone: str = "91234567",
    email: str = "kari@example.no",
    code: str = "ABCD-EFGH",
    commit: bool = True,
) -> Case:
    case = cases.new_case(
        kind=kind,
        reference=reference(next(_numbers) + 1000),
        code=code,
        language=language,
        name=name,
        phone=phone,
        email=email,
        topic="kommunal_bolig" if kind == "application" else "bostotte",
        now=created,
    )
    case.status = status
    case.priority_flags = list(flags)
    case.team_id, case.assignee_id = team_id, assignee_id
    session.add(case)
    if commit:
        session.commit()
    return case


def actor_for(user) -> Actor:
    return Actor(user, "10.0.0.9")


def take_case(client, reference: str):
    """The signed-in caseworker on `client` presses "take the case" on the case's page."""
    url = f"/admin/cases/{reference}"
    return client.post(f"{url}/take", data=form_on(parse(client.get(url)), f"{url}/take"))

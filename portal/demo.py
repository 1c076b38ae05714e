"""Demo data for a laptop or a demonstration. Each capability adds its part to `seed`."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from portal import demo_cases, demo_housing
from portal.models.booking import Channel, Topic
from portal.models.staff import Role
from portal.services.guidance import guidance_slots
from portal.services.information.contacts import UrgentContacts, save_urgent_contacts
from portal.services.information.content_import import import_content
from portal.services.information.interest_rate import InterestRate, save_rate
from portal.services.staff import sign_in, staff_accounts


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    role: str
    password: str
    # A fixed secret, so a developer can add it to an authenticator app once.
    totp_secret: str | None


# Listed in README.md under "Demo data". Development only: seed-demo refuses in production.
DEMO_LOGINS = (
    DemoLogin(
        "admin@demo.eigersund.no", "Ada Admin", Role.ADMIN, "demo-admin-passord", "JBSWY3DPEHPK3PXP"
    ),
    DemoLogin(
        "saksbehandler@demo.eigersund.no",
        "Sara Saksbehandler",
        Role.CASEWORKER,
        "demo-saksbehandler-passord",
        "KRSXG5CTMVRXEZLU",
    ),
    DemoLogin(
        "redaktor@demo.eigersund.no", "Rolf Redaktør", Role.EDITOR, "demo-redaktor-passord", None
    ),
)


def seed(session: Session, *, files: Path, now: datetime) -> Iterator[str]:
    """Put the demo data in place; running it again changes nothing more."""
    save_urgent_contacts(
        session,
        UrgentContacts(office_phone="51 46 80 00", office_email="post@eigersund.kommune.no"),
        now=now,
    )
    yield "Contact numbers for the start page are in place."
    save_rate(session, InterestRate(Decimal("4.9"), date(2026, 11, 1)), now=now)
    yield "A demo Husbanken interest rate (4.9 % from 1 November 2026) is set for the calculator."
    added = import_content(session, now=now)
    yield (
        f"{added.pages} information pages, {added.cards} start-page cards and {added.groups}"
        " menu groups added (portal/content/)."
    )
    for login in DEMO_LOGINS:
        if sign_in.find_by_email(session, login.email) is None:
            user = staff_accounts.create_staff(
                session,
                email=login.email,
                name=login.name,
                roles=[login.role],
                actor=None,
                address="seed-demo",
                now=now,
                password=login.password,
            )
            if login.totp_secret:
                user.totp_secret = login.totp_secret
                user.two_factor_enrolled_at = now
                session.commit()
        yield f"Demo {login.role}: {login.email} / {login.password}" + (
            f" / TOTP secret {login.totp_secret}" if login.totp_secret else ""
        )
    yield _seed_guidance_times(session, now=now)
    adviser = sign_in.find_by_email(session, "saksbehandler@demo.eigersund.no")
    yield demo_cases.seed_cases(session, adviser=adviser, files=files, now=now)
    admin = sign_in.find_by_email(session, "admin@demo.eigersund.no")
    yield demo_housing.seed_housing(session, adviser=adviser, admin=admin, files=files, now=now)


# (weekdays, Oslo time, topic, channel): a plausible month of guidance, Monday = 0.
DEMO_TIMES = (
    ({0, 2}, time(9, 0), Topic.BOSTOTTE, Channel.IN_PERSON),
    ({0, 2}, time(10, 0), Topic.STARTLAN, Channel.IN_PERSON),
    ({1, 3}, time(9, 0), Topic.KOMMUNAL_BOLIG, Channel.IN_PERSON),
    ({1, 3}, time(10, 0), Topic.OKONOMI, Channel.PHONE),
    ({2}, time(13, 0), Topic.LEIE_TIL_EIE, Channel.VIDEO),
    ({4}, time(9, 0), Topic.ANNET, Channel.PHONE),
)


def _seed_guidance_times(session: Session, *, now: datetime) -> str:
    """Four weeks of times held by the demo caseworker, unless they already hold future times."""
    adviser = sign_in.find_by_email(session, "saksbehandler@demo.eigersund.no")
    tomorrow = now.astimezone(guidance_slots.LOCAL_TIME).date() + timedelta(days=1)
    if guidance_slots.has_future_slots(session, adviser, now=now):
        return "Demo guidance times are already in place."
    count = 0
    for weekdays, at, topic, channel in DEMO_TIMES:
        plan = guidance_slots.SlotPlan(
            topic=topic,
            channel=channel,
            location="Rådhuset, servicetorget" if channel == Channel.IN_PERSON else "",
            minutes=45,
        )
        starts = guidance_slots.series_starts(tomorrow, weekdays, at, weeks=4)
        count += len(
            guidance_slots.create_slots(
                session, plan, starts, adviser=adviser, address="seed-demo", now=now
            )
        )
    return f"{count} guidance times over the next four weeks, held by the demo caseworker."


def seed_by_url(url: str, *, files: Path, now: datetime) -> None:
    """Seed the database at `url` from outside a running app (benchmarks, production tests):
    the demo decisions' letters are drawn from templates, which need an app."""
    from portal import create_app
    from portal.db import db

    app = create_app({"DATABASE_URL": url, "ATTACHMENT_DIRECTORY": str(files)})
    with app.app_context():
        for _line in seed(db.session, files=files, now=now):
            pass
        db.session.remove()

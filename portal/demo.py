"""Demo data for a laptop or a demonstration. Each capability adds its part to `seed`."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from portal.services import sign_in, staff_accounts
from portal.services.contacts import UrgentContacts, save_urgent_contacts
from portal.services.content_import import import_pages
from portal.services.interest_rate import InterestRate, save_rate


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
        "admin@demo.eigersund.no", "Ada Admin", "admin", "demo-admin-passord", "JBSWY3DPEHPK3PXP"
    ),
    DemoLogin(
        "saksbehandler@demo.eigersund.no",
        "Sara Saksbehandler",
        "caseworker",
        "demo-saksbehandler-passord",
        "KRSXG5CTMVRXEZLU",
    ),
    DemoLogin(
        "redaktor@demo.eigersund.no", "Rolf Redaktør", "editor", "demo-redaktor-passord", None
    ),
)


def seed(session: Session, *, now: datetime) -> Iterator[str]:
    """Put the demo data in place; running it again changes nothing more."""
    save_urgent_contacts(
        session,
        UrgentContacts(office_phone="51 46 80 00", office_email="post@eigersund.kommune.no"),
        now=now,
    )
    yield "Contact numbers for the start page are in place."
    save_rate(session, InterestRate(Decimal("4.9"), date(2026, 11, 1)), now=now)
    yield "A demo Husbanken interest rate (4.9 % from 1 November 2026) is set for the calculator."
    added = import_pages(session, now=now)
    yield f"{added} information pages added (portal/content/)."
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

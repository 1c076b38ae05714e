"""Where to turn for urgent help: numbers and opening hours shown on the start page.

Nav's national number has a default; the municipality's own numbers and any opening
hours come from the settings table, so another municipality can run the portal by
changing data, not code. Nothing is shown that nobody has checked: opening hours and
an out-of-hours number are empty until staff set them (portal/content/SOURCES.md,
"Interface texts").
"""

from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Setting


@dataclass(frozen=True)
class UrgentContacts:
    nav_phone: str = "55 55 33 33"
    # Shown only when both are set: no stored source confirms Nav's hours.
    nav_opens: str = ""
    nav_closes: str = ""
    # The municipality's own number for people in need outside office hours, if it has one.
    out_of_hours_phone: str = ""
    office_phone: str = ""
    office_email: str = ""


_KEYS = [f"contacts.{field.name}" for field in fields(UrgentContacts)]


def urgent_contacts(session: Session) -> UrgentContacts:
    """The contacts as staff last set them, national defaults where they set nothing."""
    # Plain columns, not entities: this runs on every start page view.
    rows = session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(_KEYS)))
    return UrgentContacts(**{key.removeprefix("contacts."): value for key, value in rows})


def save_urgent_contacts(session: Session, contacts: UrgentContacts, *, now: datetime) -> None:
    """Store every contact value, replacing what was there, in one commit."""
    store_urgent_contacts(session, contacts, now=now)
    session.commit()


def store_urgent_contacts(session: Session, contacts: UrgentContacts, *, now: datetime) -> None:
    """Every contact value, in the caller's transaction (the caller commits)."""
    existing = {
        row.key: row for row in session.scalars(select(Setting).where(Setting.key.in_(_KEYS)))
    }
    for field in fields(UrgentContacts):
        key = f"contacts.{field.name}"
        value = getattr(contacts, field.name)
        row = existing.get(key) or Setting(key=key)
        row.value = value
        row.updated_at = now
        session.add(row)

"""Shared PCs: an admin makes the PC they are at a kiosk, or an ordinary PC again.

The kiosk itself is a signed cookie in that browser (portal/kiosk.py); what is kept here
is the record of who did it, from where, on which browser.
"""

from datetime import datetime

from sqlalchemy.orm import Session

from portal.services.staff import audit
from portal.services.staff.audit import Actor


def record_kiosk_change(
    session: Session, *, made_kiosk: bool, browser: str, actor: Actor, now: datetime
) -> None:
    """Log that this PC became a kiosk (or stopped being one), in its own commit."""
    audit.record_by(
        actor,
        session,
        "kiosk_marked" if made_kiosk else "kiosk_unmarked",
        object_type="device",
        object_id=None,
        now=now,
        details=browser[:200],
    )
    session.commit()

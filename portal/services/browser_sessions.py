"""Rows behind browsers' sessions (portal/server_session.py keeps them): clearing out old ones."""

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from portal.models import BrowserSession


def purge_expired(session: Session, *, now: datetime) -> int:
    """Delete every session row past its idle limit; returns how many went."""
    result = session.execute(delete(BrowserSession).where(BrowserSession.expires_at <= now))
    session.commit()
    return result.rowcount

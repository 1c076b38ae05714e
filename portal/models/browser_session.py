"""What the server remembers for one browser: the cookie holds only the id of this row."""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime


class BrowserSession(Base):
    __tablename__ = "browser_sessions"

    # The SHA-256 of the random id in the cookie: a copy of this table lets nobody in.
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The session's values as tagged JSON (Flask's session serializer).
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)

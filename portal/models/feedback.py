"""What residents tell us about a page: did they find what they looked for?"""

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The path the resident came from, without its query string.
    page: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))
    found_what_they_needed: Mapped[bool]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)

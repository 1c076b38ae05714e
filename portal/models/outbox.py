"""Email and SMS waiting to leave: queued in the same transaction as the change they tell of."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime

CHANNELS = ("email", "sms")


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(254))
    # The message is written when it is sent, from templates/messages/<template>.txt
    # in `language`, so a queued message needs no request and no translation at hand.
    template: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    # Set for messages that must go once only (a reminder): a second queueing is refused.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    # The kind of failure only (no addresses, no text): it may be shown to staff.
    last_error: Mapped[str] = mapped_column(Text, default="")

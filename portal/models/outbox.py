"""Email and SMS waiting to leave: queued in the same transaction as the change they tell of."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime
from portal.models.choices import Choice


class MessageChannel(Choice):
    EMAIL = "email", _l("E-post")
    SMS = "sms", _l("SMS")


class MessageTemplate(Choice):
    """What a message tells the resident (templates/messages/<value>.txt).

    `label` is the email's subject, as the resident reads it; `staff_label` is how
    staff name the message in the outbox.
    """

    BOOKING_CONFIRMED = (
        "booking_confirmed",
        _l("Timen din er bestilt"),
        _l("Bekreftelse på bestilt time"),
    )
    BOOKING_MOVED = "booking_moved", _l("Timen din er flyttet"), _l("Time flyttet av innbyggeren")
    BOOKING_CANCELLED = (
        "booking_cancelled",
        _l("Timen din er avlyst"),
        _l("Time avlyst av innbyggeren"),
    )
    BOOKING_REMINDER = (
        "booking_reminder",
        _l("Påminnelse om timen din"),
        _l("Påminnelse om time"),
    )
    SLOT_CANCELLED = (
        "slot_cancelled",
        _l("Kommunen har måttet avlyse timen din"),
        _l("Time avlyst av kommunen"),
    )
    CALLBACK_RECEIVED = (
        "callback_received",
        _l("Vi ringer deg"),
        _l("Bekreftelse på ønske om å bli ringt"),
    )
    APPLICATION_RECEIVED = (
        "application_received",
        _l("Vi har fått søknaden din"),
        _l("Kvittering for søknad"),
    )
    CASE_NEWS = (
        "case_news",
        _l("Det er nytt i saken din"),
        _l("Melding om at det er nytt i saken"),
    )
    APPLICATION_WITHDRAWN = (
        "application_withdrawn",
        _l("Søknaden din er trukket"),
        _l("Søknad trukket"),
    )
    TENANCY_ENDING = (
        "tenancy_ending",
        _l("Leiekontrakten din går snart ut"),
        _l("Brev om at leiekontrakten går ut"),
    )


class OutboxMessage(Base):
    """One email or SMS. It is waiting until it is sent (`sent_at`) or has failed (`failed_at`).

    A run of `send-outbox` claims a message before sending it: `claimed_until` is
    a lease, so a second run leaves it alone, and a run that dies lets it go again
    when the lease ends.
    """

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
    # Attempts that have ended (sent or failed); an attempt cut short by a crash does not count.
    attempts: Mapped[int] = mapped_column(default=0)
    # The kind of failure only (no addresses, no text): it may be shown to staff.
    last_error: Mapped[str] = mapped_column(Text, default="")
    # Not tried before this moment: when it was queued, later after each failure.
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Gave up after the last attempt: it waits for staff to try again (/admin/outbox).
    failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        # What a run asks for: waiting messages that are due. Sent and failed ones,
        # nearly every row in time, stay out of the index.
        Index(
            "ix_outbox_messages_waiting",
            "next_attempt_at",
            sqlite_where=text("sent_at IS NULL AND failed_at IS NULL"),
            postgresql_where=text("sent_at IS NULL AND failed_at IS NULL"),
        ),
    )

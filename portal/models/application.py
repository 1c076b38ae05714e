"""Applications for municipal housing: the draft a resident fills in, and what was sent."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime
from portal.models.case import Case
from portal.models.choices import Choice


class AttachmentKind(Choice):
    """What a file a resident sends is."""

    INCOME = "income", _l("Dokumentasjon på inntekt")
    TAX = "tax", _l("Siste skattemelding eller skatteoppgjør")
    LEASE = "lease", _l("Leiekontrakt eller oppsigelse")
    STATEMENT = "statement", _l("Uttalelse om helse eller sosiale forhold")
    # Sent from the case page, after the application: what the caseworker asked for.
    REQUESTED = "requested", _l("Dokument saksbehandleren har bedt om")


class ApplicationDraft(Base):
    """Answers so far, saved on every page. Resumed with reference + code; gone after 30 days."""

    __tablename__ = "application_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The case gets the same reference when the application is sent.
    reference: Mapped[str] = mapped_column(String(9), unique=True)
    # Set when the person asks to save and continue later (the code is shown once then).
    code_hash: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8))
    # {step: {question: answer}}, as the forms cleaned them.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))

    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="draft", order_by="Attachment.id"
    )


class Application(Base):
    """What was sent: the answers as they stood at the moment of sending."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)

    case: Mapped[Case] = relationship()


class Attachment(Base):
    """A file a resident sent. Stored outside static/ under a random name; staff only."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("application_drafts.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # Sent in answer to a caseworker's request for a document.
    document_request_id: Mapped[int | None] = mapped_column(ForeignKey("document_requests.id"))
    # An AttachmentKind.
    kind: Mapped[str] = mapped_column(String(20))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    # Decided from the content: application/pdf, image/jpeg, image/png, image/heic.
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    draft: Mapped[ApplicationDraft | None] = relationship(back_populates="attachments")

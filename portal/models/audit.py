"""The audit log: who did or saw what, when, from where. Append-only."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.db import Base, UtcDateTime
from portal.models.choices import Choice


class AuditAction(Choice):
    """Everything the audit log records, as staff read it in the log."""

    SIGN_IN = "sign_in", _l("Logget inn")
    SIGN_IN_FAILED = "sign_in_failed", _l("Mislykket innlogging")
    LOCKOUT = "lockout", _l("Konto låst")
    SIGN_OUT = "sign_out", _l("Logget ut")
    TWO_FACTOR_FAILED = "two_factor_failed", _l("Feil tofaktorkode")
    RECOVERY_CODE_USED = "recovery_code_used", _l("Reservekode brukt")
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", _l("Tofaktor satt opp")
    TWO_FACTOR_RESET = "two_factor_reset", _l("Tofaktor nullstilt")
    PASSWORD_CHANGED = "password_changed", _l("Passord byttet")
    PASSWORD_CHANGE_FAILED = "password_change_failed", _l("Feil nåværende passord ved passordbytte")
    PASSWORD_LINK_CREATED = "password_link_created", _l("Passordlenke laget")
    PASSWORD_SET_BY_LINK = "password_set_by_link", _l("Passord satt med lenke")
    ACCOUNT_CREATED = "account_created", _l("Konto opprettet")
    ACCOUNT_DEACTIVATED = "account_deactivated", _l("Konto deaktivert")
    ACCOUNT_REACTIVATED = "account_reactivated", _l("Konto aktivert igjen")
    ROLES_CHANGED = "roles_changed", _l("Roller endret")
    AUDIT_EXPORTED = "audit_exported", _l("Logg eksportert")
    PAGE_CREATED = "page_created", _l("Side opprettet")
    PAGE_SAVED = "page_saved", _l("Side lagret")
    PAGE_PUBLISHED = "page_published", _l("Side publisert")
    PAGE_UNPUBLISHED = "page_unpublished", _l("Side avpublisert")
    PAGE_RESTORED = "page_restored", _l("Eldre versjon hentet fram")
    PAGE_REVIEW_CHANGED = "page_review_changed", _l("Oversettelsesstatus endret")
    PAGE_ARCHIVED = "page_archived", _l("Side arkivert og sendt videre")
    IMAGE_ADDED = "image_added", _l("Bilde lagt inn på en side")
    PAGE_SCHEDULED = "page_scheduled", _l("Endring av side planlagt")
    PAGE_SCHEDULE_CANCELLED = "page_schedule_cancelled", _l("Planlagt endring avlyst")
    SETTINGS_CHANGED = "settings_changed", _l("Innstillinger endret")
    START_PAGE_CHANGED = "start_page_changed", _l("Forsiden endret")
    NAVIGATION_CHANGED = "navigation_changed", _l("Menyen endret")
    SLOTS_CREATED = "slots_created", _l("Veiledningstider lagt inn")
    SLOT_CANCELLED = "slot_cancelled", _l("Veiledningstid avlyst")
    CASE_VIEWED = "case_viewed", _l("Sak åpnet")
    CASE_STATUS_CHANGED = "case_status_changed", _l("Sakens status endret")
    CASE_ASSIGNED = "case_assigned", _l("Sak fordelt")
    CASE_NOTE_ADDED = "case_note_added", _l("Internt notat skrevet")
    CASE_MESSAGE_SENT = "case_message_sent", _l("Melding sendt til innbyggeren")
    DOCUMENT_REQUESTED = "document_requested", _l("Ba innbyggeren om et dokument")
    PRELIMINARY_ANSWER_SENT = "preliminary_answer_sent", _l("Foreløpig svar sendt")
    DECISION_MADE = "decision_made", _l("Vedtak fattet")
    DECISION_TEXT_CHANGED = "decision_text_changed", _l("Tekst i vedtaksbrev endret")
    CASE_EXPORTED = "case_exported", _l("Sak eksportert til arkivet")
    TEAM_ADDED = "team_added", _l("Team lagt til")
    TEAM_CHANGED = "team_changed", _l("Team endret")
    ATTACHMENT_DOWNLOADED = "attachment_downloaded", _l("Vedlegg lastet ned")
    KIOSK_MARKED = "kiosk_marked", _l("PC gjort til kiosk")
    KIOSK_UNMARKED = "kiosk_unmarked", _l("Kiosk gjort til vanlig PC")
    OUTBOX_RETRIED = "outbox_retried", _l("Melding lagt tilbake i køen")
    DWELLING_ADDED = "dwelling_added", _l("Bolig lagt inn")
    DWELLING_CHANGED = "dwelling_changed", _l("Bolig endret")
    DWELLINGS_IMPORTED = "dwellings_imported", _l("Boliger importert")
    OFFER_MADE = "offer_made", _l("Bolig tilbudt")
    OFFER_WITHDRAWN = "offer_withdrawn", _l("Tilbud om bolig trukket")
    TENANCY_STARTED = "tenancy_started", _l("Leieforhold startet")
    TENANCY_RENEWED = "tenancy_renewed", _l("Leiekontrakt fornyet")
    TENANCY_ENDED = "tenancy_ended", _l("Leieforhold avsluttet")
    TENANCY_LETTER_QUEUED = "tenancy_letter_queued", _l("Brev om kontraktens slutt lagt i kø")
    MEETING_ADDED = "meeting_added", _l("Møte i Boligutvalget lagt inn")
    CASE_PUT_ON_AGENDA = "case_put_on_agenda", _l("Sak satt på sakslisten")
    START_LOAN_RECORDED = "start_loan_recorded", _l("Startlånsvedtak registrert")
    ATTENDANCE_RECORDED = "attendance_recorded", _l("Oppmøte registrert")


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    # No foreign key: the log outlives accounts, and the email snapshot says who it was.
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    client_address: Mapped[str] = mapped_column(String(64), default="")
    # Never personal data: role names, a reason code, a count.
    details: Mapped[str] = mapped_column(String(500), default="")


class AuditLogIsAppendOnly(RuntimeError):
    """Someone tried to change or delete a row of the audit log."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_the_audit_log(session: Session, _context, _instances) -> None:
    for row in list(session.dirty) + list(session.deleted):
        if isinstance(row, AuditEvent):
            raise AuditLogIsAppendOnly("audit events are never changed or deleted")

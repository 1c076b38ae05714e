"""Keeping a case as long as needed and no longer: the archive copy, then deletion.

A decided or ended case can be exported for the municipality's archive: its decision
letters and a JSON file with the case's metadata, its decisions and its timeline. Ended
cases are deleted a number of months after they ended (PORTAL_RETENTION_MONTHS), but
only once exported, with everything that belongs to them: answers, files, messages,
bookings. What stays is an anonymous line for the statistics (CaseSummary).
"""

import io
import json
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from portal.clock import today
from portal.models import (
    Application,
    ApplicationDraft,
    Attachment,
    Booking,
    CallbackRequest,
    Case,
    CaseEvent,
    CaseSummary,
    Decision,
    DocumentRequest,
    HousingNeed,
    MeetingItem,
    Offer,
    OutboxMessage,
    Tenancy,
)
from portal.models.case import ENDED_STATUSES, CaseStatus
from portal.services.casework import attachments
from portal.services.casework.decisions import decisions_of
from portal.services.staff import audit
from portal.services.staff.audit import Actor

DAYS_PER_MONTH = 30.44


def is_exportable(case: Case) -> bool:
    return case.status == CaseStatus.DECIDED or case.has_ended


def archive_copy(session: Session, case: Case, *, letters: Path) -> bytes:
    """The archive's copy of a case as a zip: case.json and the decision letters (PDF)."""
    decisions = decisions_of(session, case)
    record = {
        "reference": case.reference,
        "kind": case.kind,
        "status": case.status,
        "language": case.language,
        "name": case.name,
        "phone": case.phone,
        "email": case.email,
        "topic": case.topic,
        "team": case.team.name if case.team else None,
        "priority_flags": case.priority_flags,
        "received_at": case.created_at.isoformat(),
        "decided_at": case.decided_at.isoformat() if case.decided_at else None,
        "ended_at": case.ended_at.isoformat() if case.ended_at else None,
        "decisions": [
            {
                "outcome": d.outcome,
                "decision_type": d.decision_type,
                "grounds": d.grounds,
                "rules_applied": d.rules_applied,
                "tenancy_years": d.tenancy_years,
                "next_steps": d.next_steps,
                "decided_at": d.decided_at.isoformat(),
                "letter": f"vedtak-{d.id}.pdf",
                "letter_sha256": d.letter_sha256,
            }
            for d in decisions
        ],
        "events": [
            {
                "kind": e.kind,
                "detail": e.detail,
                "body": e.body,
                "visible_to_resident": e.is_visible_to_resident,
                "by": e.actor.email if e.actor else None,
                "at": e.created_at.isoformat(),
            }
            for e in case.events
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("case.json", json.dumps(record, ensure_ascii=False, indent=2))
        for decision in decisions:
            letter = letters / decision.letter_stored_name
            if letter.is_file():
                archive.write(letter, f"vedtak-{decision.id}.pdf")
    return buffer.getvalue()


def export_for_archive(
    session: Session, *, into: Path, letters: Path, actor: Actor | None, now: datetime
) -> list[str]:
    """Write an archive copy of every decided or ended case not yet exported into `into`
    (REF.zip), and mark each exported; returns their references."""
    waiting = session.scalars(
        select(Case)
        .where(
            Case.archived_at.is_(None),
            or_(Case.status == CaseStatus.DECIDED, Case.status.in_(ENDED_STATUSES)),
        )
        .order_by(Case.id)
    ).all()
    into.mkdir(parents=True, exist_ok=True)
    exported = []
    for case in waiting:
        attachments.write_private(
            into / f"{case.reference}.zip.part", archive_copy(session, case, letters=letters)
        )
        (into / f"{case.reference}.zip.part").replace(into / f"{case.reference}.zip")
        case.archived_at = now
        audit.record(
            session,
            actor=actor.user if actor else None,
            action="case_exported",
            object_type="case",
            object_id=case.reference,
            address=actor.address if actor else "cli",
            now=now,
        )
        session.commit()
        exported.append(case.reference)
    return exported


def purge_ended(session: Session, *, months: int, files: Path, now: datetime) -> int:
    """Delete cases that ended more than `months` ago and were exported, with all that
    belongs to them; an anonymous summary of each stays. Returns how many went."""
    cutoff = now - timedelta(days=months * DAYS_PER_MONTH)
    due = session.scalars(
        select(Case).where(
            Case.status.in_(ENDED_STATUSES),
            Case.ended_at <= cutoff,
            Case.archived_at.is_not(None),
            # Someone who still lives in the dwelling keeps their case.
            ~Case.id.in_(select(Tenancy.case_id).where(Tenancy.ended_on.is_(None))),
        )
    ).all()
    if not due:
        return 0
    ids = [case.id for case in due]
    decisions = session.scalars(select(Decision).where(Decision.case_id.in_(ids))).all()
    files_to_go = [(files, a.stored_name) for a in _attachments_of(session, ids)]
    files_to_go += [(files, d.letter_stored_name) for d in decisions]
    outcomes = {d.case_id: d.outcome for d in sorted(decisions, key=lambda d: d.id)}
    for case in due:
        session.add(
            CaseSummary(
                kind=case.kind,
                # Oslo days, as the statistics count them.
                received_on=today(case.created_at),
                decided_on=today(case.decided_at) if case.decided_at else None,
                outcome=outcomes.get(case.id, ""),
                final_status=case.status,
                flag_bits=case.flag_bits,
                ended_on=today(case.ended_at) if case.ended_at else None,
            )
        )
    session.execute(
        update(ApplicationDraft).where(ApplicationDraft.case_id.in_(ids)).values(case_id=None)
    )
    for model in (
        MeetingItem,
        Tenancy,
        Offer,
        HousingNeed,
        Attachment,
        DocumentRequest,
        Decision,
        OutboxMessage,
        Application,
        Booking,
        CallbackRequest,
        CaseEvent,
    ):
        session.execute(delete(model).where(model.case_id.in_(ids)))
    session.execute(delete(Case).where(Case.id.in_(ids)))
    session.commit()
    for folder, name in files_to_go:
        (folder / name).unlink(missing_ok=True)
    return len(ids)


def _attachments_of(session: Session, case_ids: list[int]) -> list[Attachment]:
    return list(session.scalars(select(Attachment).where(Attachment.case_id.in_(case_ids))))

"""Decisions on applications: individual decisions (enkeltvedtak) with grounds, the rules
applied, and the appeal rights the law gives, in a letter the resident can download.

The appeal body follows from what was decided: the municipality's own appeals board
(klagenemnd) for a municipal dwelling, Statsforvalteren for help under the social
housing act. The letter's legal parts are fixed; what admins may reword per outcome and
language is the closing text (DecisionText).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Case, Decision, DecisionText, MeetingItem
from portal.models.case import CaseKind, CaseStatus, DecisionOutcome, DecisionType, EventKind
from portal.services.casework import attachments, cases
from portal.services.casework.workflow import (
    NotAllowed,
    claim,
    log_case_action,
    move_to,
    tell_resident,
)
from portal.services.housing import waitlist
from portal.services.staff import audit
from portal.services.staff.audit import Actor

MAX_TEXT = 8000
# The first contract is usually shorter than the three years the plan asks for later.
TENANCY_YEARS = (1, 2, 3)
DEFAULT_TENANCY_YEARS = 3


@dataclass(frozen=True)
class DecisionInput:
    outcome: str
    decision_type: str
    grounds: str
    rules_applied: str
    tenancy_years: int | None = None
    next_steps: str = ""


def _checked(choice: DecisionInput) -> DecisionInput:
    """The decision as it may be stored; NotAllowed naming what is missing or wrong."""
    if choice.outcome not in DecisionOutcome.values():
        raise NotAllowed("outcome")
    if choice.decision_type not in DecisionType.values():
        raise NotAllowed("decision_type")
    grounds, rules = (choice.grounds or "").strip(), (choice.rules_applied or "").strip()
    if not grounds or len(grounds) > MAX_TEXT:
        raise NotAllowed("grounds")
    if not rules or len(rules) > MAX_TEXT:
        raise NotAllowed("rules_applied")
    years = choice.tenancy_years if choice.outcome == DecisionOutcome.GRANTED else None
    if choice.outcome == DecisionOutcome.GRANTED and years not in TENANCY_YEARS:
        raise NotAllowed("tenancy_years")
    if len(choice.next_steps or "") > MAX_TEXT:
        raise NotAllowed("next_steps")
    return DecisionInput(
        choice.outcome, choice.decision_type, grounds, rules, years, choice.next_steps.strip()
    )


def closing_text(session: Session, outcome: str, language: str) -> str:
    """What the letter says after the legal parts: the admins' text, or the default."""
    text = session.scalar(
        select(DecisionText.body).where(
            DecisionText.outcome == outcome, DecisionText.language == language
        )
    )
    return text or ""


def letter_html(session: Session, case: Case, decision: Decision) -> str:
    """The letter as HTML in the resident's language (the PDF is drawn from it)."""
    with force_locale(decision.language):
        return render_template(
            "letters/decision.html",
            case=case,
            decision=decision,
            closing=closing_text(session, decision.outcome, decision.language),
        )


def letter_pdf(html: str) -> bytes:
    """The PDF of a letter's HTML (WeasyPrint: no network, local fonts only)."""
    from weasyprint import HTML  # imported here: it loads Pango, which only letters need

    return HTML(string=html, base_url=None).write_pdf()


def decide(
    session: Session,
    case: Case,
    choice: DecisionInput,
    *,
    seen_version: int,
    directory: Path,
    actor: Actor,
    now: datetime,
    meeting_item: MeetingItem | None = None,
) -> Decision:
    """Decide an application: the decision, its letter (PDF), the status, the timeline
    line, the audit entry, the note to the resident and the household's place on the
    waiting list commit together; if anything fails, nothing is kept (not even the
    letter's file). A decision made at Boligutvalget's meeting names its agenda item."""
    if case.kind != CaseKind.APPLICATION or not case.is_open:
        raise NotAllowed("status")
    choice = _checked(choice)
    claim(session, case, seen_version)
    decision = Decision(
        case_id=case.id,
        outcome=choice.outcome,
        decision_type=choice.decision_type,
        grounds=choice.grounds,
        rules_applied=choice.rules_applied,
        tenancy_years=choice.tenancy_years,
        next_steps=choice.next_steps,
        language=case.language,
        decided_by_id=actor.user.id,
        decided_at=now,
        letter_stored_name=secrets.token_hex(16),
        letter_sha256="",
    )
    pdf = letter_pdf(letter_html(session, case, decision))
    decision.letter_sha256 = hashlib.sha256(pdf).hexdigest()
    path = directory / decision.letter_stored_name
    attachments.write_private(path, pdf)
    try:
        session.add(decision)
        session.flush()
        waitlist.on_decision(session, case, decision, now=now)
        if meeting_item is not None:
            meeting_item.decision_id = decision.id
        case.decided_at = now
        move_to(case, CaseStatus.DECIDED, actor=actor, now=now)
        cases.add_event(
            case, EventKind.DECISION, detail=choice.outcome, actor_id=actor.user.id, now=now
        )
        tell_resident(session, case, now)
        log_case_action(session, actor, case, "decision_made", now, details=choice.outcome)
        session.commit()
    except Exception:
        session.rollback()
        path.unlink(missing_ok=True)
        raise
    return decision


def decisions_of(session: Session, case: Case) -> list[Decision]:
    """The case's decisions, newest first."""
    return list(
        session.scalars(
            select(Decision).where(Decision.case_id == case.id).order_by(Decision.id.desc())
        )
    )


def letter_path(session: Session, case: Case, decision_id: int, directory: Path) -> Path | None:
    """The stored letter of one of the case's decisions (None if not the case's, or gone)."""
    decision = session.get(Decision, decision_id)
    if decision is None or decision.case_id != case.id:
        return None
    path = directory / decision.letter_stored_name
    return path if path.is_file() else None


def save_closing_text(
    session: Session, outcome: str, language: str, body: str, *, actor: Actor, now: datetime
) -> None:
    """Reword what letters of one outcome say in one language after their legal parts."""
    if outcome not in DecisionOutcome.values() or len(body) > MAX_TEXT:
        raise NotAllowed("closing_text")
    text = session.scalar(
        select(DecisionText).where(
            DecisionText.outcome == outcome, DecisionText.language == language
        )
    ) or DecisionText(outcome=outcome, language=language)
    text.body = body.strip()
    text.updated_at = now
    session.add(text)
    audit.record_by(
        actor,
        session,
        "decision_text_changed",
        object_type="decision_text",
        object_id=f"{outcome}/{language}",
        now=now,
    )
    session.commit()

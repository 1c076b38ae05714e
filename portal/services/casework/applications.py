"""Applying for municipal housing: drafts saved page by page, resumed, sent once.

A draft holds two things per question page: what the person typed (so nothing
is ever lost, even an answer that is not valid yet) and the checked answers of
the pages that passed validation. Only checked answers are sent.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.models import Application, ApplicationDraft, Attachment, Case
from portal.services.casework import access_codes, attachments, cases, priority
from portal.services.casework.cases import Receipt
from portal.services.messaging import outbox

DRAFT_LIFETIME = timedelta(days=30)
# What one draft may hold, as stored JSON: every page's longest answers fit many times over.
MAX_DRAFT_BYTES = 64 * 1024
# In order. "eviction" is asked only of someone at risk of losing their home.
STEPS = (
    "about_you",
    "household",
    "housing",
    "eviction",
    "needs",
    "health",
    "economy",
    "consents",
    "attachments",
)


# The parts of the application as progress counts them: "eviction" belongs to "housing",
# so the count never changes under the person when that page appears or goes.
PARTS = tuple(step for step in STEPS if step != "eviction")


def part_of(step: str) -> tuple[int, str]:
    """(number counted from 1, the part's step) of a page, for "part 3 of 8"."""
    part = "housing" if step == "eviction" else step
    return PARTS.index(part) + 1, part


class DraftGone(Exception):
    """The draft expired or was deleted."""


class AlreadySubmitted(Exception):
    def __init__(self, case: Case | None):
        super().__init__(case.reference if case else "")
        self.case = case


class DraftTooLarge(Exception):
    """The answers would be more than a draft may hold: nothing was stored."""


class DraftIncomplete(Exception):
    def __init__(self, step: str):
        super().__init__(step)
        self.step = step


@dataclass(frozen=True)
class ApplicationReceipt(Receipt):
    # "same" / "changed" / None: see code_note.
    code_note: str | None = None


@dataclass(frozen=True)
class Draft:
    """A draft's pages as the journey uses them."""

    typed: dict
    answers: dict


def pages(draft: ApplicationDraft) -> Draft:
    stored = draft.answers or {}
    return Draft(typed=stored.get("typed", {}), answers=stored.get("answers", {}))


def steps_for(answers: dict) -> list[str]:
    """The pages this person sees, given what they have answered so far."""
    at_risk = (answers.get("housing") or {}).get("at_risk") == "yes"
    return [step for step in STEPS if step != "eviction" or at_risk]


def next_step(draft: ApplicationDraft) -> str | None:
    """The first page still without a checked answer; None when all are done."""
    answers = pages(draft).answers
    return next((step for step in steps_for(answers) if step not in answers), None)


def _new_reference(session: Session) -> str:
    while True:
        reference = access_codes.new_reference()
        taken = session.scalar(
            select(Case.id).where(Case.reference == reference)
        ) or session.scalar(
            select(ApplicationDraft.id).where(ApplicationDraft.reference == reference)
        )
        if not taken:
            return reference


def new_draft(session: Session, *, language: str, now: datetime) -> ApplicationDraft:
    draft = ApplicationDraft(
        reference=_new_reference(session),
        language=language,
        answers={"typed": {}, "answers": {}},
        created_at=now,
        updated_at=now,
        expires_at=now + DRAFT_LIFETIME,
    )
    session.add(draft)
    session.commit()
    return draft


def open_draft(session: Session, draft_id: int | None, *, now: datetime) -> ApplicationDraft:
    """The draft this browser works on; DraftGone or AlreadySubmitted when it can't go on."""
    draft = session.get(ApplicationDraft, draft_id) if draft_id else None
    if draft is None or draft.expires_at <= now:
        raise DraftGone()
    if draft.submitted_at is not None:
        raise AlreadySubmitted(session.get(Case, draft.case_id) if draft.case_id else None)
    return draft


def save_step(
    session: Session,
    draft: ApplicationDraft,
    step: str,
    *,
    typed: dict,
    answers: dict | None,
    now: datetime,
) -> None:
    """Keep what was typed on a page; with `answers`, the page is done (else it is not).

    Raises DraftTooLarge, storing nothing, when the draft would pass MAX_DRAFT_BYTES.
    """
    if step not in STEPS:
        raise ValueError(step)
    current = pages(draft)
    checked = {key: value for key, value in current.answers.items() if key != step}
    if answers is not None:
        checked[step] = answers
    # A page that is no longer asked keeps no answers (no eviction date once not at risk).
    asked = steps_for(checked)
    checked = {key: value for key, value in checked.items() if key in asked}
    stored = {"typed": {**current.typed, step: typed}, "answers": checked}
    if len(json.dumps(stored, ensure_ascii=False).encode()) > MAX_DRAFT_BYTES:
        raise DraftTooLarge(draft.reference)
    draft.answers = stored
    draft.updated_at = now
    draft.expires_at = now + DRAFT_LIFETIME
    session.commit()


def save_for_later(
    session: Session, draft: ApplicationDraft, *, code: str | None, now: datetime
) -> str:
    """Keep the draft for 30 more days, resumable with `code`; returns the code.

    The person's code stays the same for the whole application (saving again,
    resuming, sending): `code` is the one they already have, if any. A new one is
    made only for a draft that has none yet, or when the given one is not its code.
    """
    if not code or (draft.code_hash and not access_codes.code_matches(draft.code_hash, code)):
        code = access_codes.new_code()
    if not draft.code_hash or not access_codes.code_matches(draft.code_hash, code):
        draft.code_hash = access_codes.hash_code(code)
    draft.updated_at = now
    draft.expires_at = now + DRAFT_LIFETIME
    session.commit()
    return code


def code_note(draft: ApplicationDraft, code: str) -> str | None:
    """What to tell the person about `code` when the draft is sent: "same" when it is the
    code they got on saving, "changed" when they had another one (which stops working),
    None when they never saved."""
    if not draft.code_hash:
        return None
    return "same" if access_codes.code_matches(draft.code_hash, code) else "changed"


def resume(session: Session, reference: str, code: str, *, now: datetime) -> ApplicationDraft:
    """The draft with this reference when the code fits: cases.CodeMismatch otherwise."""
    normalised = access_codes.normalise(reference)
    draft = None
    if normalised:
        draft = session.scalar(
            select(ApplicationDraft).where(ApplicationDraft.reference == normalised)
        )
    stored_hash = draft.code_hash if draft is not None and draft.code_hash else None
    if not access_codes.code_matches(stored_hash, access_codes.normalise(code) or ""):
        raise cases.CodeMismatch()
    return open_draft(session, draft.id, now=now)


def draft_attachments(session: Session, draft: ApplicationDraft) -> list[Attachment]:
    return list(
        session.scalars(
            select(Attachment).where(Attachment.draft_id == draft.id).order_by(Attachment.id)
        )
    )


def add_attachment(
    session: Session,
    draft: ApplicationDraft,
    content: bytes,
    *,
    original_name: str,
    kind: str,
    directory: Path,
    now: datetime,
) -> Attachment:
    """Store a file with the draft; attachments.AttachmentRefused when it can't be taken."""
    existing = len(draft_attachments(session, draft))
    attachment = attachments.store(
        directory, content, original_name=original_name, kind=kind, existing=existing, now=now
    )
    attachment.draft_id = draft.id
    session.add(attachment)
    draft.updated_at = now
    draft.expires_at = now + DRAFT_LIFETIME
    attachments.commit_or_remove(session, directory, attachment)
    return attachment


def remove_attachment(
    session: Session, draft: ApplicationDraft, attachment_id: int, *, directory: Path
) -> None:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.draft_id != draft.id or attachment.case_id is not None:
        return
    session.delete(attachment)
    session.commit()
    attachments.delete_file(directory, attachment)


def submit(
    session: Session,
    draft: ApplicationDraft,
    *,
    code: str,
    now: datetime,
    answer_weeks: int,
) -> ApplicationReceipt:
    """Send the application: the case, its answers, files, timeline and messages in one commit.

    The draft is claimed with a conditional update, so of two presses of "Send"
    (a double click, a reload, two tabs) one creates the case; the other gets
    AlreadySubmitted and, when it carries the same code, the same receipt.
    """
    answers = pages(draft).answers
    for step in steps_for(answers):
        if step not in answers:
            raise DraftIncomplete(step)
    claimed = session.execute(
        update(ApplicationDraft)
        .where(ApplicationDraft.id == draft.id, ApplicationDraft.submitted_at.is_(None))
        .values(submitted_at=now)
        # Plain SQL updates: nothing in this session needs to be matched against them.
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        session.rollback()
        raise AlreadySubmitted(
            session.scalar(select(Case).where(Case.reference == draft.reference))
        )
    about = answers["about_you"]
    case = cases.new_case(
        kind="application",
        reference=draft.reference,
        code=code,
        language=draft.language,
        name=about["name"],
        phone=about["phone"],
        email=about.get("email", ""),
        topic="kommunal_bolig",
        now=now,
    )
    case.priority_flags = priority.flags(answers, now.date())
    session.add(case)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise AlreadySubmitted(None) from None
    session.add(Application(case_id=case.id, answers=answers, submitted_at=now))
    session.execute(
        update(Attachment).where(Attachment.draft_id == draft.id).values(case_id=case.id),
        execution_options={"synchronize_session": False},
    )
    session.execute(
        update(ApplicationDraft).where(ApplicationDraft.id == draft.id).values(case_id=case.id),
        execution_options={"synchronize_session": False},
    )
    note = code_note(draft, code)
    params = {"weeks": answer_weeks, "code_changed": note == "changed"}
    outbox.queue_for_case(session, case, "application_received", params, now=now)
    session.commit()
    return ApplicationReceipt(reference=case.reference, code=code, code_note=note)


def application_of_case(session: Session, case: Case) -> Application | None:
    return session.scalar(select(Application).where(Application.case_id == case.id))


def purge_expired(session: Session, *, now: datetime, directory: Path) -> int:
    """Delete drafts past their 30 days (and their files), and drafts already sent.

    A sent draft's answers and files belong to the case by then.
    """
    gone = session.scalars(
        select(ApplicationDraft).where(
            or_(ApplicationDraft.expires_at <= now, ApplicationDraft.submitted_at.is_not(None))
        )
    ).all()
    if not gone:
        return 0
    ids = [draft.id for draft in gone]
    files = session.scalars(
        select(Attachment).where(Attachment.draft_id.in_(ids), Attachment.case_id.is_(None))
    ).all()
    session.execute(
        delete(Attachment).where(Attachment.draft_id.in_(ids), Attachment.case_id.is_(None))
    )
    session.execute(update(Attachment).where(Attachment.draft_id.in_(ids)).values(draft_id=None))
    session.execute(delete(ApplicationDraft).where(ApplicationDraft.id.in_(ids)))
    session.commit()
    for attachment in files:
        attachments.delete_file(directory, attachment)
    return len(ids)

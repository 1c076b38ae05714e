"""The draft application this browser works on, and the way between its pages.

The question pages (apply.py) and the attachments page (apply_files.py) share these;
the rules of a draft are services/casework/applications.py.
"""

from flask import redirect, render_template, session, url_for

from portal.db import db, utcnow
from portal.forms.application import TITLES
from portal.services.casework import applications
from portal.services.casework.applications import AlreadySubmitted

# What this browser's session holds for the application (kept on the server).
DRAFT = "application_draft"
PENDING_CODE = "application_code"
SAVED = "application_saved"
RECEIPT = "application_receipt"


def current_draft():
    return applications.open_draft(db.session, session.get(DRAFT), now=utcnow())


def cannot_go_on(error: Exception):
    """The page for a draft that expired, or was already sent (its receipt, in this browser)."""
    if session.get(RECEIPT):
        return redirect(url_for(".application_receipt"))
    if isinstance(error, AlreadySubmitted):
        return render_template("public/apply/already_sent.html"), 409
    session.pop(DRAFT, None)
    return render_template("public/apply/gone.html"), 410


def step_url(step: str | None) -> str:
    if step is None:
        return url_for(".check_application")
    if step == "attachments":
        return url_for(".application_attachments")
    return url_for(".application_step", step=step)


def page_after(draft) -> str:
    """After a page: the first page still to answer, or the check page when all are done."""
    return step_url(applications.next_step(draft))


def progress(step: str) -> dict:
    """Where the page is in the application: part N of a count that never changes."""
    number, part = applications.part_of(step)
    return {"number": number, "count": len(applications.PARTS), "part": TITLES[part]}


def save_for_later(draft, step: str, *, health_dropped: bool = False):
    """Keep the draft with the code this person already has (or a first one), and say so."""
    code = applications.save_for_later(
        db.session, draft, code=session.get(PENDING_CODE), now=utcnow()
    )
    session[PENDING_CODE] = code
    session[SAVED] = {
        "reference": draft.reference,
        "code": code,
        "continue_url": step_url(step),
        "health_dropped": health_dropped,
    }
    return redirect(url_for(".application_saved"))


def back_url(draft, step: str) -> str:
    steps = applications.steps_for(applications.pages(draft).answers)
    position = steps.index(step) if step in steps else 0
    return step_url(steps[position - 1]) if position else url_for(".apply_start")

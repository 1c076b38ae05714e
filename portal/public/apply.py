"""Applying for municipal housing: start, one topic per page, save for later, check, send.

The draft lives in the database from the first page; this browser only holds
its id. Every press of a button on a question page stores what was typed, so a
closed tab, a dead battery or a cleared kiosk loses nothing that was saved.
"""

from datetime import date
from pathlib import Path

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, RadioField, SelectField, SelectMultipleField

from portal.db import db, utcnow
from portal.extensions import limiter
from portal.i18n import current_language
from portal.public import bp
from portal.public.forms.apply import (
    ATTACHMENT_KIND_NAMES,
    AboutYouForm,
    AttachmentForm,
    ConsentsForm,
    EconomyForm,
    EvictionForm,
    HealthForm,
    HouseholdForm,
    HousingForm,
    NeedsForm,
    ResumeForm,
)
from portal.services import access_codes, applications, attachments, cases
from portal.services.applications import AlreadySubmitted, DraftGone, DraftIncomplete
from portal.services.settings import answer_weeks

DRAFT = "application_draft"
PENDING_CODE = "application_code"
SAVED = "application_saved"
RECEIPT = "application_receipt"

FORMS = {
    "about_you": AboutYouForm,
    "household": HouseholdForm,
    "housing": HousingForm,
    "eviction": EvictionForm,
    "needs": NeedsForm,
    "health": HealthForm,
    "economy": EconomyForm,
    "consents": ConsentsForm,
}
TITLES = {
    "about_you": _l("Om deg"),
    "household": _l("Hvem skal bo sammen med deg?"),
    "housing": _l("Hvordan bor du nå?"),
    "eviction": _l("Når må du flytte?"),
    "needs": _l("Hva slags bolig trenger du?"),
    "health": _l("Helse og behov for oppfølging"),
    "economy": _l("Økonomi"),
    "consents": _l("Samtykke og bekreftelse"),
    "attachments": _l("Vedlegg"),
}


def attachment_directory() -> Path:
    return Path(current_app.config["ATTACHMENT_DIRECTORY"])


def _open_draft():
    return applications.open_draft(db.session, session.get(DRAFT), now=utcnow())


def _cannot_go_on(error: Exception):
    """The page for a draft that expired, or was already sent (its receipt, in this browser)."""
    if session.get(RECEIPT):
        return redirect(url_for(".application_receipt"))
    if isinstance(error, AlreadySubmitted):
        return render_template("public/apply/already_sent.html"), 409
    session.pop(DRAFT, None)
    return render_template("public/apply/gone.html"), 410


def _typed(form: FlaskForm) -> dict:
    """What the person typed on the page, as lists of strings (it may not be valid yet)."""
    return {
        field.name: request.form.getlist(field.name) for field in form if field.name != "csrf_token"
    }


def _answers(form: FlaskForm) -> dict:
    """The checked answers, JSON-ready (dates as ISO strings)."""
    values = {}
    for field in form:
        if field.name == "csrf_token":
            continue
        value = field.data
        values[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def _step_url(step: str | None) -> str:
    if step is None:
        return url_for(".check_application")
    if step == "attachments":
        return url_for(".application_attachments")
    return url_for(".application_step", step=step)


def _after(draft) -> str:
    """After a page: the first page still to answer, or the check page when all are done."""
    return _step_url(applications.next_step(draft))


def _progress(draft, step: str) -> tuple[int, int]:
    steps = applications.steps_for(applications.pages(draft).answers)
    return (steps.index(step) + 1 if step in steps else len(steps)), len(steps)


def _save_for_later(draft):
    code = applications.save_for_later(db.session, draft, now=utcnow())
    session[SAVED] = {"reference": draft.reference, "code": code}
    return redirect(url_for(".application_saved"))


@bp.get("/apply")
def apply_start():
    return render_template("public/apply/start.html", has_draft=bool(session.get(DRAFT)))


@bp.post("/apply/start")
def start_application():
    draft = applications.new_draft(db.session, language=current_language(), now=utcnow())
    session[DRAFT] = draft.id
    session.pop(RECEIPT, None)
    session.pop(PENDING_CODE, None)
    return redirect(url_for(".application_step", step="about_you"))


@bp.route("/apply/<step>", methods=["GET", "POST"])
def application_step(step: str):
    if step not in FORMS:
        abort(404)
    try:
        draft = _open_draft()
    except (DraftGone, AlreadySubmitted) as error:
        return _cannot_go_on(error)
    current = applications.pages(draft)
    if step not in applications.steps_for(current.answers):
        return redirect(_step_url(applications.next_step(draft)))
    form_class = FORMS[step]
    if request.method == "GET":
        typed = current.typed.get(step)
        form = form_class(formdata=MultiDict(typed) if typed else None)
    else:
        form = form_class()
        if step == "health" and "skip" in request.form:
            applications.save_step(db.session, draft, step, typed={}, answers={}, now=utcnow())
            return redirect(_after(draft))
        valid = form.validate_on_submit()
        applications.save_step(
            db.session,
            draft,
            step,
            typed=_typed(form),
            answers=_answers(form) if valid else None,
            now=utcnow(),
        )
        if "later" in request.form:
            return _save_for_later(draft)
        if valid:
            return redirect(_after(draft))
    number, count = _progress(draft, step)
    return render_template(
        f"public/apply/steps/{step}.html",
        form=form,
        step=step,
        title=TITLES[step],
        number=number,
        count=count,
        back_url=_back_url(draft, step),
    )


def _back_url(draft, step: str) -> str:
    steps = applications.steps_for(applications.pages(draft).answers)
    position = steps.index(step) if step in steps else 0
    return _step_url(steps[position - 1]) if position else url_for(".apply_start")


@bp.route("/apply/attachments", methods=["GET", "POST"])
@limiter.limit("60 per hour", methods=["POST"])
def application_attachments():
    try:
        draft = _open_draft()
    except (DraftGone, AlreadySubmitted) as error:
        return _cannot_go_on(error)
    form = AttachmentForm()
    file_error = None
    # CSRF is checked for every POST before the view runs (extensions.csrf).
    if request.method == "POST":
        if "upload" in request.form:
            upload = request.files.get("file")
            if upload is None or not upload.filename:
                file_error = _("Velg en fil.")
            elif form.validate():
                try:
                    applications.add_attachment(
                        db.session,
                        draft,
                        attachments.read_limited(upload.stream),
                        original_name=upload.filename,
                        kind=form.kind.data,
                        directory=attachment_directory(),
                        now=utcnow(),
                    )
                except attachments.AttachmentRefused as refused:
                    file_error = ATTACHMENT_REFUSALS[refused.reason]
                else:
                    return redirect(url_for(".application_attachments", added=1))
        elif "later" in request.form:
            return _save_for_later(draft)
        else:
            applications.save_step(
                db.session, draft, "attachments", typed={}, answers={}, now=utcnow()
            )
            return redirect(_after(draft))
    files = applications.draft_attachments(db.session, draft)
    number, count = _progress(draft, "attachments")
    status = 400 if file_error or form.errors else 200
    return render_template(
        "public/apply/attachments.html",
        form=form,
        files=files,
        file_error=file_error,
        title=TITLES["attachments"],
        number=number,
        count=count,
        back_url=_back_url(draft, "attachments"),
        file_kinds=ATTACHMENT_KIND_NAMES,
        max_files=attachments.MAX_FILES,
        added=bool(request.args.get("added")),
    ), status


ATTACHMENT_REFUSALS = {
    "empty": _l("Filen er tom. Velg en annen fil."),
    "too_large": _l(
        "Filen er større enn 10 MB. Ta bilde med lavere oppløsning, eller del den opp."
    ),
    "wrong_type": _l("Vi tar bare imot PDF, JPG, PNG og HEIC. Lagre filen som en av disse."),
    "too_many": _l("Du kan sende høyst 10 filer. Fjern en fil først."),
}


@bp.post("/apply/attachments/<int:attachment_id>/remove")
def remove_application_attachment(attachment_id: int):
    try:
        draft = _open_draft()
    except (DraftGone, AlreadySubmitted) as error:
        return _cannot_go_on(error)
    if FlaskForm().validate_on_submit():
        applications.remove_attachment(
            db.session, draft, attachment_id, directory=attachment_directory()
        )
    return redirect(url_for(".application_attachments"))


@bp.get("/apply/saved")
def application_saved():
    saved = session.get(SAVED)
    if not saved:
        return redirect(url_for(".apply_start"))
    return render_template("public/apply/saved.html", saved=saved)


@bp.post("/apply/leave")
def leave_application():
    """After saving for later: this browser forgets the draft (the code brings it back)."""
    for key in (DRAFT, SAVED, PENDING_CODE):
        session.pop(key, None)
    return redirect(url_for(".start"))


def _resume_key() -> str:
    typed = request.form.get("reference", "")
    return "draft-reference:" + (access_codes.normalise(typed) or typed.strip().upper()[:20])


@bp.route("/apply/resume", methods=["GET", "POST"])
@limiter.limit(access_codes.LOOKUPS_PER_ADDRESS, methods=["POST"])
@limiter.limit(access_codes.LOOKUPS_PER_REFERENCE, methods=["POST"], key_func=_resume_key)
def resume_application():
    form = ResumeForm()
    if form.validate_on_submit():
        try:
            draft = applications.resume(
                db.session, form.reference.data, form.code.data, now=utcnow()
            )
        except cases.CodeMismatch:
            form.code.errors.append(
                _("Vi fant ingen søknad med denne referansen og denne koden. Sjekk begge.")
            )
        except DraftGone:
            return render_template("public/apply/gone.html"), 410
        except AlreadySubmitted:
            return render_template("public/apply/already_sent.html"), 409
        else:
            session[DRAFT] = draft.id
            session.pop(SAVED, None)
            return redirect(_step_url(applications.next_step(draft)))
    return render_template("public/apply/resume.html", form=form)


def summary(draft) -> list[dict]:
    """Every page with its questions and answers in words, with Change links (check page)."""
    return answer_sections(
        applications.pages(draft).answers,
        change_url=lambda step: url_for(".application_step", step=step),
    )


def answer_sections(answers: dict, change_url=None) -> list[dict]:
    """Every page with its questions and the answers in words (staff read them too)."""
    sections = []
    for step in applications.steps_for(answers):
        if step == "attachments":
            continue
        form = FORMS[step](formdata=None, meta={"csrf": False})
        values = answers.get(step, {})
        change = change_url(step) if change_url else None
        rows = [
            (field.label.text, _in_words(field, values.get(field.name)), change)
            for field in form
            if field.name != "csrf_token"
        ]
        sections.append(
            {"step": step, "title": TITLES[step], "rows": rows, "done": step in answers}
        )
    return sections


def _in_words(field, value) -> str:
    if value in (None, "", []):
        return _("Ikke svart")
    if isinstance(field, BooleanField):
        return _("Ja") if value else _("Nei")
    if isinstance(field, DateField):
        return format_date(date.fromisoformat(value), "long")
    if isinstance(field, (RadioField, SelectField, SelectMultipleField)):
        names = {str(choice.value): str(choice.label) for choice in field.choices}
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(names.get(str(item), str(item)) for item in chosen)
    return str(value)


@bp.route("/apply/check", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def check_application():
    try:
        draft = _open_draft()
    except AlreadySubmitted as sent:
        return _already_sent(sent)
    except DraftGone as error:
        return _cannot_go_on(error)
    # Made before "Send" is pressed, so a second press finds its own receipt.
    code = session.get(PENDING_CODE) or access_codes.new_code()
    session[PENDING_CODE] = code
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            receipt = applications.submit(
                db.session, draft, code=code, now=utcnow(), answer_weeks=answer_weeks(db.session)
            )
        except DraftIncomplete as missing:
            return redirect(_step_url(missing.step))
        except AlreadySubmitted as sent:
            return _already_sent(sent)
        session[RECEIPT] = {"reference": receipt.reference, "code": receipt.code}
        for key in (DRAFT, PENDING_CODE, SAVED):
            session.pop(key, None)
        return redirect(url_for(".application_receipt"))
    return render_template(
        "public/apply/check.html",
        form=form,
        sections=summary(draft),
        files=applications.draft_attachments(db.session, draft),
        file_kinds=ATTACHMENT_KIND_NAMES,
        missing=applications.next_step(draft),
    )


def _already_sent(sent: AlreadySubmitted):
    """A second press of "Send": the same receipt when it carries the same code."""
    code = session.get(PENDING_CODE)
    if sent.case is not None and code and access_codes.code_matches(sent.case.code_hash, code):
        session[RECEIPT] = {"reference": sent.case.reference, "code": code}
        for key in (DRAFT, PENDING_CODE, SAVED):
            session.pop(key, None)
        return redirect(url_for(".application_receipt"))
    return _cannot_go_on(sent)


@bp.get("/apply/receipt")
def application_receipt():
    receipt = session.get(RECEIPT)
    if not receipt:
        return redirect(url_for(".apply_start"))
    return render_template(
        "public/apply/receipt.html", receipt=receipt, weeks=answer_weeks(db.session)
    )

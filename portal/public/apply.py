"""Applying for municipal housing: start, one topic per page, save for later, check, send.

The draft lives in the database from the first page; this browser only holds
its id. Every press of a button on a question page stores what was typed, so a
closed tab, a dead battery or a cleared kiosk loses nothing that was saved.
"""

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from portal.db import db, utcnow
from portal.extensions import limiter
from portal.forms.answers import answer_sections
from portal.forms.application import FORMS, TITLES
from portal.i18n import current_language
from portal.public import bp
from portal.public.drafts import (
    DRAFT,
    PENDING_CODE,
    RECEIPT,
    SAVED,
    back_url,
    cannot_go_on,
    current_draft,
    page_after,
    progress,
    save_for_later,
    step_url,
)
from portal.public.forms.apply import (
    ResumeForm,
)
from portal.public.forms.typed import typed_values
from portal.rate_limits import SAVE_APPLICATION_PAGE, SEND_APPLICATION, START_APPLICATION, allowance
from portal.services.casework import access_codes, applications, cases
from portal.services.casework.applications import (
    AlreadySubmitted,
    DraftGone,
    DraftIncomplete,
    DraftTooLarge,
)
from portal.services.information.settings import answer_weeks


def _typed(step: str, form: FlaskForm) -> dict:
    """What the person typed on the page (it may not be valid yet), within the form's limits.

    Health details are kept only with the person's consent: without it, nothing
    from that page is stored (and what was stored before is dropped).
    """
    if step == "health" and not form.consent.data:
        return {}
    return typed_values(form, request.form)


def _answers(form: FlaskForm) -> dict:
    """The checked answers, JSON-ready (dates as ISO strings)."""
    values = {}
    for field in form:
        if field.name == "csrf_token":
            continue
        value = field.data
        values[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


@bp.get("/apply")
def apply_start():
    return render_template("public/apply/start.html", has_draft=bool(session.get(DRAFT)))


@bp.post("/apply/start")
@limiter.limit(allowance(START_APPLICATION))
def start_application():
    draft = applications.new_draft(db.session, language=current_language(), now=utcnow())
    session[DRAFT] = draft.id
    session.pop(RECEIPT, None)
    session.pop(PENDING_CODE, None)
    return redirect(url_for(".application_step", step="about_you"))


@bp.route("/apply/<step>", methods=["GET", "POST"])
@limiter.limit(allowance(SAVE_APPLICATION_PAGE), methods=["POST"])
def application_step(step: str):
    if step not in FORMS:
        abort(404)
    try:
        draft = current_draft()
    except (DraftGone, AlreadySubmitted) as error:
        return cannot_go_on(error)
    current = applications.pages(draft)
    if step not in applications.steps_for(current.answers):
        return redirect(step_url(applications.next_step(draft)))
    form_class = FORMS[step]
    if request.method == "GET":
        typed = current.typed.get(step)
        form = form_class(formdata=MultiDict(typed) if typed else None)
    else:
        form = form_class()
        if step == "health" and "skip" in request.form:
            applications.save_step(db.session, draft, step, typed={}, answers={}, now=utcnow())
            return redirect(page_after(draft))
        valid = form.validate_on_submit()
        typed = _typed(step, form)
        try:
            applications.save_step(
                db.session,
                draft,
                step,
                typed=typed,
                answers=_answers(form) if valid else None,
                now=utcnow(),
            )
        except DraftTooLarge:
            abort(413)
        if "later" in request.form:
            return save_for_later(draft, step, health_dropped=step == "health" and not typed)
        if valid:
            return redirect(page_after(draft))

    return render_template(
        f"public/apply/steps/{step}.html",
        form=form,
        step=step,
        title=TITLES[step],
        progress=progress(step),
        back_url=back_url(draft, step),
    )


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
    return access_codes.limit_key(
        "draft", request.form.get("reference", ""), request.remote_addr or ""
    )


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
            # The code they typed stays theirs: the receipt will carry the same one.
            session[PENDING_CODE] = access_codes.normalise(form.code.data)
            session.pop(SAVED, None)
            return redirect(step_url(applications.next_step(draft)))
    return render_template("public/apply/resume.html", form=form)


def summary(draft) -> list[dict]:
    """Every page with its questions and answers in words, with Change links (check page)."""
    return answer_sections(
        applications.pages(draft).answers,
        change_url=lambda step: url_for(".application_step", step=step),
    )


@bp.route("/apply/check", methods=["GET", "POST"])
@limiter.limit(allowance(SEND_APPLICATION), methods=["POST"])
def check_application():
    try:
        draft = current_draft()
    except AlreadySubmitted as sent:
        return _already_sent(sent)
    except DraftGone as error:
        return cannot_go_on(error)
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
            return redirect(step_url(missing.step))
        except AlreadySubmitted as sent:
            return _already_sent(sent)
        session[RECEIPT] = {
            "reference": receipt.reference,
            "code": receipt.code,
            "note": receipt.code_note,
        }
        for key in (DRAFT, PENDING_CODE, SAVED):
            session.pop(key, None)
        return redirect(url_for(".application_receipt"))
    return render_template(
        "public/apply/check.html",
        form=form,
        sections=summary(draft),
        files=applications.draft_attachments(db.session, draft),
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
    return cannot_go_on(sent)


@bp.get("/apply/receipt")
def application_receipt():
    receipt = session.get(RECEIPT)
    if not receipt:
        return redirect(url_for(".apply_start"))
    return render_template(
        "public/apply/receipt.html", receipt=receipt, weeks=answer_weeks(db.session)
    )

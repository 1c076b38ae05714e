"""One case in full, and what a caseworker does with it: status, holder, notes, messages,
document requests, the preliminary answer (decisions: admin/decisions.py)."""

import io
from collections.abc import Callable
from datetime import timedelta

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from admin import bp, current_actor
from admin.access import requires
from admin.forms.cases import (
    AssignForm,
    DocumentRequestForm,
    MessageForm,
    NoteForm,
    PreliminaryAnswerForm,
    StatusForm,
    VersionedForm,
)
from admin.forms.housing import case_forms
from portal import clock
from portal.db import db, utcnow
from portal.forms.answers import answer_sections
from portal.permissions import Permission
from portal.query_values import whole_number
from portal.services.casework import (
    applications,
    case_files,
    cases,
    decisions,
    retention,
    teams,
    workflow,
)
from portal.services.guidance import booking
from portal.services.housing import case_housing
from portal.services.information.settings import answer_weeks
from portal.uploads import attachment_directory

NOBODY = ("", _l("Ingen"))
# When the filled-in preliminary answer says a decision can be expected.
PRELIMINARY_ANSWER_WEEKS = timedelta(weeks=4)


def _case(reference: str):
    return cases.find_by_reference(db.session, reference) or abort(404)


def _forms(case) -> dict[str, FlaskForm]:
    """A fresh form for every action on the page, made from the case as it is now."""
    status = StatusForm(formdata=None, version=case.version)
    status.status.choices = [(s.value, s.staff_label) for s in workflow.next_statuses(case)]
    assign = AssignForm(
        formdata=None,
        version=case.version,
        team=str(case.team_id or ""),
        assignee=str(case.assignee_id or ""),
    )
    _holder_choices(assign)
    return {
        "status": status,
        "assign": assign,
        "take": VersionedForm(formdata=None, version=case.version),
        "note": NoteForm(formdata=None),
        "message": MessageForm(formdata=None),
        "document": DocumentRequestForm(formdata=None, version=case.version),
        "preliminary": _preliminary_answer_form(case),
    }


def _preliminary_answer_form(case) -> PreliminaryAnswerForm:
    """Filled in with the usual answer, in the resident's language, so one click sends it;
    the caseworker can reword it or move the date first."""
    with force_locale(case.language):
        reason = _(
            "Vi har mange søknader nå, og trenger mer tid for å behandle søknaden din grundig."
        )
    return PreliminaryAnswerForm(
        formdata=None,
        version=case.version,
        reason=reason,
        expected_on=clock.today(utcnow()) + PRELIMINARY_ANSWER_WEEKS,
    )


def _holder_choices(form: AssignForm) -> None:
    form.team.choices = [NOBODY] + [(str(t.id), t.name) for t in teams.teams(db.session)]
    form.assignee.choices = [NOBODY] + [(str(p.id), p.name) for p in workflow.handlers(db.session)]


def _page(case, *, failed: tuple[str, FlaskForm] | None = None, conflict=None, status=200):
    forms = _forms(case)
    if failed is not None:
        forms[failed[0]] = failed[1]
    now = utcnow()
    weeks = answer_weeks(db.session)
    application = applications.application_of_case(db.session, case)
    housing = case_housing.of_case(db.session, case, now=now)
    return render_template(
        "admin/cases/show.html",
        case=case,
        forms=forms,
        conflict=conflict,
        assignee_name=workflow.holder_name(db.session, case),
        deadline=_deadline(case, now=now, weeks=weeks),
        booking=booking.booking_of_case(db.session, case),
        callback=booking.callback_of_case(db.session, case),
        sections=answer_sections(application.answers) if application else [],
        files=case_files.case_attachments(db.session, case),
        requests=cases.document_requests(db.session, case),
        decisions=decisions.decisions_of(db.session, case),
        viewers=cases.viewers(db.session, case),
        can_decide=case.kind == "application" and case.is_open,
        can_export=retention.is_exportable(case),
        housing=housing,
        now=now,
        housing_forms=case_forms(case, housing, upcoming=housing.upcoming_meetings),
    ), status


def _deadline(case, *, now, weeks: int) -> str:
    """When the case should be answered, in words, and whether that has passed."""
    due = workflow.due_on(case, answer_weeks=weeks)
    if due is None:
        return "–"
    words = (
        _("vedtak lovet innen %(date)s", date=format_date(due, "long"))
        if case.expected_decision_on
        else _("svar innen %(date)s", date=format_date(due, "long"))
    )
    if workflow.is_overdue(case, now=now, answer_weeks=weeks):
        return _("Over fristen: %(deadline)s", deadline=words)
    return words


@bp.get("/cases/<reference>")
@requires(Permission.HANDLE_CASES)
def show_case(reference: str):
    case = _case(reference)
    cases.record_view(db.session, case, actor=current_actor(), now=utcnow())
    return _page(case)


REFUSALS = {
    "text": _l("Skriv noe, men ikke mer enn 4000 tegn."),
    "holder": _l("Velg et team og en saksbehandler som finnes."),
    "expected_on": _l("Datoen for vedtaket må være etter i dag."),
}


def _act(reference: str, name: str, form: FlaskForm, action: Callable, done: str):
    """Run `action(case, form)` for a valid form. A stale form gets the page with what
    changed (409); a refused change gets the page with the form and its message (400)."""
    case = _case(reference)
    if isinstance(form, AssignForm):
        _holder_choices(form)
    if isinstance(form, StatusForm):
        form.status.choices = [(s.value, s.staff_label) for s in workflow.next_statuses(case)]
    if not form.validate_on_submit():
        return _page(case, failed=(name, form), status=400)
    try:
        action(case, form)
    except workflow.CaseChanged as changed:
        return _page(changed.case, conflict=changed.changes, status=409)
    except workflow.NotAllowed as refused:
        message = REFUSALS.get(str(refused), _("Saken kan ikke endres slik nå."))
        form.form_errors.append(message)
        return _page(case, failed=(name, form), status=400)
    flash(done)
    return redirect(url_for(".show_case", reference=case.reference))


@bp.post("/cases/<reference>/status")
@requires(Permission.HANDLE_CASES)
def change_case_status(reference: str):
    def action(case, form):
        workflow.set_status(
            db.session,
            case,
            form.status.data,
            seen_version=form.version.data,
            actor=current_actor(),
            now=utcnow(),
        )

    return _act(reference, "status", StatusForm(), action, _("Statusen er endret."))


@bp.post("/cases/<reference>/take")
@requires(Permission.HANDLE_CASES)
def take_case(reference: str):
    def action(case, form):
        workflow.take(
            db.session, case, seen_version=form.version.data, actor=current_actor(), now=utcnow()
        )

    return _act(reference, "take", VersionedForm(), action, _("Saken er din."))


@bp.post("/cases/<reference>/assign")
@requires(Permission.HANDLE_CASES)
def assign_case(reference: str):
    def action(case, form):
        holder = workflow.Holder(whole_number(form.team.data), whole_number(form.assignee.data))
        workflow.assign(
            db.session,
            case,
            holder,
            seen_version=form.version.data,
            actor=current_actor(),
            now=utcnow(),
        )

    return _act(reference, "assign", AssignForm(), action, _("Saken er fordelt."))


@bp.post("/cases/<reference>/notes")
@requires(Permission.HANDLE_CASES)
def add_case_note(reference: str):
    def action(case, form):
        workflow.add_note(db.session, case, form.note.data, actor=current_actor(), now=utcnow())

    return _act(reference, "note", NoteForm(), action, _("Notatet er lagret."))


@bp.post("/cases/<reference>/messages")
@requires(Permission.HANDLE_CASES)
def message_resident(reference: str):
    def action(case, form):
        workflow.message_resident(
            db.session, case, form.message.data, actor=current_actor(), now=utcnow()
        )

    done = _("Meldingen er sendt. Innbyggeren får beskjed på SMS eller e-post.")
    return _act(reference, "message", MessageForm(), action, done)


@bp.post("/cases/<reference>/document-requests")
@requires(Permission.HANDLE_CASES)
def request_document(reference: str):
    def action(case, form):
        workflow.request_document(
            db.session,
            case,
            form.description.data,
            seen_version=form.version.data,
            actor=current_actor(),
            now=utcnow(),
        )

    done = _("Innbyggeren er bedt om dokumentet og får beskjed på SMS eller e-post.")
    return _act(reference, "document", DocumentRequestForm(), action, done)


@bp.post("/cases/<reference>/preliminary-answer")
@requires(Permission.HANDLE_CASES)
def send_preliminary_answer(reference: str):
    def action(case, form):
        workflow.send_preliminary_answer(
            db.session,
            case,
            reason=form.reason.data,
            expected_on=form.expected_on.data,
            seen_version=form.version.data,
            actor=current_actor(),
            now=utcnow(),
        )

    done = _("Det foreløpige svaret er sendt.")
    return _act(reference, "preliminary", PreliminaryAnswerForm(), action, done)


def _private_file(path, *, mimetype: str, name: str):
    """A file with personal data: always a download, never kept by a browser or a proxy."""
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/cases/<reference>/files/<int:attachment_id>")
@requires(Permission.HANDLE_CASES)
def download_attachment(reference: str, attachment_id: int):
    """A file the resident sent: staff only, always as a download, and logged."""
    case = _case(reference)
    try:
        attachment, path = case_files.open_case_file(
            db.session,
            case,
            attachment_id,
            directory=attachment_directory(),
            actor=current_actor(),
            now=utcnow(),
        )
    except case_files.FileNotFound:
        abort(404)
    return _private_file(path, mimetype=attachment.content_type, name=attachment.original_name)


@bp.get("/cases/<reference>/decisions/<int:decision_id>/letter.pdf")
@requires(Permission.HANDLE_CASES)
def decision_letter(reference: str, decision_id: int):
    case = _case(reference)
    path = decisions.letter_path(db.session, case, decision_id, attachment_directory())
    if path is None:
        abort(404)
    return _private_file(
        path, mimetype="application/pdf", name=f"vedtak-{case.reference}-{decision_id}.pdf"
    )


@bp.get("/cases/<reference>/archive.zip")
@requires(Permission.HANDLE_CASES)
def archive_copy(reference: str):
    """The case as the archive gets it (letters and a JSON of the case), to look at."""
    case = _case(reference)
    if not retention.is_exportable(case):
        abort(404)
    content = retention.archive_copy(db.session, case, letters=attachment_directory())
    return _private_file(
        io.BytesIO(content),
        mimetype="application/zip",
        name=f"sak-{case.reference}.zip",
    )

"""Deciding an application (an individual decision with grounds and appeal rights), and the
texts admins keep for the letters."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin import bp, current_actor
from admin.access import requires
from admin.forms.cases import ClosingTextForm, DecisionForm
from portal.db import db, utcnow
from portal.i18n import LANGUAGES
from portal.models.case import DecisionOutcome
from portal.permissions import Permission
from portal.services.casework import cases, decisions, workflow
from portal.uploads import attachment_directory


@bp.route("/cases/<reference>/decision", methods=["GET", "POST"])
@requires(Permission.HANDLE_CASES)
def decide_case(reference: str):
    case = cases.find_by_reference(db.session, reference) or abort(404)
    if case.kind != "application":
        abort(404)
    form = DecisionForm(version=case.version) if request.method == "GET" else DecisionForm()
    conflict = None
    if form.validate_on_submit():
        choice = form.choice()
        try:
            decisions.decide(
                db.session,
                case,
                choice,
                seen_version=form.version.data,
                directory=attachment_directory(),
                actor=current_actor(),
                now=utcnow(),
            )
        except workflow.CaseChanged as changed:
            case, conflict = changed.case, changed.changes
        except workflow.NotAllowed as refused:
            form.refused(str(refused))
        else:
            flash(_("Vedtaket er fattet. Innbyggeren får beskjed og kan lese brevet på saken sin."))
            return redirect(url_for(".show_case", reference=case.reference))
    status = 409 if conflict else 400 if request.method == "POST" else 200
    return render_template(
        "admin/decisions/new.html",
        case=case,
        form=form,
        conflict=conflict,
        can_decide=case.is_open,
    ), status


@bp.route("/decision-texts", methods=["GET", "POST"])
@requires(Permission.EDIT_DECISION_TEXTS)
def decision_texts():
    form = ClosingTextForm()
    if form.validate_on_submit():
        if form.outcome.data not in DecisionOutcome.values() or form.language.data not in LANGUAGES:
            abort(400)
        decisions.save_closing_text(
            db.session,
            form.outcome.data,
            form.language.data,
            form.body.data or "",
            actor=current_actor(),
            now=utcnow(),
        )
        flash(_("Teksten er lagret. Nye vedtaksbrev bruker den."))
        return redirect(url_for(".decision_texts"))
    texts = {
        (outcome.value, code): decisions.closing_text(db.session, outcome.value, code)
        for outcome in DecisionOutcome
        for code in LANGUAGES
    }
    return render_template(
        "admin/decisions/texts.html", texts=texts, languages=LANGUAGES, failed=form
    ), 400 if request.method == "POST" else 200

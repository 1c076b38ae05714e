"""Boligutvalget's meetings: the dates, each agenda (on screen, for print and as PDF), and
the decision recorded per case after the meeting."""

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin import bp, current_actor
from admin.access import requires
from admin.forms.cases import DecisionForm
from admin.forms.housing import MeetingForm
from portal.clock import today
from portal.db import db, utcnow
from portal.models import Meeting
from portal.permissions import Permission
from portal.services.casework import workflow
from portal.services.housing import meetings
from portal.uploads import attachment_directory

MEETING_REFUSALS = {
    "date": _l("Velg en dato fra i går og inntil to år fram."),
    "place": _l("Skriv høyst 200 tegn."),
    "taken": _l("Det er allerede et møte denne dagen."),
}


def _meeting(meeting_id: int) -> Meeting:
    return meetings.find(db.session, meeting_id) or abort(404)


@bp.route("/meetings", methods=["GET", "POST"])
@requires(Permission.HANDLE_CASES)
def meeting_list():
    form = MeetingForm(formdata=None) if request.method == "GET" else MeetingForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            meeting = meetings.add_meeting(
                db.session,
                form.meets_on.data,
                form.place.data or "",
                actor=current_actor(),
                now=utcnow(),
            )
        except meetings.MeetingRefused as refused:
            target = form.place if str(refused) == "place" else form.meets_on
            target.errors.append(MEETING_REFUSALS[str(refused)])
        else:
            flash(_("Møtet er lagt inn. Sett saker på sakslisten fra sakssiden."))
            return redirect(url_for(".show_meeting", meeting_id=meeting.id))
    now_day = today(utcnow())
    return render_template(
        "admin/meetings/list.html",
        form=form,
        upcoming=meetings.meetings(db.session, since=now_day),
        earlier=meetings.earlier_meetings(db.session, before=now_day),
    ), 400 if form.errors else 200


@bp.get("/meetings/<int:meeting_id>")
@requires(Permission.HANDLE_CASES)
def show_meeting(meeting_id: int):
    meeting = _meeting(meeting_id)
    return render_template(
        "admin/meetings/show.html", meeting=meeting, items=meetings.agenda(meeting)
    )


@bp.get("/meetings/<int:meeting_id>/agenda.pdf")
@requires(Permission.HANDLE_CASES)
def agenda_pdf(meeting_id: int):
    meeting = _meeting(meeting_id)
    response = send_file(
        io.BytesIO(meetings.agenda_pdf(meeting)),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"saksliste-boligutvalget-{meeting.meets_on.isoformat()}.pdf",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>", methods=["GET", "POST"])
@requires(Permission.HANDLE_CASES)
def record_meeting_decision(meeting_id: int, item_id: int):
    meeting = _meeting(meeting_id)
    item = meetings.find_item(db.session, meeting, item_id) or abort(404)
    case = item.case
    form = DecisionForm(version=case.version) if request.method == "GET" else DecisionForm()
    conflict = None
    if request.method == "POST" and form.validate_on_submit():
        choice = form.choice()
        try:
            meetings.record_decision(
                db.session,
                item,
                choice,
                seen_version=form.version.data,
                directory=attachment_directory(),
                actor=current_actor(),
                now=utcnow(),
            )
        except workflow.CaseChanged as changed:
            case, conflict = changed.case, changed.changes
        except (workflow.NotAllowed, meetings.MeetingRefused) as refused:
            form.refused(str(refused))
        else:
            flash(_("Vedtaket fra møtet er registrert. Innbyggeren får beskjed."))
            return redirect(url_for(".show_meeting", meeting_id=meeting.id))
    status = 409 if conflict else 400 if request.method == "POST" else 200
    return render_template(
        "admin/meetings/decision.html",
        meeting=meeting,
        item=item,
        case=case,
        form=form,
        conflict=conflict,
        can_decide=case.is_open and item.decision_id is None,
    ), status

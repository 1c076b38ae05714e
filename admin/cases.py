"""The case queue: bookings, call-back requests and applications, and one case in full."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from admin import bp, current_actor
from admin.access import requires
from admin.forms.cases import CaseStatusForm, QueueFilterForm
from portal.db import db, utcnow
from portal.forms.answers import answer_sections
from portal.permissions import Permission
from portal.services.casework import applications, cases
from portal.services.guidance import booking
from portal.uploads import attachment_directory


@bp.get("/queue")
@requires(Permission.HANDLE_CASES)
def case_queue():
    form = QueueFilterForm(request.args)
    if not form.validate():
        form = QueueFilterForm()
    found = cases.queue(db.session, kind=form.kind.data or "", only_open=form.show.data != "all")
    bookings = {
        item.case_id: item for item in booking.bookings_of_cases(db.session, [c.id for c in found])
    }
    return render_template("admin/cases/queue.html", form=form, cases=found, bookings=bookings)


@bp.route("/cases/<reference>", methods=["GET", "POST"])
@requires(Permission.HANDLE_CASES)
def show_case(reference: str):
    case = cases.find_by_reference(db.session, reference) or abort(404)
    actor = current_actor()
    form = CaseStatusForm()
    if form.validate_on_submit():
        cases.change_status(
            db.session,
            case,
            form.status.data,
            message=form.message.data or "",
            actor=actor,
            now=utcnow(),
        )
        flash(_("Saken er oppdatert."))
        return redirect(url_for(".show_case", reference=reference))
    if request.method == "GET":
        cases.record_view(db.session, case, actor=actor, now=utcnow())
    callback = booking.callback_of_case(db.session, case)
    application = applications.application_of_case(db.session, case)
    return render_template(
        "admin/cases/show.html",
        case=case,
        form=form,
        booking=booking.booking_of_case(db.session, case),
        callback=callback,
        sections=answer_sections(application.answers) if application else [],
        files=applications.case_attachments(db.session, case),
    )


@bp.get("/cases/<reference>/files/<int:attachment_id>")
@requires(Permission.HANDLE_CASES)
def download_attachment(reference: str, attachment_id: int):
    """A file the resident sent: staff only, always as a download, and logged."""
    case = cases.find_by_reference(db.session, reference) or abort(404)
    try:
        attachment, path = applications.open_case_file(
            db.session,
            case,
            attachment_id,
            directory=attachment_directory(),
            actor=current_actor(),
            now=utcnow(),
        )
    except applications.FileNotFound:
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.original_name,
    )
    # Personal documents: never kept by the browser or anything in between.
    response.headers["Cache-Control"] = "no-store"
    return response

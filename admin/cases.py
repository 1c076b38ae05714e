"""The case queue: bookings, call-back requests and applications, and one case in full."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin import bp, client_address
from admin.access import requires
from admin.forms.cases import CaseStatusForm, QueueFilterForm
from admin.slots import CASEWORK
from portal.db import db, utcnow
from portal.public.forms.book import CALLBACK_TIME_NAMES
from portal.services import booking, cases

# The timeline as staff read it (the resident's page says "you" and "we").
STAFF_EVENT_NAMES = {
    "received": _l("Mottatt"),
    "booked": _l("Time bestilt"),
    "moved": _l("Time flyttet av innbyggeren"),
    "cancelled_by_resident": _l("Time avlyst av innbyggeren"),
    "cancelled_by_municipality": _l("Tiden avlyst av kommunen"),
    "in_progress": _l("Satt til under behandling"),
    "closed": _l("Avsluttet"),
}


@bp.get("/queue")
@requires(roles=CASEWORK)
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
@requires(roles=CASEWORK)
def show_case(reference: str):
    case = cases.find_by_reference(db.session, reference) or abort(404)
    actor = current_user._get_current_object()
    form = CaseStatusForm()
    if form.validate_on_submit():
        cases.change_status(
            db.session,
            case,
            form.status.data,
            message=form.message.data or "",
            actor=actor,
            address=client_address(),
            now=utcnow(),
        )
        flash(_("Saken er oppdatert."))
        return redirect(url_for(".show_case", reference=reference))
    if request.method == "GET":
        cases.record_view(db.session, case, actor=actor, address=client_address(), now=utcnow())
    callback = booking.callback_of_case(db.session, case)
    return render_template(
        "admin/cases/show.html",
        case=case,
        form=form,
        booking=booking.booking_of_case(db.session, case),
        callback=callback,
        callback_time_names=CALLBACK_TIME_NAMES,
        event_names=STAFF_EVENT_NAMES,
    )

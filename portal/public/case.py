"""Following a case: reference and code open it; a booking can be moved or cancelled there."""

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.db import db, utcnow
from portal.extensions import limiter
from portal.public import bp
from portal.public.calendar_file import calendar_response
from portal.public.forms.apply import MessageForm
from portal.public.forms.book import CaseLookupForm
from portal.public.forms.offer import OfferAnswerForm
from portal.public.free_times import (
    cutoff,
    link_to,
    taken_page,
    times_page,
    unavailable_page,
)
from portal.query_values import whole_number
from portal.rate_limits import ADD_FILE, MESSAGE_ON_CASE, accepts_files, allowance
from portal.services.casework import access_codes, attachments, cases, decisions, replies
from portal.services.guidance import booking
from portal.services.housing import case_housing, offers
from portal.services.information import contacts
from portal.uploads import ATTACHMENT_REFUSALS, attachment_directory, refusal_status, sent_name

OPENED = "opened_cases"
MAX_OPENED = 5


def _reference_key() -> str:
    return access_codes.limit_key(
        "case", request.form.get("reference", ""), request.remote_addr or ""
    )


@bp.route("/case", methods=["GET", "POST"])
@limiter.limit(access_codes.LOOKUPS_PER_ADDRESS, methods=["POST"])
@limiter.limit(access_codes.LOOKUPS_PER_REFERENCE, methods=["POST"], key_func=_reference_key)
def find_case():
    form = CaseLookupForm(reference=request.args.get("reference", ""))
    if form.validate_on_submit():
        try:
            case = cases.open_case(db.session, form.reference.data, form.code.data)
        except cases.CodeMismatch:
            form.code.errors.append(
                _(
                    "Vi fant ingen sak med dette saksnummeret og denne koden. "
                    "Sjekk at du har skrevet begge riktig."
                )
            )
        else:
            opened = [ref for ref in session.get(OPENED, []) if ref != case.reference]
            session[OPENED] = [case.reference, *opened][:MAX_OPENED]
            return redirect(url_for(".show_case", reference=case.reference))
    office_phone = contacts.urgent_contacts(db.session).office_phone
    return render_template("public/case/find.html", form=form, office_phone=office_phone)


def _opened_case(reference: str):
    """The case, if this browser has shown its code; otherwise the lookup page."""
    if reference not in session.get(OPENED, []):
        return None
    case = cases.find_by_reference(db.session, reference)
    if case is None:
        abort(404)
    return case


def _to_lookup(reference: str):
    return redirect(url_for(".find_case", reference=reference))


@bp.get("/case/<reference>")
def show_case(reference: str):
    if (case := _opened_case(reference)) is None:
        return _to_lookup(reference)
    return _case_page(case)


def _case_page(case, *, message_form=None, file_error=None, offer_form=None, status=200):
    booked = booking.booking_of_case(db.session, case)
    housing = case_housing.of_case(db.session, case, now=utcnow())
    return render_template(
        "public/case/show.html",
        case=case,
        booking=booked,
        can_change=booking.can_change(booked, now=utcnow(), cutoff=cutoff()),
        timeline=cases.resident_timeline(case),
        latest_message=cases.latest_message_from_staff(case),
        requests=cases.open_document_requests(db.session, case),
        decisions=decisions.decisions_of(db.session, case),
        message_form=message_form or MessageForm(formdata=None),
        file_error=file_error,
        housing=housing,
        offer_form=offer_form or OfferAnswerForm(formdata=None),
    ), status


def _application(reference: str, *, to_withdraw: bool = False):
    """An application this browser opened that has not ended (and, to withdraw it, is still
    open); otherwise the lookup page, or the case page."""
    if (case := _opened_case(reference)) is None:
        abort(_to_lookup(reference))
    if case.kind != "application":
        abort(404)
    if case.has_ended or (to_withdraw and not case.is_open):
        abort(redirect(url_for(".show_case", reference=reference)))
    return case


@bp.post("/case/<reference>/message")
@limiter.limit(allowance(MESSAGE_ON_CASE))
def send_case_message(reference: str):
    case = _application(reference)
    form = MessageForm()
    if not form.validate():
        return _case_page(case, message_form=form, status=400)
    replies.add_resident_message(db.session, case, form.message.data, now=utcnow())
    flash(_("Meldingen er sendt til saksbehandleren."))
    return redirect(url_for(".show_case", reference=reference))


@bp.post("/case/<reference>/document")
@accepts_files
@limiter.limit(allowance(ADD_FILE))
def send_case_document(reference: str):
    case = _application(reference)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _case_page(case, file_error=_("Velg en fil."), status=400)
    try:
        replies.add_requested_document(
            db.session,
            case,
            attachments.read_limited(upload.stream),
            original_name=sent_name(upload.filename),
            directory=attachment_directory(),
            now=utcnow(),
            request_id=whole_number(request.form.get("request")),
        )
    except attachments.AttachmentRefused as refused:
        return _case_page(
            case,
            file_error=ATTACHMENT_REFUSALS[refused.reason],
            status=refusal_status(refused.reason),
        )
    flash(_("Dokumentet er sendt til saksbehandleren."))
    return redirect(url_for(".show_case", reference=reference))


OFFER_REFUSALS = {
    "too_late": _l(
        "Fristen for å svare på tilbudet har gått ut. Ring oss hvis du fortsatt vil ha boligen."
    ),
    "not_open": _l("Tilbudet er allerede besvart eller trukket."),
}


@bp.post("/case/<reference>/offers/<int:offer_id>")
@limiter.limit(allowance(MESSAGE_ON_CASE))
def answer_offer(reference: str, offer_id: int):
    case = _application(reference)
    offer = offers.find(db.session, offer_id)
    if offer is None or offer.case_id != case.id:
        abort(404)
    form = OfferAnswerForm()
    if not form.validate():
        return _case_page(case, offer_form=form, status=400)
    try:
        offers.answer(
            db.session,
            case,
            offer,
            accept=form.answer.data == "accept",
            reason=form.reason.data or "",
            now=utcnow(),
        )
    except offers.OfferRefused as refused:
        flash(str(OFFER_REFUSALS.get(str(refused), OFFER_REFUSALS["not_open"])), "error")
    else:
        flash(
            _("Takk! Du har takket ja. Vi tar kontakt om kontrakten og nøklene.")
            if form.answer.data == "accept"
            else _("Takk for svaret. Du står fortsatt på ventelisten.")
        )
    return redirect(url_for(".show_case", reference=reference))


@bp.route("/case/<reference>/withdraw", methods=["GET", "POST"])
def withdraw_application(reference: str):
    case = _application(reference, to_withdraw=True)
    if request.method == "POST":
        replies.withdraw(db.session, case, now=utcnow())
        flash(_("Søknaden er trukket."))
        return redirect(url_for(".show_case", reference=reference))
    return render_template("public/case/withdraw.html", case=case)


@bp.get("/case/<reference>/decisions/<int:decision_id>/letter.pdf")
def decision_letter(reference: str, decision_id: int):
    """The decision letter, for the resident who opened the case in this browser."""
    if (case := _opened_case(reference)) is None:
        return _to_lookup(reference)
    path = decisions.letter_path(db.session, case, decision_id, attachment_directory())
    if path is None:
        abort(404)
    response = send_file(
        path,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"vedtak-{case.reference}.pdf",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/case/<reference>/calendar.ics")
def case_calendar_file(reference: str):
    if (case := _opened_case(reference)) is None:
        return _to_lookup(reference)
    booked = booking.booking_of_case(db.session, case)
    if booked is None or booked.cancelled_at is not None:
        abort(404)
    return calendar_response(booked)


def _changeable_booking(reference: str):
    """The case and its booking, when this browser opened the case and the booking may change.

    Otherwise the answer is the lookup page, or the page saying it can't be changed here.
    """
    if (case := _opened_case(reference)) is None:
        abort(_to_lookup(reference))
    booked = booking.booking_of_case(db.session, case)
    if not booking.can_change(booked, now=utcnow(), cutoff=cutoff()):
        abort(make_response(render_template("public/case/change_closed.html", case=case), 409))
    return case, booked


@bp.route("/case/<reference>/cancel", methods=["GET", "POST"])
def cancel_booking(reference: str):
    case, booked = _changeable_booking(reference)
    if request.method == "POST":
        booking.cancel_booking(db.session, case, now=utcnow(), cutoff=cutoff())
        flash(_("Timen er avlyst. Du får en bekreftelse."))
        return redirect(url_for(".show_case", reference=reference))
    return render_template("public/case/cancel.html", case=case, booking=booked)


@bp.get("/case/<reference>/move")
def choose_new_time(reference: str):
    case, booked = _changeable_booking(reference)
    return times_page(
        "public/case/move.html",
        booked.slot.topic,
        link=link_to(".move_booking", reference=reference),
        week_url=lambda number: url_for(".choose_new_time", reference=reference, week=number),
        case=case,
        booking=booked,
    )


@bp.route("/case/<reference>/move/<int:slot_id>", methods=["GET", "POST"])
def move_booking(reference: str, slot_id: int):
    case, booked = _changeable_booking(reference)
    now = utcnow()
    try:
        new_slot = booking.bookable_slot(db.session, slot_id, now=now, cutoff=cutoff())
        if new_slot.topic != booked.slot.topic:
            return unavailable_page()
        if request.method == "POST":
            booking.move_booking(db.session, case, slot_id, now=now, cutoff=cutoff())
            flash(_("Timen er flyttet. Du får en bekreftelse."))
            return redirect(url_for(".show_case", reference=reference))
    except booking.SlotTaken as taken:
        return taken_page(taken.slot.topic, link_to(".move_booking", reference=reference))
    except booking.SlotUnavailable:
        return unavailable_page()
    return render_template(
        "public/case/move_confirm.html", case=case, booking=booked, new_slot=new_slot
    )


@bp.post("/case/close")
def close_cases():
    """ "Close the case": this browser forgets every case it opened."""
    session.pop(OPENED, None)
    return redirect(url_for(".find_case"))

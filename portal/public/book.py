"""Booking guidance: topic, a free time, your details, check, receipt (and call me back)."""

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm

from portal.db import db, utcnow
from portal.extensions import limiter
from portal.http_caching import same_for_everyone
from portal.i18n import current_language
from portal.models.booking import Topic
from portal.public import bp
from portal.public.calendar_file import calendar_response
from portal.public.forms.book import (
    TOPIC_HINTS,
    WHAT_TO_BRING,
    BookingDetailsForm,
    CallbackForm,
)
from portal.public.free_times import cutoff, link_to, taken_page, times_page, unavailable_page
from portal.rate_limits import BOOK, ENTER_BOOKING_DETAILS, REQUEST_CALLBACK, allowance
from portal.services.casework import access_codes, cases
from portal.services.guidance import booking, guidance_slots
from portal.services.guidance.booking import BookingDetails, SlotTaken, SlotUnavailable

PENDING = "booking"
RECEIPT = "booking_receipt"
CALLBACK_PENDING = "callback_pending"
CALLBACK_RECEIPT = "callback_receipt"


def _topic_or_404(topic: str) -> str:
    if topic not in Topic.values():
        abort(404)
    return topic


@bp.get("/book")
@same_for_everyone
def choose_topic():
    return render_template(
        "public/book/choose_topic.html", topics=Topic.labels(), topic_hints=TOPIC_HINTS
    )


# Times are booked without content_changed: kept a few seconds only. A time booked
# meanwhile gets "that time was just taken", as for two people looking at once.
@bp.get("/book/<topic>")
@same_for_everyone(query=("week",), keep_seconds=10)
def choose_time(topic: str):
    _topic_or_404(topic)
    return times_page(
        "public/book/choose_time.html",
        topic,
        link=link_to(".enter_details"),
        week_url=lambda number: url_for(".choose_time", topic=topic, week=number),
    )


@bp.route("/book/time/<int:slot_id>", methods=["GET", "POST"])
@limiter.limit(allowance(ENTER_BOOKING_DETAILS), methods=["POST"])
def enter_details(slot_id: int):
    try:
        slot = booking.bookable_slot(db.session, slot_id, now=utcnow(), cutoff=cutoff())
    except SlotTaken as taken:
        return taken_page(taken.slot.topic)
    except SlotUnavailable:
        return unavailable_page()
    pending = session.get(PENDING) or {}
    earlier = pending.get("details") if pending.get("slot_id") == slot_id else None
    form = BookingDetailsForm(data=earlier) if request.method == "GET" else BookingDetailsForm()
    if form.validate_on_submit():
        session[PENDING] = {
            "slot_id": slot_id,
            "details": {name: form[name].data for name in form.data if name != "csrf_token"},
            # Made now, so pressing "Book" twice finds the first booking (services/booking.py).
            "reference": pending.get("reference") or access_codes.new_reference(),
            "code": pending.get("code") or access_codes.new_code(),
        }
        return redirect(url_for(".check_booking"))
    return render_template("public/book/details.html", form=form, slot=slot)


def _booking_details(details: dict) -> BookingDetails:
    return BookingDetails(
        name=details["name"],
        phone=details["phone"],
        email=details["email"] or "",
        about=details["about"] or "",
        interpreter_language=details["interpreter_language"]
        if details["interpreter"] == "yes"
        else "",
        accessibility_needs=details["accessibility_needs"] or "",
    )


@bp.route("/book/check", methods=["GET", "POST"])
@limiter.limit(allowance(BOOK), methods=["POST"])
def check_booking():
    pending = session.get(PENDING)
    if not pending:
        return redirect(url_for(".booking_receipt" if session.get(RECEIPT) else ".choose_topic"))
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            receipt = booking.book_slot(
                db.session,
                pending["slot_id"],
                _booking_details(pending["details"]),
                language=current_language(),
                reference=pending["reference"],
                code=pending["code"],
                now=utcnow(),
                cutoff=cutoff(),
            )
        except SlotTaken as taken:
            return taken_page(taken.slot.topic)
        except SlotUnavailable:
            return unavailable_page()
        session.pop(PENDING, None)
        session[RECEIPT] = {"reference": receipt.reference, "code": receipt.code}
        return redirect(url_for(".booking_receipt"))
    slot = guidance_slots.find_slot(db.session, pending["slot_id"])
    if slot is None:
        return unavailable_page()
    return render_template(
        "public/book/check.html", form=form, slot=slot, details=pending["details"]
    )


def _receipt_booking():
    receipt = session.get(RECEIPT)
    if not receipt:
        return None, None
    case = cases.find_by_reference(db.session, receipt["reference"])
    return receipt, booking.booking_of_case(db.session, case) if case else None


@bp.get("/book/receipt")
def booking_receipt():
    receipt, booked = _receipt_booking()
    if booked is None:
        return redirect(url_for(".choose_topic"))
    return render_template(
        "public/book/receipt.html",
        receipt=receipt,
        booking=booked,
        slot=booked.slot,
        what_to_bring=WHAT_TO_BRING[booked.slot.topic],
        cutoff_hours=current_app.config["BOOKING_CUTOFF_HOURS"],
    )


@bp.get("/book/receipt/calendar.ics")
def booking_calendar_file():
    _receipt, booked = _receipt_booking()
    if booked is None:
        abort(404)
    return calendar_response(booked)


@bp.post("/book/done")
def finish_booking():
    """ "I have written it down": the code leaves this browser (CSRF is checked for every POST)."""
    session.pop(RECEIPT, None)
    session.pop(CALLBACK_RECEIPT, None)
    return redirect(url_for(".start"))


@bp.route("/book/call-me", methods=["GET", "POST"])
@limiter.limit(allowance(REQUEST_CALLBACK), methods=["POST"])
def request_callback():
    topic = request.args.get("topic")
    form = CallbackForm(topic=topic if topic in Topic.values() else None)
    # Made when the form is shown, so sending it twice finds the first request.
    pending = session.get(CALLBACK_PENDING) or {
        "reference": access_codes.new_reference(),
        "code": access_codes.new_code(),
    }
    if form.validate_on_submit():
        receipt = booking.request_callback(
            db.session,
            topic=form.topic.data,
            name=form.name.data,
            phone=form.phone.data,
            preferred_time=form.preferred_time.data,
            about=form.about.data or "",
            language=current_language(),
            reference=pending["reference"],
            code=pending["code"],
            now=utcnow(),
        )
        session.pop(CALLBACK_PENDING, None)
        session[CALLBACK_RECEIPT] = {"reference": receipt.reference, "code": receipt.code}
        return redirect(url_for(".callback_receipt"))
    session[CALLBACK_PENDING] = pending
    return render_template("public/book/call_me.html", form=form)


@bp.get("/book/call-me/receipt")
def callback_receipt():
    receipt = session.get(CALLBACK_RECEIPT)
    if not receipt:
        return redirect(url_for(".request_callback"))
    return render_template("public/book/call_me_receipt.html", receipt=receipt)

"""Booking guidance: topic, a free time, your details, check, receipt (and call me back)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from itertools import groupby

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, to_user_timezone
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from portal.db import db, utcnow
from portal.extensions import htmx, limiter
from portal.i18n import current_language
from portal.models.booking import Channel, Topic
from portal.public import bp
from portal.public.forms.book import (
    TOPIC_HINTS,
    WHAT_TO_BRING,
    BookingDetailsForm,
    CallbackForm,
)
from portal.query_values import whole_number
from portal.rate_limits import BOOK, ENTER_BOOKING_DETAILS, REQUEST_CALLBACK, allowance
from portal.services.casework import access_codes, cases
from portal.services.guidance import booking, guidance_slots
from portal.services.guidance.booking import BookingDetails, SlotTaken, SlotUnavailable
from portal.services.guidance.calendar_files import booking_calendar
from portal.services.guidance.guidance_slots import LOCAL_TIME, local_to_utc

PENDING = "booking"
RECEIPT = "booking_receipt"
CALLBACK_PENDING = "callback_pending"
CALLBACK_RECEIPT = "callback_receipt"
# The last week that can hold a bookable time: the horizon, and the week it ends in.
WEEKS_AHEAD = booking.BOOKING_HORIZON.days // 7 + 1


def cutoff() -> timedelta:
    return timedelta(hours=current_app.config["BOOKING_CUTOFF_HOURS"])


def week_of(week: int, now):
    """Monday of the week `week` weeks from now (Oslo), its bounds in UTC, and the last week."""
    today = to_user_timezone(now).date()
    first_monday = today - timedelta(days=today.weekday())
    last_day = to_user_timezone(now + booking.BOOKING_HORIZON).date()
    last_week = (last_day - first_monday).days // 7
    monday = first_monday + timedelta(weeks=week)
    start = local_to_utc(monday, time(0, 0))
    end = local_to_utc(monday + timedelta(days=7), time(0, 0))
    return monday, start, min(end, now + booking.BOOKING_HORIZON), last_week


@dataclass(frozen=True)
class FreeTime:
    href: str
    clock: str  # "10:00", Oslo time
    channel: str  # already in the person's language


@dataclass(frozen=True)
class FreeDay:
    heading: str  # "Fredag 27. november"
    label: str  # "fredag 27. november": read out after each time, for screen readers
    times: list[FreeTime]


def link_to(endpoint: str, **values) -> Callable[[int], str]:
    """The link to a time, by its id. url_for runs once: a week can hold hundreds of times."""
    sample = url_for(endpoint, slot_id=0, **values)
    assert sample.endswith("/0"), sample
    prefix = sample[:-1]
    return lambda slot_id: f"{prefix}{slot_id}"


def times_by_day(slots, link: Callable[[int], str]) -> list[FreeDay]:
    """Free times by Oslo calendar day, with every word and link ready for the template."""
    channels = {value: str(name) for value, name in Channel.labels().items()}
    days = []
    for day, day_slots in groupby(
        slots, key=lambda slot: slot.starts_at.astimezone(LOCAL_TIME).date()
    ):
        label = format_date(day, "EEEE d. MMMM")
        times = [
            FreeTime(
                link(slot.id),
                slot.starts_at.astimezone(LOCAL_TIME).strftime("%H:%M"),
                channels[slot.channel],
            )
            for slot in day_slots
        ]
        days.append(FreeDay(label[:1].upper() + label[1:], label, times))
    return days


def wants_fragment() -> bool:
    """An htmx request for the times of another week (a history restore wants the whole page)."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def times_page(template: str, topic: str, *, link, week_url, **values):
    """A week of the topic's free times (?week=): the whole page, or only the times for htmx."""
    now = utcnow()
    week = week_arg(topic, now)
    if week is None:
        abort(404)
    monday, start, end, last_week = week_of(week, now)
    if week > last_week:
        abort(404)
    slots = booking.free_slots(db.session, topic, start=start, end=end, now=now, cutoff=cutoff())
    fragment = wants_fragment()
    return render_template(
        "public/book/_times.html" if fragment else template,
        topic=topic,
        week=week,
        last_week=last_week,
        monday=monday,
        sunday=monday + timedelta(days=6),
        days=times_by_day(slots, link),
        week_url=week_url,
        fragment=fragment,
        **values,
    )


def _topic_or_404(topic: str) -> str:
    if topic not in Topic.values():
        abort(404)
    return topic


def week_arg(topic: str, now) -> int | None:
    """The week asked for; without one, the first week that has a free time (or this week).

    None for a week no one can book (the page answers 404): only a few weeks are offered.
    """
    week = request.args.get("week")
    if week is not None:
        if not week.isascii() or not week.isdigit():
            return 0
        number = whole_number(week)
        # Past the booking horizon nothing can be booked (and the dates would overflow).
        return number if number is not None and number <= WEEKS_AHEAD else None
    first = booking.next_free_slots(db.session, topic, now=now, cutoff=cutoff(), count=1)
    if not first:
        return 0
    this_monday, *_ = week_of(0, now)
    return (to_user_timezone(first[0].starts_at).date() - this_monday).days // 7


@bp.get("/book")
def choose_topic():
    return render_template(
        "public/book/choose_topic.html", topics=Topic.labels(), topic_hints=TOPIC_HINTS
    )


@bp.get("/book/<topic>")
def choose_time(topic: str):
    _topic_or_404(topic)
    return times_page(
        "public/book/choose_time.html",
        topic,
        link=link_to(".enter_details"),
        week_url=lambda number: url_for(".choose_time", topic=topic, week=number),
    )


def taken_page(topic: str, link: Callable[[int], str] | None = None):
    """ "That time was just taken", with the next free times of the topic (409)."""
    now = utcnow()
    others = booking.next_free_slots(db.session, topic, now=now, cutoff=cutoff())
    return (
        render_template(
            "public/book/taken.html",
            topic=topic,
            days=times_by_day(others, link or link_to(".enter_details")),
        ),
        409,
    )


def unavailable_page():
    return render_template("public/book/unavailable.html"), 410


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


def calendar_response(booked) -> Response:
    """The booked time as an .ics file the phone's calendar can open."""
    slot = booked.slot
    summary = _("Veiledning: %(topic)s", topic=Topic(slot.topic).label)
    description = _(
        "%(channel)s. Saksnummer %(reference)s. Eigersund kommune, Boligportalen.",
        channel=Channel(slot.channel).label,
        reference=booked.case.reference,
    )
    body = booking_calendar(
        slot,
        reference=booked.case.reference,
        summary=summary,
        description=description,
        location=slot.location,
        now=utcnow(),
    )
    filename = f"veiledning-{booked.case.reference}.ics"
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
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

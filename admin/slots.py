"""Guidance times: caseworkers put out times, see a day's bookings, and cancel a time."""

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from admin import LOCAL_TIME, bp, client_address
from admin.access import requires
from admin.forms.slots import SlotForm
from portal.db import db, utcnow
from portal.permissions import Permission
from portal.services.guidance import booking as booking_service
from portal.services.guidance import guidance_slots
from portal.services.guidance.guidance_slots import (
    NoSuchLocalTime,
    OverlappingTimes,
    PastTime,
    SlotPlan,
)


def _today() -> date:
    return utcnow().astimezone(LOCAL_TIME).date()


def _day_arg() -> date:
    try:
        return date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return _today()


@bp.get("/slots")
@requires(Permission.MANAGE_TIMES)
def slot_day():
    day = _day_arg()
    return render_template(
        "admin/slots/day.html",
        day=day,
        today=_today(),
        schedule=guidance_slots.day_schedule(db.session, day),
        day_url=lambda other: url_for(".slot_day", day=other.isoformat()),
        previous_day=day - timedelta(days=1),
        next_day=day + timedelta(days=1),
    )


def _starts(form: SlotForm):
    weekdays = {int(number) for number in form.weekdays.data or []}
    if not weekdays:
        return [guidance_slots.local_to_utc(form.first_day.data, form.clock)]
    return guidance_slots.series_starts(form.first_day.data, weekdays, form.clock, form.weeks.data)


def _clash_list(starts) -> str:
    shown = ", ".join(start.astimezone(LOCAL_TIME).strftime("%d.%m. %H:%M") for start in starts[:5])
    return shown + (" …" if len(starts) > 5 else "")


@bp.route("/slots/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_TIMES)
def new_slots():
    form = SlotForm(first_day=_day_arg() if request.args.get("day") else None)
    if form.validate_on_submit():
        plan = SlotPlan(
            topic=form.topic.data,
            channel=form.channel.data,
            location=form.location.data if form.channel.data == "in_person" else "",
            minutes=int(form.minutes.data),
        )
        try:
            created = guidance_slots.create_slots(
                db.session,
                plan,
                _starts(form),
                adviser=current_user._get_current_object(),
                address=client_address(),
                now=utcnow(),
            )
        except NoSuchLocalTime as missing:
            form.start_time.errors.append(
                _(
                    "Klokkeslettet finnes ikke %(day)s, fordi klokka stilles fram. Velg et annet.",
                    day=missing.day.strftime("%d.%m.%Y"),
                )
            )
        except PastTime:
            form.first_day.errors.append(_("Tiden har allerede vært. Velg en tid fram i tid."))
        except OverlappingTimes as overlap:
            form.start_time.errors.append(
                _(
                    "Du har allerede en tid som overlapper: %(times)s. Ingen tider er lagt inn.",
                    times=_clash_list(overlap.starts),
                )
            )
        else:
            if not created:
                form.weekdays.errors.append(
                    _("Ingen av dagene du valgte, faller innenfor ukene. Ingen tider er lagt inn.")
                )
            else:
                flash(
                    ngettext("%(num)d tid er lagt inn.", "%(num)d tider er lagt inn.", len(created))
                )
                first = created[0].starts_at.astimezone(LOCAL_TIME).date()
                return redirect(url_for(".slot_day", day=first.isoformat()))
    return render_template("admin/slots/new.html", form=form)


@bp.route("/slots/<int:slot_id>/cancel", methods=["GET", "POST"])
@requires(Permission.MANAGE_TIMES)
def cancel_slot(slot_id: int):
    slot = guidance_slots.find_slot(db.session, slot_id) or abort(404)
    day = slot.starts_at.astimezone(LOCAL_TIME).date()
    form = FlaskForm()
    if form.validate_on_submit():
        booking = guidance_slots.cancel_slot(
            db.session,
            slot,
            actor=current_user._get_current_object(),
            address=client_address(),
            now=utcnow(),
        )
        if booking is not None:
            flash(
                _(
                    "Tiden er avlyst. %(name)s får beskjed, og det står i saken.",
                    name=booking.case.name,
                )
            )
        else:
            flash(_("Tiden er avlyst."))
        return redirect(url_for(".slot_day", day=day.isoformat()))
    return render_template(
        "admin/slots/cancel.html",
        form=form,
        slot=slot,
        booking=booking_service.live_booking_of(db.session, slot),
    )

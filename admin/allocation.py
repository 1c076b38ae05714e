"""From a decision to a home: dwellings for a household, an offer of one dwelling, the
tenancy that follows, the list of contracts ending soon and the letter about it; a case on
Boligutvalget's agenda; and whether a booked guidance time was held."""

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin import bp, current_actor
from admin.access import requires
from admin.forms.housing import (
    AgendaForm,
    AttendanceForm,
    EndTenancyForm,
    LetterForm,
    OfferForm,
    RenewTenancyForm,
    StartTenancyForm,
)
from portal.clock import today
from portal.db import db, utcnow
from portal.models import Tenancy
from portal.permissions import Permission
from portal.query_values import whole_number
from portal.services.casework import cases, workflow
from portal.services.guidance import booking
from portal.services.housing import dwellings, matching, meetings, offers, tenancies, waitlist
from portal.services.housing.offers import OfferRefused
from portal.services.housing.tenancies import TenancyRefused
from portal.services.information import contacts

OFFER_REFUSALS = {
    "not_vacant": _l("Boligen er ikke ledig lenger."),
    "taken": _l("Boligen eller husstanden har nettopp fått et annet tilbud."),
    "not_waiting": _l("Husstanden venter ikke på bolig nå."),
    "confirm_notes": _l(
        "Husstanden trenger oppfølging. Bekreft at du har vurdert brannrisikoen og nabolaget."
    ),
    "deadline": _l("Svarfristen må være fra 2 til 30 dager fram i tid."),
    "available_on": _l("Ledig-datoen må være fra i dag og innen ett år."),
    "not_open": _l("Tilbudet kan ikke endres nå."),
}
TENANCY_REFUSALS = {
    "not_accepted": _l("Innbyggeren har ikke takket ja til tilbudet."),
    "taken": _l("Noen bor allerede i boligen. Avslutt det leieforholdet først."),
    "dates": _l("Første dag må være innen fem år tilbake og ett år fram."),
    "years": _l("Velg hvor mange år kontrakten skal gjelde."),
    "ended": _l("Leieforholdet er allerede avsluttet."),
    "end_date": _l("Siste dag må være etter at leieforholdet startet, og innen ett år fram."),
    "reason": _l("Velg hvorfor leieforholdet slutter."),
    "dwelling_status": _l("Velg hva som skjer med boligen."),
    "already_warned": _l("Leietakeren har allerede fått brevet."),
}
OFFER_SENT = _l(
    "Tilbudet er sendt. Innbyggeren får beskjed på SMS eller e-post og svarer på sakssiden."
)
LETTER_SENT = _l("Det står på sakssiden, og leietakeren får beskjed på SMS eller e-post.")
AGENDA_REFUSALS = {
    "not_application": _l("Bare åpne søknader kan settes på sakslisten."),
    "on_agenda": _l("Saken står allerede på sakslisten til dette møtet."),
    "past": _l("Møtet har vært. Velg et senere møte."),
    "proposal": _l("Skriv høyst 4000 tegn."),
}


def _case(reference: str):
    return cases.find_by_reference(db.session, reference) or abort(404)


@bp.get("/cases/<reference>/dwellings")
@requires(Permission.HANDLE_CASES)
def dwellings_for_household(reference: str):
    case = _case(reference)
    need = waitlist.need_of_case(db.session, case)
    return render_template(
        "admin/allocation/dwellings_for.html",
        case=case,
        need=need,
        fits=matching.dwellings_for(db.session, need) if need else [],
    )


@bp.route("/dwellings/<int:dwelling_id>/offer/<int:need_id>", methods=["GET", "POST"])
@requires(Permission.HANDLE_CASES)
def offer_dwelling(dwelling_id: int, need_id: int):
    dwelling = dwellings.find(db.session, dwelling_id) or abort(404)
    need = waitlist.find(db.session, need_id) or abort(404)
    now = utcnow()
    if request.method == "GET":
        form = OfferForm(
            answer_by=today(now) + timedelta(days=offers.DEFAULT_ANSWER_DAYS),
            available_on=max(dwelling.available_on or today(now), today(now)),
        )
    else:
        form = OfferForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            offers.make_offer(
                db.session,
                dwelling,
                need,
                answer_by=form.answer_by.data,
                available_on=form.available_on.data,
                notes_confirmed=bool(form.notes_confirmed.data),
                actor=current_actor(),
                now=now,
            )
        except OfferRefused as refused:
            message = OFFER_REFUSALS.get(str(refused), OFFER_REFUSALS["not_open"])
            target = {"confirm_notes": form.notes_confirmed, "deadline": form.answer_by}.get(
                str(refused), form.available_on if str(refused) == "available_on" else None
            )
            (target.errors if target is not None else form.form_errors).append(message)
        else:
            flash(str(OFFER_SENT))
            return redirect(url_for(".show_case", reference=need.case.reference))
    fit = matching.Fit(
        need,
        dwelling,
        matching.reasons(
            need, dwelling, follow_up_nearby=matching.follow_up_neighbours(db.session, dwelling)
        ),
    )
    return render_template(
        "admin/allocation/offer.html",
        form=form,
        fit=fit,
        needs_confirmation=offers.needs_confirmed_notes(need),
    ), 400 if form.errors or form.form_errors else 200


def _back_to_case(case, message: str, kind: str = "message"):
    flash(message, kind)
    return redirect(url_for(".show_case", reference=case.reference) + "#housing-title")


@bp.post("/offers/<int:offer_id>/withdraw")
@requires(Permission.HANDLE_CASES)
def withdraw_offer(offer_id: int):
    offer = offers.find(db.session, offer_id) or abort(404)
    try:
        offers.withdraw(db.session, offer, actor=current_actor(), now=utcnow())
    except OfferRefused:
        return _back_to_case(offer.case, str(OFFER_REFUSALS["not_open"]), "error")
    return _back_to_case(offer.case, _("Tilbudet er trukket. Boligen er ledig igjen."))


@bp.post("/offers/<int:offer_id>/tenancy")
@requires(Permission.HANDLE_CASES)
def start_tenancy(offer_id: int):
    offer = offers.find(db.session, offer_id) or abort(404)
    form = StartTenancyForm(prefix="start")
    if not form.validate_on_submit():
        message = next(iter(form.errors.values()))[0]
        return _back_to_case(offer.case, str(message), "error")
    try:
        tenancies.start(
            db.session,
            offer,
            starts_on=form.starts_on.data,
            years=int(form.years.data),
            actor=current_actor(),
            now=utcnow(),
        )
    except TenancyRefused as refused:
        return _back_to_case(offer.case, str(TENANCY_REFUSALS[str(refused)]), "error")
    return _back_to_case(offer.case, _("Leieforholdet er registrert."))


def _tenancy(tenancy_id: int) -> Tenancy:
    return tenancies.find(db.session, tenancy_id) or abort(404)


@bp.post("/tenancies/<int:tenancy_id>/renew")
@requires(Permission.HANDLE_CASES)
def renew_tenancy(tenancy_id: int):
    tenancy = _tenancy(tenancy_id)
    form = RenewTenancyForm(prefix="renew")
    if not form.validate_on_submit():
        return _back_to_case(tenancy.case, str(TENANCY_REFUSALS["years"]), "error")
    try:
        tenancies.renew(
            db.session, tenancy, years=int(form.years.data), actor=current_actor(), now=utcnow()
        )
    except TenancyRefused as refused:
        return _back_to_case(tenancy.case, str(TENANCY_REFUSALS[str(refused)]), "error")
    return _back_to_case(tenancy.case, _("Kontrakten er fornyet."))


@bp.post("/tenancies/<int:tenancy_id>/end")
@requires(Permission.HANDLE_CASES)
def end_tenancy(tenancy_id: int):
    tenancy = _tenancy(tenancy_id)
    form = EndTenancyForm()
    if not form.validate_on_submit():
        message = next(iter(form.errors.values()))[0]
        return _back_to_case(tenancy.case, str(message), "error")
    try:
        tenancies.end(
            db.session,
            tenancy,
            ended_on=form.ended_on.data,
            reason=form.reason.data,
            dwelling_status=form.dwelling_status.data,
            actor=current_actor(),
            now=utcnow(),
        )
    except TenancyRefused as refused:
        return _back_to_case(tenancy.case, str(TENANCY_REFUSALS[str(refused)]), "error")
    return _back_to_case(tenancy.case, _("Leieforholdet er avsluttet."))


@bp.get("/tenancies/ending")
@requires(Permission.HANDLE_CASES)
def ending_tenancies():
    page = whole_number(request.args.get("page")) or 1
    return render_template(
        "admin/allocation/ending.html",
        ending=tenancies.ending_soon(db.session, now=utcnow(), page=page),
        today=today(utcnow()),
        page_url=lambda number: url_for(".ending_tenancies", page=number),
    )


def public_url(endpoint: str, **values) -> str:
    """A full address on the residents' site, for a message that leaves the portal."""
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return base.rstrip("/") + url_for(endpoint, **values)


@bp.post("/tenancies/<int:tenancy_id>/letter")
@requires(Permission.HANDLE_CASES)
def send_ending_letter(tenancy_id: int):
    tenancy = _tenancy(tenancy_id)
    form = LetterForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        tenancies.send_ending_letter(
            db.session,
            tenancy,
            book_url=public_url(
                "public.choose_time", lang=tenancy.case.language, topic="leie_til_eie"
            ),
            office_phone=contacts.urgent_contacts(db.session).office_phone,
            again=bool(form.again.data),
            actor=current_actor(),
            now=utcnow(),
        )
    except TenancyRefused as refused:
        flash(str(TENANCY_REFUSALS[str(refused)]), "error")
    else:
        queued = _("Brevet til %(name)s er lagt i kø.", name=tenancy.case.name)
        flash(f"{queued} {LETTER_SENT}")
    return redirect(url_for(".ending_tenancies") + f"#tenancy-{tenancy.id}")


@bp.post("/cases/<reference>/agenda")
@requires(Permission.HANDLE_CASES)
def put_on_agenda(reference: str):
    case = _case(reference)
    form = AgendaForm()
    upcoming = meetings.meetings(db.session, since=today(utcnow()))
    form.meeting.choices = [(str(m.id), str(m.meets_on)) for m in upcoming]
    if not form.validate_on_submit():
        message = next(iter(form.errors.values()))[0]
        return _back_to_case(case, str(message), "error")
    meeting = meetings.find(db.session, whole_number(form.meeting.data)) or abort(404)
    try:
        meetings.put_on_agenda(
            db.session,
            meeting,
            case,
            proposal=form.proposal.data or "",
            seen_version=form.version.data,
            actor=current_actor(),
            now=utcnow(),
        )
    except meetings.MeetingRefused as refused:
        return _back_to_case(case, str(AGENDA_REFUSALS[str(refused)]), "error")
    except workflow.CaseChanged:
        return _back_to_case(
            case, _("Saken ble endret av noen andre. Se gjennom den og prøv igjen."), "error"
        )
    return _back_to_case(case, _("Saken står på sakslisten til Boligutvalget."))


@bp.post("/cases/<reference>/attendance")
@requires(Permission.HANDLE_CASES)
def record_attendance(reference: str):
    case = _case(reference)
    found = booking.booking_of_case(db.session, case)
    form = AttendanceForm()
    if found is None:
        return _back_to_case(case, _("Saken har ingen bestilt time."), "error")
    if not form.validate_on_submit():
        return _back_to_case(case, _("Velg om timen ble holdt."), "error")
    try:
        booking.record_attendance(
            db.session, found, form.attendance.data, actor=current_actor(), now=utcnow()
        )
    except ValueError:
        return _back_to_case(case, _("Oppmøte kan registreres når timen har begynt."), "error")
    return _back_to_case(case, _("Oppmøtet er registrert."))

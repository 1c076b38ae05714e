"""The dwelling register: list, add, change and import dwellings, see one with its history,
and match it to the households waiting (offers: admin/allocation.py)."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from admin import bp, current_actor
from admin.access import requires
from admin.forms.housing import ANY, DwellingFilterForm, DwellingForm, EditDwellingForm, ImportForm
from portal.db import db, utcnow
from portal.errors import handle_http_exception
from portal.models import Dwelling
from portal.permissions import Permission, may
from portal.query_values import whole_number
from portal.rate_limits import accepts_files
from portal.services.housing import dwelling_import, dwellings, matching
from portal.services.housing.dwellings import DwellingInput, RegisterFilter

# What the service's problem codes mean, for the form and the import report.
PROBLEMS = {
    "address": _l("Skriv gateadressen, for eksempel Storgata 12."),
    "unit": _l("Bolignummeret kan ha høyst 20 tegn."),
    "postcode": _l("Skriv postnummeret med fire sifre."),
    "area": _l("Skriv hvilket område boligen ligger i."),
    "size_m2": _l("Størrelsen må være fra 10 til 400 kvadratmeter."),
    "bedrooms": _l("Antall soverom må være fra 0 til 8."),
    "floor": _l("Etasjen må være fra -1 til 30."),
    "monthly_rent": _l("Husleien må være fra 0 til 60 000 kroner."),
    "status": _l("Statusen finnes ikke."),
    "ownership": _l("Eierformen finnes ikke."),
    "suitable_for": _l("En av gruppene finnes ikke."),
    "reserved_for": _l("Gruppen finnes ikke."),
    "reserved_not_suitable": _l("En bolig kan bare holdes av for en gruppe den passer for."),
    "wheelchair_needs_step_free": _l("En bolig for rullestolbrukere må kunne nås uten trapper."),
    "notes": _l("Skriv høyst 2000 tegn."),
    "not_a_number": _l("Skriv et helt tall."),
    "missing": _l("Mangler."),
    "unknown_word": _l("Ukjent verdi. Se malen for hvilke ord som kan brukes."),
    "bad_date": _l("Skriv datoen slik: 2027-01-31 eller 31.01.2027."),
    "yes_no": _l("Skriv ja eller nei."),
    "address_taken": _l("Adressen finnes allerede i registeret."),
    "too_many_cells": _l("Raden har flere celler enn det er kolonner."),
}
FILE_PROBLEMS = {
    "too_large": _l("Filen er for stor. Den kan være høyst 2 MB."),
    "not_text": _l("Filen er ikke en CSV-fil. Lagre regnearket som CSV (UTF-8) og prøv igjen."),
    "empty": _l("Filen har ingen boliger."),
    "too_many_rows": _l("Filen har for mange rader. Del den opp i filer på høyst 5000 rader."),
}
TAKEN = _l("Det finnes allerede en bolig med denne adressen og dette bolignummeret.")
CHANGED = _l(
    "Boligen ble endret av noen andre mens du hadde den åpen. Se endringene og prøv igjen."
)
STATUS_REFUSED = _l(
    "Statusen passer ikke med boligen nå: noen bor der, eller den har et tilbud som venter på svar."
)


def problem_words(code: str) -> str:
    if code.startswith("duplicate:"):
        return _("Samme adresse som rad %(line)s.", line=code.split(":", 1)[1])
    return str(PROBLEMS.get(code, code))


def _dwelling(dwelling_id: int) -> Dwelling:
    return dwellings.find(db.session, dwelling_id) or abort(404)


def _filter_form() -> DwellingFilterForm:
    form = DwellingFilterForm(request.args)
    form.area.choices = [ANY] + [(a, a) for a in dwellings.areas(db.session)]
    if not form.validate():
        for field in form:
            if field.errors:
                field.data, field.errors = field.default, []
    return form


@bp.get("/dwellings")
@requires(Permission.HANDLE_CASES)
def dwelling_register():
    form = _filter_form()
    wanted = RegisterFilter(
        status=form.status.data or "",
        area=form.area.data or "",
        min_bedrooms=whole_number(form.bedrooms.data),
        step_free=bool(form.step_free.data),
        q=form.q.data or "",
        page=whole_number(request.args.get("page")) or 1,
    )
    page = dwellings.register(db.session, wanted)
    query = {key: value for key, value in request.args.items() if key != "page"}
    return render_template(
        "admin/dwellings/list.html",
        form=form,
        page=page,
        query=query,
        page_url=lambda number: url_for(".dwelling_register", **query, page=number),
        may_add=may(current_user.role_names, Permission.ADD_DWELLINGS),
        may_edit=may(current_user.role_names, Permission.EDIT_DWELLINGS),
    )


def _input(form: DwellingForm) -> DwellingInput:
    return DwellingInput(
        address=form.address.data,
        unit=form.unit.data or "",
        postcode=form.postcode.data,
        area=form.area.data,
        size_m2=form.size_m2.data,
        bedrooms=form.bedrooms.data,
        floor=form.floor.data,
        step_free=bool(form.step_free.data),
        suitable_for=tuple(form.suitable_for.data or ()),
        reserved_for=form.reserved_for.data or "",
        status=form.status.data,
        ownership=form.ownership.data,
        monthly_rent=form.monthly_rent.data,
        fire_safety_notes=form.fire_safety_notes.data or "",
        follow_up_notes=form.follow_up_notes.data or "",
        available_on=form.available_on.data,
    )


def _refused(form: DwellingForm, problems: dict[str, str]) -> None:
    for name, code in problems.items():
        getattr(form, name).errors.append(problem_words(code))


@bp.route("/dwellings/new", methods=["GET", "POST"])
@requires(Permission.ADD_DWELLINGS)
def add_dwelling():
    form = DwellingForm(formdata=None) if request.method == "GET" else DwellingForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            dwelling = dwellings.add(db.session, _input(form), actor=current_actor(), now=utcnow())
        except dwellings.InvalidDwelling as invalid:
            _refused(form, invalid.problems)
        except dwellings.AddressTaken:
            form.address.errors.append(TAKEN)
        else:
            flash(_("Boligen er lagt inn i registeret."))
            return redirect(url_for(".show_dwelling", dwelling_id=dwelling.id))
    return render_template(
        "admin/dwellings/form.html", form=form, dwelling=None, areas=dwellings.areas(db.session)
    ), 400 if form.errors else 200


@bp.route("/dwellings/<int:dwelling_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_DWELLINGS)
def edit_dwelling(dwelling_id: int):
    dwelling = _dwelling(dwelling_id)
    if request.method == "GET":
        facts = dwellings.as_input(dwelling)
        form = EditDwellingForm(obj=facts, version=dwelling.version)
        form.suitable_for.data = list(facts.suitable_for)
    else:
        form = EditDwellingForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            dwellings.change(
                db.session,
                dwelling,
                _input(form),
                seen_version=form.version.data,
                actor=current_actor(),
                now=utcnow(),
            )
        except dwellings.InvalidDwelling as invalid:
            _refused(form, invalid.problems)
        except dwellings.AddressTaken:
            form.address.errors.append(TAKEN)
        except dwellings.StatusNotAllowed:
            form.status.errors.append(STATUS_REFUSED)
        except dwellings.DwellingChanged:
            flash(str(CHANGED), "error")
            return redirect(url_for(".show_dwelling", dwelling_id=dwelling.id))
        else:
            flash(_("Boligen er endret."))
            return redirect(url_for(".show_dwelling", dwelling_id=dwelling.id))
    return render_template(
        "admin/dwellings/form.html", form=form, dwelling=dwelling, areas=dwellings.areas(db.session)
    ), 400 if form.errors else 200


@bp.get("/dwellings/<int:dwelling_id>")
@requires(Permission.HANDLE_CASES)
def show_dwelling(dwelling_id: int):
    dwelling = _dwelling(dwelling_id)
    open_offer = dwellings.open_offer(db.session, dwelling)
    can_match = dwelling.status == "vacant" and open_offer is None
    return render_template(
        "admin/dwellings/show.html",
        dwelling=dwelling,
        open_offer=open_offer,
        applicants=matching.applicants_for(db.session, dwelling) if can_match else None,
        history=dwellings.history(db.session, dwelling),
        may_edit=may(current_user.role_names, Permission.EDIT_DWELLINGS),
    )


@bp.route("/dwellings/import", methods=["GET", "POST"])
@accepts_files
@requires(Permission.EDIT_DWELLINGS)
def import_dwellings():
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            form.file.errors.append(_("Velg en CSV-fil."))
        else:
            content = upload.stream.read(dwelling_import.MAX_BYTES + 1)
            report = dwelling_import.check(db.session, content)
            if report.ok and request.form.get("action") == "import":
                try:
                    count = dwelling_import.import_all(
                        db.session, report, actor=current_actor(), now=utcnow()
                    )
                except dwelling_import.NotImportable:
                    report = dwelling_import.check(db.session, content)
                else:
                    flash(_("%(count)d boliger er lagt inn i registeret.", count=count))
                    return redirect(url_for(".dwelling_register"))
    return _import_page(form, report)


def _import_page(form, report, status=None):
    failed = report is not None and not report.ok
    return render_template(
        "admin/dwellings/import.html",
        form=form,
        report=report,
        columns=dwelling_import.COLUMNS,
        required=dwelling_import.REQUIRED,
        file_problems=FILE_PROBLEMS,
        problem_words=problem_words,
    ), status or (400 if failed or form.errors else 200)


@bp.errorhandler(RequestEntityTooLarge)
def import_too_large(error):
    """A file far over the limit never reaches the view: the import page says so itself."""
    if request.endpoint != "admin.import_dwellings":
        return handle_http_exception(error)
    report = dwelling_import.ImportReport(file_problem="too_large")
    return _import_page(ImportForm(formdata=None), report, status=413)


@bp.get("/dwellings/import/mal.csv")
@requires(Permission.EDIT_DWELLINGS)
def import_template():
    return Response(
        dwelling_import.TEMPLATE.encode("utf-8-sig"),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=boligregister-mal.csv"},
    )

"""Staff administration (admins only): people, their roles, and getting them back in."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin import bp, client_address
from admin.access import requires
from admin.forms.staff import NewStaffForm, RolesForm
from portal.db import db, utcnow
from portal.permissions import Permission
from portal.services.staff import staff_accounts
from portal.services.staff import two_factor as totp


def _person(staff_id: int):
    person = staff_accounts.get_staff(db.session, staff_id)
    if person is None:
        abort(404)
    return person


def _change(operation, person, **kwargs):
    operation(
        db.session,
        person,
        actor=current_user._get_current_object(),
        address=client_address(),
        now=utcnow(),
        **kwargs,
    )


@bp.get("/staff")
@requires(Permission.MANAGE_STAFF)
def staff_list():
    return render_template("admin/staff/list.html", people=staff_accounts.list_staff(db.session))


@bp.route("/staff/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_STAFF)
def new_staff():
    form = NewStaffForm()
    if form.validate_on_submit():
        try:
            person, token = staff_accounts.invite_staff(
                db.session,
                email=form.email.data,
                name=form.name.data,
                roles=form.roles.data or [],
                actor=current_user._get_current_object(),
                address=client_address(),
                now=utcnow(),
            )
        except staff_accounts.EmailTaken:
            form.email.errors.append(_("Det finnes allerede en ansatt med denne e-postadressen."))
        except staff_accounts.InvalidAccount:
            form.email.errors.append(_("Skriv en gyldig e-postadresse."))
        else:
            return _show_link(person, token, created=True)
    return render_template("admin/staff/new.html", form=form)


def _show_link(person, token: str, *, created: bool):
    link = url_for(".set_password", token=token, _external=True)
    return render_template("admin/staff/link.html", person=person, link=link, created=created)


@bp.get("/staff/<int:staff_id>")
@requires(Permission.MANAGE_STAFF)
def staff_person(staff_id: int):
    person = _person(staff_id)
    form = RolesForm(roles=sorted(person.role_names))
    return render_template("admin/staff/person.html", person=person, form=form)


@bp.post("/staff/<int:staff_id>/roles")
@requires(Permission.MANAGE_STAFF)
def change_roles(staff_id: int):
    person = _person(staff_id)
    form = RolesForm()
    if not form.validate_on_submit():
        return render_template("admin/staff/person.html", person=person, form=form), 400
    try:
        _change(staff_accounts.set_roles, person, roles=form.roles.data or [])
    except staff_accounts.NotAllowedOnYourself:
        flash(_("Du kan ikke fjerne din egen administratorrolle."), "error")
    else:
        flash(_("Rollene er lagret."))
    return redirect(url_for(".staff_person", staff_id=staff_id))


@bp.post("/staff/<int:staff_id>/deactivate")
@requires(Permission.MANAGE_STAFF)
def deactivate_staff(staff_id: int):
    person = _person(staff_id)
    try:
        _change(staff_accounts.deactivate, person)
    except staff_accounts.NotAllowedOnYourself:
        flash(_("Du kan ikke deaktivere deg selv."), "error")
    else:
        flash(_("%(name)s er deaktivert og logget ut.", name=person.name))
    return redirect(url_for(".staff_person", staff_id=staff_id))


@bp.post("/staff/<int:staff_id>/reactivate")
@requires(Permission.MANAGE_STAFF)
def reactivate_staff(staff_id: int):
    person = _person(staff_id)
    _change(staff_accounts.reactivate, person)
    flash(_("%(name)s kan logge inn igjen.", name=person.name))
    return redirect(url_for(".staff_person", staff_id=staff_id))


@bp.post("/staff/<int:staff_id>/password-link")
@requires(Permission.MANAGE_STAFF)
def password_link(staff_id: int):
    person = _person(staff_id)
    token = staff_accounts.issue_password_link(
        db.session,
        person,
        actor=current_user._get_current_object(),
        address=client_address(),
        now=utcnow(),
    )
    return _show_link(person, token, created=False)


@bp.post("/staff/<int:staff_id>/reset-two-factor")
@requires(Permission.MANAGE_STAFF)
def reset_two_factor(staff_id: int):
    person = _person(staff_id)
    _change(totp.reset, person)
    flash(
        _(
            "Tofaktor er nullstilt. %(name)s setter opp appen på nytt ved neste innlogging.",
            name=person.name,
        )
    )
    return redirect(url_for(".staff_person", staff_id=staff_id))

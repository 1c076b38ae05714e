"""The teams cases go to: admins add, rename and retire them."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired

from admin import bp, current_actor
from admin.access import requires
from portal.db import db, utcnow
from portal.forms.fields import at_most, strip
from portal.permissions import Permission
from portal.services.casework import teams


class TeamForm(FlaskForm):
    name = StringField(
        _l("Navn på teamet"),
        filters=[strip],
        validators=[DataRequired(message=_l("Skriv navnet på teamet.")), at_most(teams.MAX_NAME)],
    )
    active = BooleanField(_l("I bruk"), default=True)


TAKEN = _l("Det finnes allerede et team med dette navnet.")


@bp.route("/teams", methods=["GET", "POST"])
@requires(Permission.MANAGE_TEAMS)
def team_list():
    form = TeamForm(formdata=None) if request.method == "GET" else TeamForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            teams.add_team(db.session, form.name.data, actor=current_actor(), now=utcnow())
        except teams.TeamNameTaken:
            form.name.errors.append(TAKEN)
        else:
            flash(_("Teamet er lagt til."))
            return redirect(url_for(".team_list"))
    return render_template(
        "admin/teams/list.html", teams=teams.teams(db.session, active_only=False), form=form
    ), 400 if form.errors else 200


@bp.post("/teams/<int:team_id>")
@requires(Permission.MANAGE_TEAMS)
def change_team(team_id: int):
    form = TeamForm()
    if not form.validate_on_submit():
        flash(_("Skriv navnet på teamet."), "error")
        return redirect(url_for(".team_list"))
    try:
        teams.change_team(
            db.session,
            team_id,
            name=form.name.data,
            active=form.active.data,
            actor=current_actor(),
            now=utcnow(),
        )
    except LookupError:
        abort(404)
    except teams.TeamNameTaken:
        flash(str(TAKEN), "error")
    else:
        flash(_("Teamet er endret."))
    return redirect(url_for(".team_list"))

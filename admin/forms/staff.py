"""Forms of staff administration: a new person, their roles."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField
from wtforms.validators import InputRequired, Length, Regexp

from portal.forms.fields import CheckboxesField, select_choices
from portal.models.staff import Role


class RolesForm(FlaskForm):
    roles = CheckboxesField(_l("Roller"), choices=select_choices(Role))


class NewStaffForm(FlaskForm):
    name = StringField(
        _l("Navn"),
        validators=[InputRequired(message=_l("Skriv navnet.")), Length(max=200)],
    )
    email = EmailField(
        _l("E-post"),
        validators=[
            InputRequired(message=_l("Skriv e-postadressen.")),
            Length(max=254, message=_l("E-postadressen er for lang.")),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Skriv en gyldig e-postadresse.")),
        ],
    )
    roles = CheckboxesField(_l("Roller"), choices=select_choices(Role))

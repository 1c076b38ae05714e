"""Forms of staff administration: a new person, their roles."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

ROLE_CHOICES = [
    SelectChoice("caseworker", _l("Saksbehandler")),
    SelectChoice("editor", _l("Redaktør")),
    SelectChoice("admin", _l("Administrator")),
]


class RolesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RolesForm(FlaskForm):
    roles = RolesField(_l("Roller"), choices=ROLE_CHOICES)


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
    roles = RolesField(_l("Roller"), choices=ROLE_CHOICES)

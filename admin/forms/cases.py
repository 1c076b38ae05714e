"""Forms of the case queue: which cases to show, and moving a case on."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from portal.forms.fields import select_choices
from portal.models.case import CaseKind, CaseStatus
from portal.services.casework.cases import STAFF_STATUSES


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    kind = SelectField(
        _l("Type"),
        choices=[SelectChoice("", _l("Alle")), *select_choices(CaseKind)],
        default="",
    )
    show = SelectField(
        _l("Vis"),
        choices=[SelectChoice("open", _l("Åpne saker")), SelectChoice("all", _l("Alle saker"))],
        default="open",
    )


class CaseStatusForm(FlaskForm):
    status = RadioField(
        _l("Ny status"),
        choices=select_choices(CaseStatus, STAFF_STATUSES),
        validators=[InputRequired(message=_l("Velg ny status."))],
    )
    message = TextAreaField(
        _l("Melding til innbyggeren (valgfritt)"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[Length(max=2000, message=_l("Skriv høyst %(max)d tegn.", max=2000))],
    )

"""The audit log's filter: a GET form, so a filtered view is a link one can share."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    person = SelectField(_l("Person"), choices=[], validate_choice=False, default="")
    action = SelectField(_l("Hendelse"), choices=[], validate_choice=False, default="")
    from_date = DateField(
        _l("Fra og med dato"),
        validators=[Optional()],
        render_kw={"autocomplete": "off"},
    )
    to_date = DateField(
        _l("Til og med dato"),
        validators=[Optional()],
        render_kw={"autocomplete": "off"},
    )

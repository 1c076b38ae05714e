"""Forms of the application journey that are not its questions: a file, resuming, a reply.

The questions themselves are shared with the staff pages: portal/forms/application.py.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

from portal.forms.fields import at_most, select_choices, strip
from portal.forms.validators import NOT_ON_OFFER
from portal.models.application import AttachmentKind


class AttachmentForm(FlaskForm):
    kind = SelectField(
        _l("Hva slags dokument er det?"),
        choices=select_choices(
            AttachmentKind, [kind for kind in AttachmentKind if kind != AttachmentKind.REQUESTED]
        ),
        invalid_choice_message=NOT_ON_OFFER,
    )


class ResumeForm(FlaskForm):
    reference = StringField(
        _l("Referanse"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Skriv referansen. Den står på siden du skrev ut.")),
            at_most(30),
        ],
    )
    code = StringField(
        _l("Kode"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Skriv koden. Den står på siden du skrev ut.")),
            at_most(30),
        ],
    )


class MessageForm(FlaskForm):
    message = TextAreaField(
        _l("Svar til saksbehandleren"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Skriv meldingen.")),
            at_most(2000),
        ],
    )

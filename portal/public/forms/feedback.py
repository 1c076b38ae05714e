"""The form behind "Did you find what you were looking for?"."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length

from portal.forms.validators import NOT_ON_OFFER, LocalPath, NoIdentityNumber
from portal.services.information.feedback import COMMENT_MAX_LENGTH, PAGE_MAX_LENGTH


class FeedbackForm(FlaskForm):
    found_what_they_needed = RadioField(
        _l("Fant du det du lette etter?"),
        choices=[SelectChoice("yes", _l("Ja")), SelectChoice("no", _l("Nei"))],
        validators=[InputRequired(message=_l("Velg ja eller nei."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    comment = TextAreaField(
        _l("Hva kan vi gjøre bedre? (valgfritt)"),
        validators=[
            Length(
                max=COMMENT_MAX_LENGTH,
                message=_l("Skriv høyst %(max)d tegn.", max=COMMENT_MAX_LENGTH),
            ),
            NoIdentityNumber(),
        ],
    )
    page = HiddenField(validators=[Length(max=PAGE_MAX_LENGTH), LocalPath()])

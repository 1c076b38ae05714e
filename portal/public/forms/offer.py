"""The resident's answer to an offer of a dwelling."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from portal.forms.fields import at_most, strip
from portal.forms.validators import NOT_ON_OFFER
from portal.services.housing.offers import MAX_REASON


class OfferAnswerForm(FlaskForm):
    answer = RadioField(
        _l("Vil du ha boligen?"),
        choices=[
            SelectChoice("accept", _l("Ja, jeg vil ha boligen")),
            SelectChoice("decline", _l("Nei, jeg vil ikke ha boligen")),
        ],
        validators=[InputRequired(message=_l("Svar ja eller nei."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    reason = TextAreaField(
        _l("Hvis nei: hvorfor vil du ikke ha boligen?"),
        filters=[strip],
        validators=[at_most(MAX_REASON)],
    )

    def validate_reason(self, field: Field) -> None:
        if self.answer.data == "decline" and not field.data:
            raise ValidationError(_l("Skriv hvorfor du ikke vil ha boligen."))

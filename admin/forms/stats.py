"""Forms of the statistics pages: the year to show, and a start-loan decision to record."""

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, ValidationError

from portal.forms.fields import select_choices, strip
from portal.forms.validators import NOT_ON_OFFER
from portal.models.housing import StartLoanOutcome
from portal.services.housing.months import OSLO
from portal.services.housing.start_loans import FIRST_DAY, MAX_AMOUNT

DATE_MESSAGE = _l("Skriv datoen vedtaket ble fattet, slik: 2026-03-15.")
AMOUNT_MESSAGE = _l("Skriv beløpet i hele kroner, for eksempel 1 250 000.")
# How people write an amount: "1 250 000", "1.250.000", "1250000 kr", "1 250 000,-".
_AMOUNT_DECORATION = re.compile(r"[\s.\u00a0\u202f]|kr$|,-$")


class YearForm(FlaskForm):
    """A GET form: a year's statistics is an address one can keep or share."""

    class Meta:
        csrf = False

    year = SelectField(_l("År"), choices=[], validate_choice=False)


class DayField(DateField):
    """A date typed as 2026-03-15; anything else gets our own words."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(DATE_MESSAGE) from None


class StartLoanForm(FlaskForm):
    decided_on = DayField(
        _l("Vedtaksdato"),
        validators=[InputRequired(message=_l("Skriv datoen vedtaket ble fattet."))],
    )
    outcome = RadioField(
        _l("Vedtak"),
        choices=select_choices(StartLoanOutcome),
        validators=[InputRequired(message=_l("Velg om startlånet ble innvilget eller avslått."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    family_with_children = RadioField(
        _l("Er søkeren en barnefamilie?"),
        choices=[SelectChoice("yes", _l("Ja")), SelectChoice("no", _l("Nei"))],
        validators=[InputRequired(message=_l("Svar om søkeren er en barnefamilie."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    amount = StringField(_l("Lånebeløp i kroner (valgfritt)"), filters=[strip])

    def validate_decided_on(self, field) -> None:
        if field.data is not None and not FIRST_DAY <= field.data <= datetime.now(OSLO).date():
            raise ValidationError(_l("Skriv en dato fra 2000 til i dag."))

    def validate_amount(self, field) -> None:
        if not field.data:
            return
        if self.outcome.data == StartLoanOutcome.REJECTED:
            raise ValidationError(_l("Et avslag har ikke beløp. Ta bort beløpet."))
        if self.kroner is None:
            raise ValidationError(AMOUNT_MESSAGE)

    @property
    def kroner(self) -> int | None:
        """The amount as whole kroner, or None if none (or none that makes sense) was typed."""
        digits = _AMOUNT_DECORATION.sub("", (self.amount.data or "").lower())
        if not digits or len(digits) > 9 or not (digits.isascii() and digits.isdigit()):
            return None
        value = int(digits)
        return value if 0 < value <= MAX_AMOUNT else None

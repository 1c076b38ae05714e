"""The start-loan calculator's form: numbers as Norwegians write them (1 500 000, 4,9)."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, StringField
from wtforms.validators import ValidationError

from portal.query_values import whole_number
from portal.services.information.loan_calculator import (
    MAX_AMOUNT,
    MAX_RATE,
    MAX_YEARS,
    MIN_AMOUNT,
    MIN_YEARS,
)


def _digits(value: str) -> str:
    # Spaces (also non-breaking), dots and "kr" are how people group and mark thousands.
    return value.lower().replace("kr", "").replace("\u00a0", "").replace(" ", "").replace(".", "")


class WholeKroner:
    def __call__(self, form: Form, field: Field) -> None:
        raw = _digits(field.raw_data[0] if field.raw_data else "")
        if not raw:
            raise ValidationError(_l("Skriv hvor mye du vil låne."))
        if not (raw.isascii() and raw.isdigit()):
            raise ValidationError(_l("Skriv beløpet med tall, for eksempel 2 000 000."))
        # Longer than any amount on offer: out of range (and int() refuses thousands of digits).
        amount = int(raw) if len(raw) <= 12 else MAX_AMOUNT + 1
        if not MIN_AMOUNT <= amount <= MAX_AMOUNT:
            raise ValidationError(
                _l(
                    "Beløpet må være mellom %(low)s og %(high)s kroner.",
                    low=f"{MIN_AMOUNT:,}".replace(",", " "),
                    high=f"{MAX_AMOUNT:,}".replace(",", " "),
                )
            )
        field.parsed = amount


class WholeYears:
    def __call__(self, form: Form, field: Field) -> None:
        raw = (field.raw_data[0] if field.raw_data else "").strip()
        if not raw:
            raise ValidationError(_l("Skriv hvor mange år du vil betale ned lånet over."))
        years = whole_number(raw)
        if years is None or not MIN_YEARS <= years <= MAX_YEARS:
            raise ValidationError(
                _l(
                    "Skriv et helt antall år mellom %(low)d og %(high)d.",
                    low=MIN_YEARS,
                    high=MAX_YEARS,
                )
            )
        field.parsed = years


class Percent:
    def __call__(self, form: Form, field: Field) -> None:
        raw = (
            (field.raw_data[0] if field.raw_data else "").replace("%", "").replace(",", ".").strip()
        )
        if not raw:
            raise ValidationError(_l("Skriv renten i prosent."))
        try:
            rate = Decimal(raw)
        except InvalidOperation:
            raise ValidationError(_l("Skriv renten som et tall, for eksempel 4,9.")) from None
        if not rate.is_finite() or not Decimal(0) <= rate <= MAX_RATE:
            raise ValidationError(_l("Renten må være mellom 0 og %(high)s prosent.", high=MAX_RATE))
        field.parsed = rate


class CalculatorForm(Form):
    """A GET form: nothing is stored, and the address can be shared or bookmarked.

    Each field keeps the text as typed (shown again as it was) and, once valid,
    the number it means in `field.parsed`.
    """

    amount = StringField(_l("Hvor mye vil du låne?"), validators=[WholeKroner()])
    years = StringField(_l("Hvor mange år skal du betale ned?"), validators=[WholeYears()])
    rate = StringField(_l("Rente i prosent"), validators=[Percent()])

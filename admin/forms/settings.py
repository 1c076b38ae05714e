"""The settings editors keep right: numbers for urgent help and Husbanken's rate."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, EmailField, IntegerField, StringField
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

PHONE = Regexp(
    r"^\+?[0-9 ]{3,20}$", message=_l("Skriv telefonnummeret med sifre, for eksempel 55 55 33 33.")
)
CLOCK = Regexp(
    r"^([01][0-9]|2[0-3])[:.][0-5][0-9]$", message=_l("Skriv klokkeslettet slik: 09:00.")
)


TEXT_BOX = {"min": False, "max": False, "step": False}


class CommaDecimalField(DecimalField):
    """A decimal number written the Norwegian way (4,9) or with a point (4.9)."""

    def process_formdata(self, valuelist):
        super().process_formdata([value.replace(",", ".").strip() for value in valuelist])


class SettingsForm(FlaskForm):
    nav_phone = StringField(
        _l("Navs telefonnummer"),
        validators=[InputRequired(message=_l("Skriv Navs telefonnummer.")), PHONE],
    )
    nav_opens = StringField(_l("Nav åpner (valgfritt)"), validators=[Optional(), CLOCK])
    nav_closes = StringField(_l("Nav stenger (valgfritt)"), validators=[Optional(), CLOCK])
    out_of_hours_phone = StringField(
        _l("Kommunens vakttelefon utenom åpningstid (valgfritt)"),
        validators=[Optional(), PHONE],
    )
    office_phone = StringField(_l("Kommunens telefonnummer"), validators=[Optional(), PHONE])
    office_email = EmailField(
        _l("Kommunens e-postadresse"),
        validators=[
            Optional(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Skriv en gyldig e-postadresse.")),
        ],
    )
    rate_percent = CommaDecimalField(
        _l("Husbankens rente for startlån, i prosent"),
        places=None,
        invalid_value_message=_l("Skriv renten som et tall, for eksempel 4,9."),
        # A text box (4,9 with a comma): number-box attributes would be invalid HTML.
        render_kw=TEXT_BOX,
        validators=[
            InputRequired(message=_l("Skriv renten.")),
            NumberRange(min=0, max=25, message=_l("Renten må være mellom 0 og 25 prosent.")),
        ],
    )
    answer_weeks = IntegerField(
        _l("Innen hvor mange uker får søkere om kommunal bolig vanligvis svar?"),
        render_kw=TEXT_BOX,
        validators=[
            InputRequired(message=_l("Skriv antall uker.")),
            NumberRange(min=1, max=26, message=_l("Skriv et tall fra 1 til 26.")),
        ],
    )
    rate_as_of = DateField(
        _l("Renten gjelder fra"),
        validators=[InputRequired(message=_l("Skriv datoen renten gjelder fra."))],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Half an opening time would read as a promise nobody made.
        opens, closes = (self.nav_opens.data or "").strip(), (self.nav_closes.data or "").strip()
        if bool(opens) != bool(closes):
            missing = self.nav_closes if opens else self.nav_opens
            missing.errors = [
                *missing.errors,
                _l("Skriv både når Nav åpner og når Nav stenger, eller la begge stå tomme."),
            ]
            return False
        return valid

"""Forms of the guidance booking (details, call-back) and of the case lookup, and the
residents' words about each topic (a hint, what to bring)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from portal.forms.fields import at_most, select_choices, strip, strip_but_lines
from portal.forms.validators import NOT_ON_OFFER, EmailAddress, NoIdentityNumber, PhoneNumber
from portal.models.booking import CallbackTime, Topic

TOPIC_HINTS = {
    "bostotte": _l("Hvem som kan få bostøtte, og hjelp til å søke."),
    "startlan": _l("Lån til å kjøpe bolig når banken sier nei."),
    "kommunal_bolig": _l("Å søke om å leie en bolig av kommunen."),
    "okonomi": _l("Budsjett, regninger du ikke klarer å betale, og gjeld."),
    "leie_til_eie": _l("Veien fra å leie til å eie din egen bolig."),
    "annet": _l("Alt annet om å få eller beholde en bolig."),
}
# What the resident should have at hand, by topic.
WHAT_TO_BRING = {
    "bostotte": _l(
        "Lønnsslipper eller andre inntekter for de siste tre månedene, og husleiekontrakten."
    ),
    "startlan": _l(
        "Siste skattemelding, lønnsslipper for de siste tre månedene, "
        "og svar fra banken hvis du har søkt om lån."
    ),
    "kommunal_bolig": _l(
        "Oversikt over inntektene dine, og husleiekontrakt eller oppsigelse hvis du har det."
    ),
    "okonomi": _l(
        "Oversikt over inntekter, faste utgifter, regninger og gjeld. "
        "Ta med brev fra inkasso hvis du har fått det."
    ),
    "leie_til_eie": _l("Siste skattemelding og oversikt over inntekter og gjeld."),
    "annet": _l("Papirer som har med saken å gjøre, hvis du har noen."),
}


class BookingDetailsForm(FlaskForm):
    name = StringField(
        _l("Navn"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Skriv navnet ditt.")),
            Length(max=200, message=_l("Skriv høyst %(max)d tegn.", max=200)),
        ],
    )
    phone = StringField(
        _l("Telefonnummer"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Skriv telefonnummeret ditt.")),
            at_most(30),
            PhoneNumber(),
        ],
    )
    email = StringField(
        _l("E-post (valgfritt)"),
        filters=[strip_but_lines],
        validators=[at_most(254), EmailAddress()],
    )
    about = TextAreaField(
        _l("Hva vil du snakke om? (valgfritt)"),
        filters=[strip],
        validators=[
            Length(max=2000, message=_l("Skriv høyst %(max)d tegn.", max=2000)),
            NoIdentityNumber(),
        ],
    )
    interpreter = RadioField(
        _l("Trenger du tolk?"),
        # Ja before Nei, as in every yes/no question of the portal.
        choices=[SelectChoice("yes", _l("Ja")), SelectChoice("no", _l("Nei"))],
        validators=[InputRequired(message=_l("Svar om du trenger tolk."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    interpreter_language = StringField(
        _l("Hvis ja: hvilket språk skal tolken snakke?"),
        filters=[strip],
        validators=[Length(max=60, message=_l("Skriv høyst %(max)d tegn.", max=60))],
    )
    accessibility_needs = TextAreaField(
        _l("Trenger du tilrettelegging? (valgfritt)"),
        filters=[strip],
        validators=[
            Length(max=1000, message=_l("Skriv høyst %(max)d tegn.", max=1000)),
            NoIdentityNumber(),
        ],
    )

    def validate_interpreter_language(self, field: Field) -> None:
        if self.interpreter.data == "yes" and not field.data:
            raise ValidationError(_l("Skriv hvilket språk tolken skal snakke."))


class CallbackForm(FlaskForm):
    topic = RadioField(
        _l("Hva gjelder det?"),
        choices=select_choices(Topic),
        validators=[InputRequired(message=_l("Velg hva det gjelder."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    name = BookingDetailsForm.name
    phone = BookingDetailsForm.phone
    preferred_time = RadioField(
        _l("Når passer det best at vi ringer?"),
        choices=select_choices(CallbackTime),
        validators=[InputRequired(message=_l("Velg når det passer at vi ringer."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    about = BookingDetailsForm.about


class CaseLookupForm(FlaskForm):
    reference = StringField(
        _l("Saksnummer"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Skriv saksnummeret. Det står på kvitteringen.")),
            at_most(30),
        ],
    )
    code = StringField(
        _l("Kode"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Skriv koden. Den står på kvitteringen.")),
            at_most(30),
        ],
    )

"""The questions of the housing application, one form per page, with their words.

Both faces read them: residents answer them (portal/public/apply.py), and staff read
the answers under the labels the resident saw (portal/forms/answers.py). The pages and
their order are services/casework/applications.py's STEPS; FORMS and TITLES follow it.
"""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from portal.forms.fields import CheckboxesField, at_most, strip
from portal.forms.validators import NOT_ON_OFFER, EmailAddress, NoIdentityNumber, PhoneNumber
from portal.services.casework import identity_numbers

YES_NO = [SelectChoice("yes", _l("Ja")), SelectChoice("no", _l("Nei"))]
NOT_HERE = _l("Ikke skriv fødselsnummer her. Det står allerede på første side.")


def _text(label, *, max_length=200, required=None, **kwargs) -> StringField:
    validators = [InputRequired(message=required)] if required else [Optional()]
    validators += [at_most(max_length), NoIdentityNumber(NOT_HERE)]
    return StringField(label, filters=[strip], validators=validators, **kwargs)


def _long_text(label, *, max_length=2000) -> TextAreaField:
    return TextAreaField(
        label,
        filters=[strip],
        validators=[Optional(), at_most(max_length), NoIdentityNumber(NOT_HERE)],
    )


def _yes_no(label, required) -> RadioField:
    return RadioField(
        label,
        choices=YES_NO,
        validators=[InputRequired(message=required)],
        invalid_choice_message=NOT_ON_OFFER,
    )


def _checkboxes(label, choices: dict) -> CheckboxesField:
    return CheckboxesField(
        label,
        choices=[SelectChoice(value, name) for value, name in choices.items()],
        validators=[Optional()],
    )


LANGUAGE_NAMES = {
    "nb": _l("Norsk"),
    "en": _l("Engelsk"),
    "uk": _l("Ukrainsk"),
    "ar": _l("Arabisk"),
    "so": _l("Somali"),
    "ti": _l("Tigrinja"),
    "pl": _l("Polsk"),
    "lt": _l("Litauisk"),
    "other": _l("Et annet språk"),
}


class AboutYouForm(FlaskForm):
    name = _text(_l("Fullt navn"), required=_l("Skriv navnet ditt."))
    identity_number = StringField(
        _l("Fødselsnummer eller D-nummer"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Skriv fødselsnummeret eller D-nummeret ditt.")),
            at_most(20),
        ],
    )
    phone = StringField(
        _l("Telefonnummer"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Skriv telefonnummeret ditt.")),
            at_most(30),
            PhoneNumber(),
        ],
    )
    email = StringField(
        _l("E-post (valgfritt)"),
        filters=[lambda v: v.strip(" \t") if isinstance(v, str) else v],
        validators=[at_most(254), EmailAddress()],
    )
    language = SelectField(
        _l("Hvilket språk vil du helst bruke med oss?"),
        choices=[SelectChoice(value, name) for value, name in LANGUAGE_NAMES.items()],
        default="nb",
        invalid_choice_message=NOT_ON_OFFER,
    )
    interpreter = _yes_no(_l("Trenger du tolk?"), _l("Svar om du trenger tolk."))
    interpreter_language = _text(_l("Hvis ja: hvilket språk skal tolken snakke?"), max_length=60)

    def validate_identity_number(self, field: Field) -> None:
        try:
            identity_numbers.parse(field.data or "")
        except identity_numbers.InvalidIdentityNumber as invalid:
            raise ValidationError(IDENTITY_NUMBER_MESSAGES[invalid.reason]) from None

    def validate_interpreter_language(self, field: Field) -> None:
        if self.interpreter.data == "yes" and not field.data:
            raise ValidationError(_l("Skriv hvilket språk tolken skal snakke."))


IDENTITY_NUMBER_MESSAGES = {
    "format": _l("Fødselsnummeret og D-nummeret har 11 sifre. Skriv bare sifre."),
    "check_digits": _l("Dette er ikke et gyldig nummer. Sjekk at alle sifrene er riktige."),
    "date": _l(
        "De seks første sifrene må være en fødselsdato, for eksempel 010190 for 1. januar 1990."
    ),
}


class HouseholdForm(FlaskForm):
    adults_birth_years = _text(
        _l("Fødselsår for andre voksne som skal bo med deg (valgfritt)"), max_length=100
    )
    children_birth_years = _text(
        _l("Fødselsår for barn som skal bo med deg (valgfritt)"), max_length=100
    )
    expecting_child = _yes_no(
        _l("Venter du eller noen i husstanden barn?"), _l("Svar om dere venter barn.")
    )
    shared_custody = RadioField(
        _l("Har du delt omsorg for noen av barna?"),
        choices=YES_NO,
        validators=[Optional()],
        invalid_choice_message=NOT_ON_OFFER,
    )

    def validate_adults_birth_years(self, field: Field) -> None:
        if birth_years(field.data or "", youngest=16, oldest=110) is None:
            raise ValidationError(
                _l("Skriv fødselsårene med fire sifre og komma mellom, for eksempel 1985, 1990.")
            )

    def validate_children_birth_years(self, field: Field) -> None:
        years = birth_years(field.data or "")
        if years is None:
            raise ValidationError(
                _l("Skriv fødselsårene med fire sifre og komma mellom, for eksempel 2015, 2019.")
            )


def birth_years(typed: str, youngest: int = 0, oldest: int = 25) -> list[int] | None:
    """ "2015, 2019" → [2015, 2019]; None when a year is not plausible for the age range
    (a child by default: born this year or up to 25 years ago)."""
    parts = [part for part in typed.replace(";", ",").replace(" ", ",").split(",") if part]
    this_year = date.today().year
    first, last = this_year - oldest, this_year - youngest
    if not all(len(part) == 4 and part.isdigit() and first <= int(part) <= last for part in parts):
        return None
    return [int(part) for part in parts]


SITUATION_NAMES = {
    "homeless": _l("Jeg har ikke et sted å sove i natt"),
    "temporary": _l("Jeg bor midlertidig, for eksempel på hotell, campingplass eller krisesenter"),
    "renting": _l("Jeg leier"),
    "owning": _l("Jeg eier boligen jeg bor i"),
    "family_friends": _l("Jeg bor hos familie eller venner"),
    "institution": _l("Jeg bor på en institusjon eller i fengsel"),
    "aftercare": _l("Jeg får ettervern fra barnevernet"),
}


class HousingForm(FlaskForm):
    situation = RadioField(
        _l("Hvordan bor du nå?"),
        choices=[SelectChoice(value, name) for value, name in SITUATION_NAMES.items()],
        validators=[InputRequired(message=_l("Velg det som passer best for deg nå."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    at_risk = _yes_no(
        _l("Står du i fare for å miste stedet du bor?"),
        _l("Svar om du står i fare for å miste stedet du bor."),
    )


class EvictionForm(FlaskForm):
    must_move_by = DateField(
        _l("Når må du flytte?"),
        validators=[InputRequired(message=_l("Skriv datoen slik: 2026-12-31."))],
    )
    reason = _long_text(_l("Hvorfor må du flytte? (valgfritt)"), max_length=1000)

    def validate_must_move_by(self, field: Field) -> None:
        today = date.today()
        if not today - timedelta(days=365) <= field.data <= today + timedelta(days=3 * 365):
            raise ValidationError(_l("Skriv en dato innenfor ett år tilbake og tre år fram."))


ACCESS_NAMES = {
    "step_free": _l("Bolig uten trapper"),
    "wheelchair": _l("Plass til rullestol"),
    "other": _l("Annen tilpasning"),
}


class NeedsForm(FlaskForm):
    bedrooms = SelectField(
        _l("Hvor mange soverom trenger dere?"),
        choices=[SelectChoice(str(n), str(n)) for n in range(1, 6)],
        default="2",
        invalid_choice_message=NOT_ON_OFFER,
    )
    access = _checkboxes(_l("Trenger du en tilpasset bolig? (valgfritt)"), ACCESS_NAMES)
    access_other = _text(_l("Hvis annen tilpasning: hva trenger du?"), max_length=300)
    areas = _text(_l("Er det steder i kommunen du vil eller må bo? (valgfritt)"), max_length=300)
    area_reason = _long_text(_l("Hvorfor? (valgfritt)"), max_length=1000)
    pets = _yes_no(_l("Har du husdyr?"), _l("Svar om du har husdyr."))
    pets_which = _text(_l("Hvis ja: hvilke dyr?"), max_length=200)


HEALTH_NAMES = {
    "follow_up": _l("Jeg trenger hjelp for å klare å bo"),
    "rop": _l("Jeg har utfordringer med rus eller psykisk helse"),
    "disability": _l("Jeg har nedsatt funksjonsevne"),
}


class HealthForm(FlaskForm):
    needs = _checkboxes(_l("Gjelder noe av dette deg? (valgfritt)"), HEALTH_NAMES)
    details = _long_text(_l("Vil du fortelle mer? (valgfritt)"))
    consent = BooleanField(
        _l(
            "Jeg samtykker i at kommunen bruker disse opplysningene om helse "
            "for å behandle søknaden."
        )
    )

    def validate_consent(self, field: Field) -> None:
        if (self.needs.data or self.details.data) and not field.data:
            raise ValidationError(
                _l("Kryss av for samtykke, eller hopp over spørsmålene om helse.")
            )


INCOME_NAMES = {
    "work": _l("Lønn"),
    "nav": _l("Penger fra Nav (for eksempel arbeidsavklaringspenger eller dagpenger)"),
    "disability_benefit": _l("Uføretrygd"),
    "pension": _l("Pensjon"),
    "social_assistance": _l("Sosialhjelp"),
    "student": _l("Studielån eller stipend"),
    "other": _l("Annen inntekt"),
    "none": _l("Ingen inntekt"),
}
INCOME_BAND_NAMES = {
    "under_15": _l("Under 15 000 kroner"),
    "15_25": _l("15 000–25 000 kroner"),
    "25_35": _l("25 000–35 000 kroner"),
    "35_50": _l("35 000–50 000 kroner"),
    "over_50": _l("Over 50 000 kroner"),
}
BOSTOTTE_NAMES = {
    "yes": _l("Ja"),
    "no": _l("Nei"),
    "not_sure": _l("Vet ikke"),
}


class EconomyForm(FlaskForm):
    income_sources = _checkboxes(_l("Hva lever du av?"), INCOME_NAMES)
    income_band = RadioField(
        _l("Hvor mye har husstanden til sammen hver måned, før skatt?"),
        choices=[SelectChoice(value, name) for value, name in INCOME_BAND_NAMES.items()],
        validators=[InputRequired(message=_l("Velg omtrent hvor mye dere har hver måned."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    payment_problems = _yes_no(
        _l("Har du gjeld eller regninger du ikke klarer å betale?"),
        _l("Svar om du har gjeld eller regninger du ikke klarer å betale."),
    )
    bostotte = RadioField(
        _l("Har du søkt om bostøtte?"),
        choices=[SelectChoice(value, name) for value, name in BOSTOTTE_NAMES.items()],
        validators=[InputRequired(message=_l("Svar om du har søkt om bostøtte."))],
        invalid_choice_message=NOT_ON_OFFER,
    )

    def validate_income_sources(self, field: Field) -> None:
        if not field.data:
            raise ValidationError(_l("Velg minst ett svar. Velg «Ingen inntekt» hvis det passer."))


CONTACT_NAMES = {
    "nav": _l("Nav"),
    "landlord": _l("Den jeg leier av nå"),
    "doctor": _l("Fastlegen min"),
    "child_welfare": _l("Barnevernet"),
    "follow_up": _l("Tjenester som følger meg opp i dag"),
}


class ConsentsForm(FlaskForm):
    may_contact = _checkboxes(
        _l("Hvem kan kommunen kontakte for å få flere opplysninger? (valgfritt)"), CONTACT_NAMES
    )
    declaration = BooleanField(
        _l(
            "Jeg bekrefter at det jeg har skrevet, er riktig, "
            "og at jeg sier fra hvis noe endrer seg."
        ),
        validators=[InputRequired(message=_l("Du må bekrefte at opplysningene er riktige."))],
    )


# The pages of services/casework/applications.py's STEPS that ask questions, in order.
FORMS = {
    "about_you": AboutYouForm,
    "household": HouseholdForm,
    "housing": HousingForm,
    "eviction": EvictionForm,
    "needs": NeedsForm,
    "health": HealthForm,
    "economy": EconomyForm,
    "consents": ConsentsForm,
}
TITLES = {
    "about_you": _l("Om deg"),
    "household": _l("Hvem skal bo sammen med deg?"),
    "housing": _l("Hvordan bor du nå?"),
    "eviction": _l("Når må du flytte?"),
    "needs": _l("Hva slags bolig trenger du?"),
    "health": _l("Helse og behov for oppfølging"),
    "economy": _l("Økonomi"),
    "consents": _l("Samtykke og bekreftelse"),
    "attachments": _l("Vedlegg"),
}

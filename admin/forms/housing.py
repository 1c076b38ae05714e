"""Forms of allocation: the dwelling register, offers, tenancies, Boligutvalget's meetings,
and whether a booked guidance time was held."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, Regexp

from admin.forms.cases import VersionedForm
from portal.forms.fields import CheckboxesField, at_most, one_line, select_choices, strip
from portal.forms.validators import NOT_ON_OFFER
from portal.models.booking import Attendance
from portal.models.housing import (
    BEDROOMS,
    FLOORS,
    RENT,
    SIZE_M2,
    DwellingStatus,
    Group,
    Ownership,
    TenancyEnd,
)
from portal.services.housing import dwellings, meetings, tenancies

ANY = SelectChoice("", _l("Alle"))
DATE_MESSAGE = _l("Skriv datoen slik: 2027-01-31.")


def _whole(label, limits, message, *, required=True):
    return IntegerField(
        label,
        validators=[
            InputRequired(message=message) if required else Optional(),
            NumberRange(min=limits[0], max=limits[1], message=message),
        ],
    )


class DwellingFilterForm(FlaskForm):
    """A GET form: a filtered register is an address one can keep."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Søk etter adresse eller område"), filters=[one_line], validators=[at_most(100)]
    )
    status = SelectField(_l("Status"), choices=[ANY, *select_choices(DwellingStatus)], default="")
    area = SelectField(_l("Område"), choices=[], default="", validate_choice=False)
    bedrooms = SelectField(
        _l("Minst antall soverom"),
        choices=[ANY, *[SelectChoice(str(n), str(n)) for n in range(1, 6)]],
        default="",
    )
    step_free = BooleanField(_l("Bare uten trapper"))


class DwellingForm(FlaskForm):
    address = StringField(
        _l("Gateadresse"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Skriv gateadressen, for eksempel Storgata 12.")),
            at_most(dwellings.MAX_ADDRESS),
        ],
    )
    unit = StringField(
        _l("Bolignummer (valgfritt)"), filters=[strip], validators=[at_most(dwellings.MAX_UNIT)]
    )
    postcode = StringField(
        _l("Postnummer"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Skriv postnummeret med fire sifre.")),
            Regexp(r"^\d{4}$", message=_l("Skriv postnummeret med fire sifre.")),
        ],
    )
    area = StringField(
        _l("Område i kommunen"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Skriv hvilket område boligen ligger i.")),
            at_most(dwellings.MAX_AREA),
        ],
    )
    size_m2 = _whole(
        _l("Størrelse (kvadratmeter)"),
        SIZE_M2,
        _l(
            "Skriv størrelsen i hele kvadratmeter, fra %(min)d til %(max)d.",
            min=SIZE_M2[0],
            max=SIZE_M2[1],
        ),
    )
    bedrooms = _whole(
        _l("Soverom"),
        BEDROOMS,
        _l("Skriv antall soverom, fra %(min)d til %(max)d.", min=BEDROOMS[0], max=BEDROOMS[1]),
    )
    floor = _whole(
        _l("Etasje"),
        FLOORS,
        _l("Skriv etasjen som et tall, fra %(min)d til %(max)d.", min=FLOORS[0], max=FLOORS[1]),
    )
    step_free = BooleanField(_l("Boligen kan nås uten trapper (heis teller)"))
    suitable_for = CheckboxesField(_l("Passer for"), choices=select_choices(Group))
    reserved_for = SelectField(
        _l("Holdt av for en gruppe"),
        choices=[SelectChoice("", _l("Ingen")), *select_choices(Group)],
        default="",
        invalid_choice_message=NOT_ON_OFFER,
    )
    status = RadioField(
        _l("Status"),
        choices=select_choices(DwellingStatus),
        default=DwellingStatus.VACANT.value,
        validators=[InputRequired(message=_l("Velg status."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    ownership = RadioField(
        _l("Eierform"),
        choices=select_choices(Ownership),
        default=Ownership.OWNED.value,
        validators=[InputRequired(message=_l("Velg eierform."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    monthly_rent = _whole(
        _l("Husleie per måned (kroner)"),
        RENT,
        _l("Skriv husleien i hele kroner, fra %(min)d til %(max)d.", min=RENT[0], max=RENT[1]),
    )
    available_on = DateField(_l("Ledig fra (valgfritt)"), validators=[Optional()])
    fire_safety_notes = TextAreaField(
        _l("Brannvern"), filters=[strip], validators=[at_most(dwellings.MAX_NOTES)]
    )
    follow_up_notes = TextAreaField(
        _l("Oppfølging i nabolaget"), filters=[strip], validators=[at_most(dwellings.MAX_NOTES)]
    )


class EditDwellingForm(DwellingForm, VersionedForm):
    pass


class ImportForm(FlaskForm):
    file = FileField(_l("CSV-fil med boligregisteret"))


class OfferForm(FlaskForm):
    answer_by = DateField(_l("Svarfrist"), validators=[InputRequired(message=DATE_MESSAGE)])
    available_on = DateField(_l("Ledig fra"), validators=[InputRequired(message=DATE_MESSAGE)])
    notes_confirmed = BooleanField(
        _l("Jeg har vurdert brannrisikoen og oppfølgingen i nabolaget for denne husstanden")
    )


YEAR_CHOICES = [SelectChoice(str(y), str(y)) for y in tenancies.YEARS]


class StartTenancyForm(FlaskForm):
    starts_on = DateField(
        _l("Første dag i leieforholdet"), validators=[InputRequired(message=DATE_MESSAGE)]
    )
    years = SelectField(
        _l("Antall år"),
        choices=YEAR_CHOICES,
        default=str(tenancies.DEFAULT_YEARS),
        invalid_choice_message=NOT_ON_OFFER,
    )


class RenewTenancyForm(FlaskForm):
    years = SelectField(
        _l("Ny kontrakt, antall år"),
        choices=YEAR_CHOICES,
        default=str(tenancies.DEFAULT_YEARS),
        invalid_choice_message=NOT_ON_OFFER,
    )


class EndTenancyForm(FlaskForm):
    ended_on = DateField(
        _l("Siste dag i leieforholdet"), validators=[InputRequired(message=DATE_MESSAGE)]
    )
    reason = RadioField(
        _l("Hvorfor slutter leieforholdet?"),
        choices=select_choices(TenancyEnd, [TenancyEnd.MOVED_OUT, TenancyEnd.TERMINATED]),
        validators=[InputRequired(message=_l("Velg hvorfor leieforholdet slutter."))],
        invalid_choice_message=NOT_ON_OFFER,
    )
    dwelling_status = RadioField(
        _l("Boligen etterpå"),
        choices=select_choices(
            DwellingStatus,
            [DwellingStatus.VACANT, DwellingStatus.RENOVATION, DwellingStatus.NOT_IN_USE],
        ),
        default=DwellingStatus.VACANT.value,
        validators=[InputRequired(message=_l("Velg hva som skjer med boligen."))],
        invalid_choice_message=NOT_ON_OFFER,
    )


class MeetingForm(FlaskForm):
    meets_on = DateField(_l("Dato for møtet"), validators=[InputRequired(message=DATE_MESSAGE)])
    place = StringField(
        _l("Sted (valgfritt)"), filters=[strip], validators=[at_most(meetings.MAX_PLACE)]
    )


class AgendaForm(VersionedForm):
    meeting = SelectField(
        _l("Møte"),
        choices=[],
        validators=[InputRequired(message=_l("Velg et møte."))],
        invalid_choice_message=_l("Velg et av møtene i listen."),
    )
    proposal = TextAreaField(
        _l("Forslag til vedtak (bare for utvalget)"),
        filters=[strip],
        validators=[at_most(meetings.MAX_PROPOSAL)],
    )


class AttendanceForm(FlaskForm):
    attendance = RadioField(
        _l("Ble timen holdt?"),
        choices=select_choices(Attendance),
        validators=[InputRequired(message=_l("Velg om timen ble holdt."))],
        invalid_choice_message=NOT_ON_OFFER,
    )


class LetterForm(FlaskForm):
    """One click: queue the letter (again, when the tenant was already warned)."""

    again = BooleanField()


def case_forms(case, housing, *, upcoming) -> dict[str, FlaskForm]:
    """The housing forms of a case page, filled from the case as it is now."""
    forms = {
        "agenda": AgendaForm(formdata=None, version=case.version),
        "renew": RenewTenancyForm(formdata=None, prefix="renew"),
        "end": EndTenancyForm(formdata=None),
        "attendance": AttendanceForm(formdata=None),
    }
    forms["agenda"].meeting.choices = [(str(m.id), m.meets_on.isoformat()) for m in upcoming]
    if housing.accepted is not None:
        years = str(housing.need.tenancy_years) if housing.need else None
        forms["start"] = StartTenancyForm(
            formdata=None, prefix="start", starts_on=housing.accepted.available_on, years=years
        )
    return forms

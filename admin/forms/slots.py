"""Forms of guidance times: one time or a weekly series, and the day to show."""

from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from admin.forms.settings import CLOCK
from portal.forms.fields import CheckboxesField, select_choices
from portal.models.booking import Channel, Topic
from portal.services.guidance.guidance_slots import MAX_SERIES_WEEKS

WEEKDAY_NAMES = [
    _l("mandag"),
    _l("tirsdag"),
    _l("onsdag"),
    _l("torsdag"),
    _l("fredag"),
    _l("lørdag"),
    _l("søndag"),
]
LENGTHS = (30, 45, 60, 90)


class SlotForm(FlaskForm):
    topic = SelectField(
        _l("Tema"),
        choices=select_choices(Topic),
    )
    channel = RadioField(
        _l("Hvordan"),
        choices=select_choices(Channel),
        validators=[InputRequired(message=_l("Velg hvordan dere møtes."))],
    )
    location = StringField(
        _l("Sted (for oppmøte)"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[Length(max=200, message=_l("Skriv høyst %(max)d tegn.", max=200))],
    )
    first_day = DateField(
        _l("Dato"),
        validators=[InputRequired(message=_l("Skriv datoen slik: 2026-12-01."))],
    )
    start_time = StringField(
        _l("Klokkeslett"),
        validators=[InputRequired(message=_l("Skriv klokkeslettet slik: 09:00.")), CLOCK],
    )
    minutes = SelectField(
        _l("Varighet"),
        choices=[SelectChoice(str(n), _l("%(n)d minutter", n=n)) for n in LENGTHS],
        default="45",
    )
    weekdays = CheckboxesField(
        _l("Gjenta hver uke på disse dagene (valgfritt)"),
        choices=[SelectChoice(str(number), name) for number, name in enumerate(WEEKDAY_NAMES)],
    )
    weeks = IntegerField(
        _l("Antall uker"),
        default=1,
        validators=[
            InputRequired(
                message=_l("Skriv hvor mange uker, fra 1 til %(max)d.", max=MAX_SERIES_WEEKS)
            ),
            NumberRange(
                min=1,
                max=MAX_SERIES_WEEKS,
                message=_l("Skriv hvor mange uker, fra 1 til %(max)d.", max=MAX_SERIES_WEEKS),
            ),
        ],
    )

    def validate_location(self, field) -> None:
        if self.channel.data == "in_person" and not field.data:
            raise ValidationError(_l("Skriv hvor dere skal møtes."))

    @property
    def clock(self) -> time:
        hours, minutes = self.start_time.data.replace(".", ":").split(":")
        return time(int(hours), int(minutes))

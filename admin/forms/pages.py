"""Forms of the page editor."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp
from wtforms.widgets import HiddenInput

from portal.forms.fields import select_choices
from portal.i18n import LANGUAGES
from portal.models.page import ReviewStatus, ScheduledAction
from portal.services.information.pages import SLUG, SLUG_MAX_LENGTH


class PageTextForm(FlaskForm):
    title = StringField(
        _l("Tittel"),
        validators=[
            InputRequired(message=_l("Skriv en tittel.")),
            Length(max=200, message=_l("Tittelen kan ha høyst 200 tegn.")),
        ],
    )
    summary = TextAreaField(
        _l("Kort oppsummering"),
        validators=[
            InputRequired(message=_l("Skriv en kort oppsummering.")),
            Length(max=500, message=_l("Oppsummeringen kan ha høyst 500 tegn.")),
        ],
    )
    body = TextAreaField(
        _l("Tekst"),
        validators=[
            InputRequired(message=_l("Skriv teksten på siden.")),
            Length(max=50_000, message=_l("Teksten er for lang.")),
        ],
    )


class EditPageForm(PageTextForm):
    # The revision the editor started from: a save on top of another one is refused.
    based_on = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class NewPageForm(PageTextForm):
    slug = StringField(
        _l("Adresse (slug)"),
        validators=[
            InputRequired(message=_l("Skriv adressen siden skal ha.")),
            Length(max=SLUG_MAX_LENGTH, message=_l("Adressen er for lang.")),
            Regexp(SLUG, message=_l("Bruk små bokstaver fra a til z, tall og enkle bindestreker.")),
        ],
    )
    language = SelectField(
        _l("Språk"),
        choices=[SelectChoice(code, language.name) for code, language in LANGUAGES.items()],
    )


class ReviewForm(FlaskForm):
    review_status = SelectField(
        _l("Status for denne språkversjonen"), choices=select_choices(ReviewStatus)
    )
    review_by = DateField(
        _l("Les siden igjen innen (valgfritt)"),
        validators=[Optional()],
    )


class ScheduleForm(FlaskForm):
    action = RadioField(
        _l("Hva skal skje?"),
        choices=[
            SelectChoice(ScheduledAction.PUBLISH, _l("Det siste utkastet publiseres")),
            SelectChoice(ScheduledAction.UNPUBLISH, _l("Siden avpubliseres")),
        ],
        validators=[InputRequired(message=_l("Velg hva som skal skje."))],
        invalid_choice_message=_l("Velg hva som skal skje."),
    )
    day = DateField(
        _l("Dato"),
        validators=[InputRequired(message=_l("Skriv datoen, for eksempel 2027-03-01."))],
    )
    at = TimeField(
        _l("Klokkeslett (norsk tid)"),
        validators=[InputRequired(message=_l("Skriv klokkeslettet, for eksempel 08:00."))],
    )


class ArchiveForm(FlaskForm):
    to_slug = SelectField(
        _l("Send lesere videre til"),
        validators=[InputRequired(message=_l("Velg siden lesere skal sendes videre til."))],
        invalid_choice_message=_l("Velg en publisert side."),
    )

    def offer(self, titles: dict[str, str], *, leaving_out: str) -> "ArchiveForm":
        self.to_slug.choices = [("", _l("Velg en side"))] + [
            (slug, f"{title} (/{slug})") for slug, title in titles.items() if slug != leaving_out
        ]
        return self


class ImageForm(FlaskForm):
    file = FileField(_l("Velg bildet"), validators=[FileRequired(message=_l("Velg et bilde."))])
    alt_text = StringField(
        _l("Hva viser bildet?"),
        validators=[Length(max=300, message=_l("Skriv høyst 300 tegn."))],
    )
    is_decorative = BooleanField(_l("Bildet er bare pynt og sier ikke noe som ikke står i teksten"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # People who cannot see the picture hear these words instead: never left out by mistake.
        if not self.is_decorative.data and not (self.alt_text.data or "").strip():
            self.alt_text.errors = [
                *self.alt_text.errors,
                _l("Skriv hva bildet viser, eller kryss av for at det bare er pynt."),
            ]
            return False
        return valid

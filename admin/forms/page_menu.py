"""The form for one group of the menu of information pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.forms.fields import strip
from portal.services.information.navigation import TITLE_MAX_LENGTH


class GroupForm(FlaskForm):
    title = StringField(
        _l("Navn på gruppen"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Skriv et navn på gruppen.")),
            Length(max=TITLE_MAX_LENGTH, message=_l("Navnet kan ha høyst 120 tegn.")),
        ],
    )
    pages = TextAreaField(
        _l("Sidene i gruppen, i rekkefølge"),
        validators=[Length(max=3000, message=_l("Listen er for lang."))],
    )

    @property
    def slugs(self) -> list[str]:
        return [line.strip() for line in (self.pages.data or "").splitlines() if line.strip()]

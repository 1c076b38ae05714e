"""The form for one start-page card."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from portal.forms.fields import strip
from portal.forms.validators import NOT_ON_OFFER
from portal.models.navigation import LINK_TO_PAGE, LINK_TO_ROUTE, PortalRoute
from portal.services.information.start_page import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH


class CardForm(FlaskForm):
    title = StringField(
        _l("Tittel"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Skriv en tittel på kortet.")),
            Length(max=TITLE_MAX_LENGTH, message=_l("Tittelen kan ha høyst 120 tegn.")),
        ],
    )
    text = TextAreaField(
        _l("Tekst (valgfritt)"),
        filters=[strip],
        validators=[Length(max=TEXT_MAX_LENGTH, message=_l("Teksten kan ha høyst 300 tegn."))],
    )
    link = SelectField(
        _l("Tittelen lenker til"),
        validators=[InputRequired(message=_l("Velg hva tittelen skal lenke til."))],
        invalid_choice_message=NOT_ON_OFFER,
        # The list opens on its first page; `required` would want an empty choice first.
        render_kw={"required": False},
    )
    action_route = SelectField(_l("Ekstra lenke (valgfritt)"), invalid_choice_message=NOT_ON_OFFER)
    action_text = StringField(
        _l("Teksten på den ekstra lenken"),
        filters=[strip],
        validators=[Length(max=TITLE_MAX_LENGTH, message=_l("Skriv høyst 120 tegn."))],
    )

    def offer(self, page_titles: dict[str, str]) -> "CardForm":
        """Offer every page and every portal page as link targets (grouped in the list)."""
        self.link.choices = {
            _l("Informasjonssider"): [
                (f"{LINK_TO_PAGE}:{slug}", title) for slug, title in page_titles.items()
            ],
            _l("Sider i portalen"): [
                (f"{LINK_TO_ROUTE}:{route.value}", route.label) for route in PortalRoute
            ],
        }
        self.action_route.choices = [("", _l("Ingen"))] + [
            (route.value, route.label) for route in PortalRoute
        ]
        return self

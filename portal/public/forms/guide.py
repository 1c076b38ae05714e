"""The guide's three questions, one form each. GET forms: the answers live in the address."""

from flask_babel import lazy_gettext as _l
from wtforms import Form, RadioField, SelectChoice
from wtforms.validators import InputRequired

from portal.forms.fields import CheckboxesField
from portal.forms.validators import NOT_ON_OFFER


class SituationForm(Form):
    situation = RadioField(
        _l("Hva passer best for deg nå?"),
        choices=[
            SelectChoice("no_home", _l("Jeg har ikke et sted å bo")),
            SelectChoice("losing_home", _l("Jeg kan miste boligen min snart")),
            SelectChoice("rent_too_high", _l("Jeg leier, og det er vanskelig å betale")),
            SelectChoice("want_to_buy", _l("Jeg vil kjøpe bolig")),
            SelectChoice("unsuitable_home", _l("Boligen min passer ikke lenger for meg")),
            SelectChoice("other", _l("Noe annet")),
        ],
        validators=[InputRequired(message=_l("Velg det som passer best."))],
        invalid_choice_message=NOT_ON_OFFER,
    )


class ChildrenForm(Form):
    children = RadioField(
        _l("Bor det barn under 18 år sammen med deg?"),
        choices=[SelectChoice("yes", _l("Ja")), SelectChoice("no", _l("Nei"))],
        validators=[InputRequired(message=_l("Velg ja eller nei."))],
        invalid_choice_message=NOT_ON_OFFER,
    )


class CircumstancesForm(Form):
    circumstances = CheckboxesField(
        _l("Gjelder noe av dette deg?"),
        choices=[
            SelectChoice(
                "aftercare", _l("Jeg er mellom 17,5 og 25 år og får hjelp fra barnevernet")
            ),
            SelectChoice("disability", _l("Jeg har en funksjonsnedsettelse")),
            SelectChoice(
                "stable_low_income", _l("Jeg har lav, men fast inntekt, for eksempel uføretrygd")
            ),
            SelectChoice(
                "follow_up",
                _l("Jeg trenger hjelp til å bo, for eksempel på grunn av rus eller psykisk helse"),
            ),
            SelectChoice("elderly", _l("Jeg er 67 år eller eldre")),
        ],
        invalid_choice_message=NOT_ON_OFFER,
    )


# The questions in the order they are asked; the field name is the answer's name in the address.
STEPS = [
    ("situation", SituationForm),
    ("children", ChildrenForm),
    ("circumstances", CircumstancesForm),
]

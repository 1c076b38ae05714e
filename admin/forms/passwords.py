"""Forms to choose a password: your own, or a new one through a one-time link."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired

NEW_PASSWORD_HINT = _l(
    "Minst 12 tegn. Bruk gjerne flere ord etter hverandre. Vanlige passord blir avvist."
)


class NewPasswordMixin:
    new_password = PasswordField(
        _l("Nytt passord"), validators=[InputRequired(message=_l("Skriv et nytt passord."))]
    )
    confirm_password = PasswordField(
        _l("Gjenta det nye passordet"),
        validators=[
            InputRequired(message=_l("Skriv det nye passordet en gang til.")),
            EqualTo("new_password", message=_l("Passordene er ikke like.")),
        ],
    )


class SetPasswordForm(NewPasswordMixin, FlaskForm):
    pass


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Nåværende passord"),
        validators=[InputRequired(message=_l("Skriv passordet du bruker nå."))],
    )
    new_password = NewPasswordMixin.new_password
    confirm_password = NewPasswordMixin.confirm_password

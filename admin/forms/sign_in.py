"""Forms of the sign-in journey: password, two-factor code, enrolment, language."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length


class SignInForm(FlaskForm):
    email = EmailField(
        _l("E-post"),
        validators=[InputRequired(message=_l("Skriv e-postadressen din.")), Length(max=254)],
    )
    # Longer than the policy allows is refused without hashing (wrong password).
    password = PasswordField(
        _l("Passord"), validators=[InputRequired(message=_l("Skriv passordet ditt."))]
    )
    next = HiddenField()


class TwoFactorForm(FlaskForm):
    code = StringField(
        _l("Kode"),
        validators=[
            InputRequired(message=_l("Skriv koden fra appen eller en reservekode.")),
            Length(max=20, message=_l("Koden er for lang.")),
        ],
    )


class EnrolTwoFactorForm(FlaskForm):
    code = StringField(
        _l("Sekssifret kode fra appen"),
        validators=[
            InputRequired(message=_l("Skriv koden appen viser.")),
            Length(max=20, message=_l("Koden er for lang.")),
        ],
    )


class LanguageForm(FlaskForm):
    lang = SelectField(
        _l("Språk"),
        choices=[SelectChoice("nb", "Norsk bokmål"), SelectChoice("en", "English")],
        default="nb",
    )
    next = HiddenField()

"""Validators named after the rule they enforce, shared by the residents' and staff forms."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form
from wtforms.form import BaseForm
from wtforms.validators import ValidationError

from portal.paths import is_local_path

# For a choice field's `invalid_choice_message`: shown only when someone changed the page by hand.
NOT_ON_OFFER = _l("Velg blant svarene som står på siden.")

# Eleven digits, optionally split after the birth date: how a fødselsnummer is written.
_IDENTITY_NUMBER = re.compile(r"(?<!\d)\d{6}[ .-]?\d{5}(?!\d)")


class NoIdentityNumber:
    """Free text where we do not want a national identity number written down."""

    def __init__(self, message: str | None = None):
        self.message = message

    def __call__(self, form: BaseForm, field: Field) -> None:
        if field.data and _IDENTITY_NUMBER.search(field.data):
            raise ValidationError(
                self.message or _l("Ikke skriv fødselsnummer her. Vi trenger det ikke.")
            )


class LocalPath:
    """A path on this site (`/nb/...`), never a link to somewhere else."""

    def __call__(self, form: BaseForm, field: Field) -> None:
        if not is_local_path(field.data or ""):
            raise ValidationError(_l("Lenken til siden du kom fra, er ikke gyldig."))


_PHONE = re.compile(r"^(?:\+|00)?[0-9]{8,15}$")
# One address, no spaces or line breaks anywhere (they could start a new mail header).
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class PhoneNumber:
    def __call__(self, form: Form, field: Field) -> None:
        compact = re.sub(r"[ .()-]", "", field.data or "")
        if not _PHONE.match(compact):
            raise ValidationError(
                _l("Skriv et telefonnummer med 8 sifre, for eksempel 912 34 567.")
            )
        field.data = compact


class EmailAddress:
    """Optional; when given, one plain address and nothing else."""

    def __call__(self, form: Form, field: Field) -> None:
        value = field.data or ""
        if value and (len(value) > 254 or not _EMAIL.match(value)):
            raise ValidationError(
                _l("Skriv en e-postadresse som navn@eksempel.no, eller la feltet stå tomt.")
            )

"""Validators named after the rule they enforce, shared by the residents' forms."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import Field
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

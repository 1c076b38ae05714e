"""Files residents send, as both faces handle them: where they are kept, and what a
refusal says to the person. The rules for a file are services/casework/attachments.py."""

import re
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l


def attachment_directory() -> Path:
    """Where files are kept (PORTAL_ATTACHMENT_DIRECTORY): never under static/."""
    return Path(current_app.config["ATTACHMENT_DIRECTORY"])


ATTACHMENT_REFUSALS = {
    "empty": _l("Filen er tom. Velg en annen fil."),
    "too_large": _l(
        "Filen er større enn 10 MB. Ta bilde med lavere oppløsning, eller del den opp."
    ),
    "wrong_type": _l("Vi tar bare imot PDF, JPG, PNG og HEIC. Lagre filen som en av disse."),
    "too_many": _l("Du kan sende høyst 10 filer. Fjern en fil først."),
    "not_stored": _l(
        "Vi klarte ikke å lagre filen akkurat nå. Prøv igjen om litt. "
        "Du kan også sende søknaden uten filen og sende den senere fra saken din."
    ),
}


# Control characters (NUL above all, which PostgreSQL refuses in text) have no place in a
# file's name as people read it.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def sent_name(filename: str | None) -> str:
    """A sent file's name as the browser gave it, without control characters."""
    return _CONTROL_CHARACTERS.sub("", filename or "")


def refusal_status(reason: str | None) -> int:
    """A full or broken disk is our fault (503); anything else is the file's (400)."""
    return 503 if reason == "not_stored" else 400

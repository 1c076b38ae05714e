"""Field helpers every form uses: whitespace stripped, a length with its message, choices."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectMultipleField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from portal.models.choices import Choice


def strip(value):
    """A filter: whitespace around a typed value goes (a value that is not text stays)."""
    return value.strip() if isinstance(value, str) else value


def one_line(value):
    """A filter for search boxes: whitespace around goes, and so do control characters
    (a NUL in a query is refused by PostgreSQL, and nobody types one)."""
    if not isinstance(value, str):
        return value
    return "".join(char for char in value if char >= " " and char != "\x7f").strip()


def strip_but_lines(value):
    """A filter for email addresses: only spaces and tabs go, so a line break inside stays
    visible to the validator, which refuses it (it could start a new mail header)."""
    return value.strip(" \t") if isinstance(value, str) else value


def at_most(count: int) -> Length:
    """A length limit that says so in the person's words."""
    return Length(max=count, message=_l("Skriv høyst %(max)d tegn.", max=count))


def select_choices(values: type[Choice], members=None) -> list[SelectChoice]:
    """A value list's members (or some of them) as a field's choices, with their words."""
    return [SelectChoice(member.value, member.label) for member in (members or values)]


class CheckboxesField(SelectMultipleField):
    """Any number of answers, as a list of checkboxes (never a multiple select box)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

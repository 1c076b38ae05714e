"""What a person typed on a page, kept before it is valid, within the form's own limits.

Only the form's declared fields are kept, one value each (a checkbox list keeps
each offered choice once), and a value longer than its field allows is not kept:
the page shows the "at most N characters" message, and the rest is saved.
"""

from wtforms import Field, SelectMultipleField
from wtforms.validators import Length

# For fields without a Length validator (choices, dates, numbers): no real answer is longer.
DEFAULT_MAX_LENGTH = 100


def max_length(field: Field) -> int:
    """The longest value the field accepts, from its Length validator."""
    for validator in field.validators:
        if isinstance(validator, Length) and validator.max not in (None, -1):
            return validator.max
    return DEFAULT_MAX_LENGTH


def typed_values(form, formdata) -> dict[str, list[str]]:
    """The declared fields' values as typed (lists of strings), capped as described above."""
    typed = {}
    for field in form:
        if field.name == "csrf_token":
            continue
        values = [value for value in formdata.getlist(field.name) if isinstance(value, str)]
        if isinstance(field, SelectMultipleField):
            offered = {str(_value_of(choice)) for choice in field.choices or []}
            values = [value for value in dict.fromkeys(values) if value in offered]
        else:
            values = values[:1]
        limit = max_length(field)
        typed[field.name] = [value for value in values if len(value) <= limit]
    return typed


def _value_of(choice) -> object:
    return choice.value if hasattr(choice, "value") else choice[0]

"""An application's answers in words, under the labels the resident saw: the check page
and the staff case page both read them."""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from wtforms import BooleanField, DateField, RadioField, SelectField, SelectMultipleField

from portal.forms.application import FORMS, TITLES
from portal.services.casework import applications


def answer_sections(answers: dict, change_url=None) -> list[dict]:
    """Every page with its questions and the answers in words (staff read them too)."""
    sections = []
    for step in applications.steps_for(answers):
        if step == "attachments":
            continue
        form = FORMS[step](formdata=None, meta={"csrf": False})
        values = answers.get(step, {})
        change = change_url(step) if change_url else None
        rows = [
            (field.label.text, in_words(field, values.get(field.name)), change)
            for field in form
            if field.name != "csrf_token"
        ]
        sections.append(
            {"step": step, "title": TITLES[step], "rows": rows, "done": step in answers}
        )
    return sections


def in_words(field, value) -> str:
    if value in (None, "", []):
        return _("Ikke svart")
    if isinstance(field, BooleanField):
        return _("Ja") if value else _("Nei")
    if isinstance(field, DateField):
        return format_date(date.fromisoformat(value), "long")
    if isinstance(field, (RadioField, SelectField, SelectMultipleField)):
        names = {str(choice.value): str(choice.label) for choice in field.choices}
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(names.get(str(item), str(item)) for item in chosen)
    return str(value)

"""Every value list is defined once, beside its model, and every value has words in every
shipped language (portal/models/choices.py)."""

import pytest

import portal.models  # noqa: F401  (defines every value list)
from portal.models.case import OPEN_STATUSES, CaseKind, CaseStatus
from portal.models.choices import Choice
from tests.unit.test_translations import SHIPPED, catalog

VALUE_LISTS = sorted(Choice.__subclasses__(), key=lambda values: values.__name__)


def words_of(values: type[Choice]) -> list[str]:
    """Every word of the list; a value without residents' words is one they never see."""
    words = []
    for member in values:
        assert member.staff_label is not None, f"{values.__name__}.{member.name} has no words"
        words += [label._args[0] for label in (member.label, member.staff_label) if label]
    return words


def test_the_lists_the_portal_keeps_are_all_here():
    names = {values.__name__ for values in VALUE_LISTS}

    assert {
        "AttachmentKind",
        "AuditAction",
        "CallbackTime",
        "CaseKind",
        "CaseStatus",
        "Channel",
        "EventKind",
        "MessageChannel",
        "MessageTemplate",
        "PriorityFlag",
        "ReviewStatus",
        "Role",
        "Topic",
    } <= names


@pytest.mark.parametrize("lang", SHIPPED)
@pytest.mark.parametrize("values", VALUE_LISTS, ids=lambda values: values.__name__)
def test_every_value_has_words_in_every_shipped_language(values, lang):
    translations = catalog(lang)

    missing = [
        word
        for word in words_of(values)
        if translations.get(word) is None or not translations.get(word).string
    ]

    assert missing == [], f"{values.__name__} lacks {lang} words for {missing}"


def test_what_makes_a_case_open_is_a_subset_of_its_statuses():
    assert set(CaseStatus) > OPEN_STATUSES


def test_templates_get_each_lists_words_in_the_language_being_written(app):
    """Translated once per language, and a letter in the resident's language (force_locale)
    inside a staff member's request gets the resident's words."""
    from flask import render_template_string
    from flask_babel import force_locale

    template = "{{ staff_status_names['received'] }} / {{ kind_names | length }}"
    with app.test_request_context("/nb/"):
        bokmal = render_template_string(template)
        with force_locale("en"):
            english = render_template_string(template)
        again = render_template_string(template)

    assert bokmal == again == f"Mottatt / {len(list(CaseKind))}"
    assert english == f"Received / {len(list(CaseKind))}"

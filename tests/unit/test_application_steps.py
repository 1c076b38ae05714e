"""The application's pages are listed once (services/casework/applications.py STEPS);
the question forms and page titles follow that list."""

from portal.forms.application import FORMS, TITLES
from portal.services.casework.applications import PARTS, STEPS


def test_every_page_but_the_files_has_its_form_in_the_steps_order():
    assert list(FORMS) == [step for step in STEPS if step != "attachments"]


def test_every_page_and_every_part_has_a_title():
    assert set(TITLES) == set(STEPS)
    assert set(PARTS) <= set(TITLES)

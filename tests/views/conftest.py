"""Signed-in staff for the view tests of the staff pages (a module may define its own)."""

import pytest

from portal.db import db
from tests.staff import make_staff, sign_in


@pytest.fixture
def caseworker(data):
    return make_staff(data, "caseworker", name="Sara Saksbehandler")


@pytest.fixture
def staff(client, caseworker):
    """The test client, signed in as a caseworker."""
    sign_in(client, caseworker)
    return client


@pytest.fixture
def admin(app, data):
    """A second client, signed in as an admin."""
    client = app.test_client()
    sign_in(client, make_staff(data, "admin", name="Anne Admin"))
    return client


@pytest.fixture
def editor(app, client):
    """An editor, signed in on the test client."""
    with app.app_context():
        person = make_staff(db.session, "editor", name="Eva Editor")
        sign_in(client, person)
        return person

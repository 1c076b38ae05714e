"""The staff start page (admin/home.py): the person's roles and only the work they may do."""

import pytest

from tests.html import parse, text_of
from tests.staff import make_staff, sign_in


@pytest.mark.parametrize(
    ("role", "offered", "not_offered"),
    [
        ("caseworker", "/admin/queue", "/admin/pages"),
        ("editor", "/admin/pages", "/admin/queue"),
        ("editor", "/admin/pages", "/admin/staff"),
        ("admin", "/admin/staff", "/admin/login"),
    ],
)
def test_the_start_page_offers_only_what_the_role_may_do(client, data, role, offered, not_offered):
    sign_in(client, make_staff(data, role, name="Kari Nordmann"))

    page = parse(client.get("/admin/"))

    tasks = [a["href"] for a in page.select(".task-list a")]
    assert offered in tasks and not_offered not in tasks
    assert "Hei, Kari Nordmann" in text_of(page.h1)
    for href in tasks:
        assert client.get(href).status_code == 200, href

"""Marking this PC as a kiosk (admin/kiosk.py), and back."""

from sqlalchemy import select

from portal.models import AuditEvent
from tests.html import form_with_token, parse
from tests.staff import make_staff, sign_in


def test_an_admin_marks_this_pc_as_a_kiosk_and_back(client, data):
    admin = make_staff(data, "admin")
    sign_in(client, admin)
    _, token = form_with_token(client, "/admin/kiosk")

    response = client.post("/admin/kiosk", data={"csrf_token": token, "kiosk": "on"})

    cookie = client.get_cookie("portal_kiosk")
    assert response.status_code == 302 and cookie is not None
    assert "Max-Age=157680000" in response.headers["Set-Cookie"]
    assert parse(client.get("/nb/")).select_one(".kiosk-bar") is not None
    client.post("/admin/kiosk", data={"csrf_token": token, "kiosk": "off"})
    assert client.get_cookie("portal_kiosk") is None
    actions = data.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == admin.id)).all()
    assert {"kiosk_marked", "kiosk_unmarked"} <= set(actions)

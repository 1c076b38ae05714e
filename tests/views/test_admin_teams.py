"""The teams cases go to are data admins edit (admin/teams.py)."""

import pytest
from sqlalchemy import select

from portal.models import Team
from portal.services.casework import teams
from tests.html import error_summary_links, form_with_token, parse, text_of
from tests.staff import make_staff, sign_in


@pytest.fixture
def admin(client, data):
    sign_in(client, make_staff(data, "admin"))
    teams.ensure_plan_teams(data)
    return client


def test_an_admin_adds_renames_and_retires_a_team(admin, data):
    _, token = form_with_token(admin, "/admin/teams")
    admin.post("/admin/teams", data={"csrf_token": token, "name": "Bosetting"})
    added = data.scalars(select(Team).where(Team.name == "Bosetting")).one()

    admin.post(
        f"/admin/teams/{added.id}", data={"csrf_token": token, "name": "Bosetting av flyktninger"}
    )

    data.expire_all()
    assert (added.name, added.active) == ("Bosetting av flyktninger", False)
    assert "Bosetting av flyktninger" in text_of(parse(admin.get("/admin/teams")).find("main"))
    assert "Bosetting" not in [t.name for t in teams.teams(data)]


def test_a_team_name_that_is_taken_or_empty_is_refused(admin, data):
    _, token = form_with_token(admin, "/admin/teams")

    taken = admin.post("/admin/teams", data={"csrf_token": token, "name": "Tiltaksteam"})
    empty = admin.post("/admin/teams", data={"csrf_token": token, "name": "  "})

    assert taken.status_code == empty.status_code == 400
    assert "finnes allerede" in error_summary_links(parse(taken))["name"]
    assert len(teams.teams(data, active_only=False)) == 4


def test_caseworkers_cannot_change_teams(client, data):
    sign_in(client, make_staff(data, "caseworker"))

    assert client.get("/admin/teams").status_code == 403

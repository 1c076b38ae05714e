"""Staff administration pages (admins only): people, roles, links, deactivation."""

import pytest
from sqlalchemy import select

from portal.models import StaffUser
from tests.html import error_summary_links, form_with_token, parse, text_of
from tests.staff import make_staff, sign_in


@pytest.fixture
def admin(client, data):
    person = make_staff(data, "admin", name="Ada Admin", email="ada@eigersund.no")
    sign_in(client, person)
    return person


def post(client, path, **data):
    _, token = form_with_token(client, "/admin/")
    return client.post(path, data={"csrf_token": token, **data})


def test_the_staff_list_shows_everyone_with_roles_and_status(client, data, admin):
    make_staff(data, "caseworker", "editor", name="Ola Olsen", enrolled=False)

    rows = parse(client.get("/admin/staff")).select("table tbody tr")

    texts = [text_of(row) for row in rows]
    assert any("Ola Olsen" in t and "Saksbehandler, Redaktør" in t and "Nei" in t for t in texts)
    assert any("Ada Admin" in t and "Administrator" in t for t in texts)


def test_a_new_person_gets_a_one_time_link_shown_once_to_pass_on(client, data, admin):
    _, token = form_with_token(client, "/admin/staff/new")

    response = client.post(
        "/admin/staff/new",
        data={
            "csrf_token": token,
            "name": "Nina Ny",
            "email": "Nina@Eigersund.no",
            "roles": ["caseworker"],
        },
    )

    page = parse(response)
    link = text_of(page.select_one(".secret--link"))
    assert link.startswith("http://localhost/admin/password/")
    assert "sender ikke e-post" in text_of(page.main)
    person = data.scalars(select(StaffUser).where(StaffUser.email == "nina@eigersund.no")).one()
    assert person.role_names == {"caseworker"} and person.password_hash is None

    client.post("/admin/logout", data={"csrf_token": token})
    path = link.removeprefix("http://localhost")
    _, token = form_with_token(client, path)
    chosen = client.post(
        path,
        data={
            "csrf_token": token,
            "new_password": "nina sitt lange passord",
            "confirm_password": "nina sitt lange passord",
        },
    )
    assert text_of(parse(chosen).h1) == "Passordet er lagret"
    assert client.get(path).status_code == 404


def test_an_email_already_in_use_is_refused_on_the_form(client, data, admin):
    _, token = form_with_token(client, "/admin/staff/new")

    page = parse(
        client.post(
            "/admin/staff/new",
            data={"csrf_token": token, "name": "Ada", "email": "ADA@eigersund.no"},
        )
    )

    assert error_summary_links(page) == {
        "email": "Det finnes allerede en ansatt med denne e-postadressen."
    }


def test_roles_are_changed_and_logged(client, data, admin):
    person = make_staff(data, "editor")

    response = post(client, f"/admin/staff/{person.id}/roles", roles=["editor", "caseworker"])

    assert response.headers["Location"] == f"/admin/staff/{person.id}"
    data.expire_all()
    assert data.get(StaffUser, person.id).role_names == {"editor", "caseworker"}
    notice = parse(client.get(response.headers["Location"])).select_one(".notice")
    assert text_of(notice) == "Rollene er lagret."


def test_an_admin_is_told_they_cannot_remove_their_own_admin_role(client, data, admin):
    response = post(client, f"/admin/staff/{admin.id}/roles", roles=["editor"])

    page = parse(client.get(response.headers["Location"]))
    assert text_of(page.select_one(".notice--error")) == (
        "Du kan ikke fjerne din egen administratorrolle."
    )
    data.expire_all()
    assert "admin" in data.get(StaffUser, admin.id).role_names


def test_an_admin_cannot_deactivate_themself_and_is_not_offered_to(client, data, admin):
    page = parse(client.get(f"/admin/staff/{admin.id}"))
    assert not page.find("form", action=f"/admin/staff/{admin.id}/deactivate")

    post(client, f"/admin/staff/{admin.id}/deactivate")

    data.expire_all()
    assert data.get(StaffUser, admin.id).active


def test_resetting_two_factor_makes_the_person_enrol_again(client, data, admin):
    person = make_staff(data, "caseworker")

    post(client, f"/admin/staff/{person.id}/reset-two-factor")

    data.expire_all()
    assert not data.get(StaffUser, person.id).has_two_factor


def test_a_new_password_link_is_shown_for_an_existing_person(client, data, admin):
    person = make_staff(data, "caseworker")

    page = parse(post(client, f"/admin/staff/{person.id}/password-link"))

    assert "/admin/password/" in text_of(page.select_one(".secret--link"))


def test_an_unknown_person_is_404(client, admin):
    assert client.get("/admin/staff/999999").status_code == 404

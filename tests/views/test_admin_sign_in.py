"""Signing in and out of the staff pages (admin/sign_in.py): the password step, limits,
sessions and the staff pages' language."""

from datetime import timedelta
from unittest import mock

import pytest
from sqlalchemy import select

from portal import create_app
from portal.db import db, utcnow
from portal.models import AuditEvent
from tests.conftest import app_settings, empty_tables
from tests.html import error_summary_links, form_with_token, parse, text_of
from tests.staff import PASSWORD, code_for, make_staff, post_password, sign_in

WRONG = "E-post eller passord er feil."


def actions(data) -> list[str]:
    data.expire_all()
    return list(data.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_a_staff_page_sends_an_anonymous_visitor_to_sign_in_and_back(client):
    response = client.get("/admin/staff?x=1")

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login?next=/admin/staff?x%3D1"
    page = parse(client.get(response.headers["Location"]))
    assert page.select_one("main form input[name=next]")["value"] == "/admin/staff?x=1"


def test_sign_in_with_password_and_code_renews_the_session_and_logs_it(client, data):
    person = make_staff(data, "admin")
    client.get("/admin/login")
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"

    response = post_password(client, person.email.upper(), next_path="/admin/audit")
    assert response.headers["Location"] == "/admin/two-factor"
    _, token = form_with_token(client, "/admin/two-factor")
    response = client.post(
        "/admin/two-factor", data={"csrf_token": token, "code": code_for(person)}
    )

    assert response.headers["Location"] == "/admin/audit"
    with client.session_transaction() as after:
        assert "planted" not in after
    assert client.get("/admin/audit").status_code == 200
    assert actions(data)[-1] == "sign_in"


@pytest.mark.parametrize(
    "next_path", ["https://evil.example/admin", "//evil.example/admin", "/nb/", "/\\evil.example"]
)
def test_next_never_leads_away_from_the_staff_pages(client, data, next_path):
    person = make_staff(data, "editor")

    response = post_password(client, person.email, next_path=next_path)

    assert response.headers["Location"] == "/admin/"


def test_unknown_email_and_wrong_password_get_the_same_page(client, data):
    person = make_staff(data, "editor")

    unknown = parse(post_password(client, "ingen@eigersund.no", PASSWORD))
    wrong = parse(post_password(client, person.email, "feil passord her"))

    assert error_summary_links(unknown) == error_summary_links(wrong) == {"email": WRONG}


def test_unknown_email_is_checked_against_a_dummy_hash(client, data):
    from portal.services.staff import passwords

    with mock.patch.object(passwords, "_dummy_hash", wraps=passwords._dummy_hash) as dummy:
        post_password(client, "ingen@eigersund.no", PASSWORD)

    dummy.assert_called()


def test_eleventh_wrong_password_locks_the_account_with_the_same_message(client, data):
    person = make_staff(data, "caseworker")
    for _ in range(10):
        post_password(client, person.email, "feil passord her")

    page = parse(post_password(client, person.email, PASSWORD))

    assert error_summary_links(page) == {"email": WRONG}
    assert "lockout" in actions(data)


def test_a_password_over_1024_characters_is_refused_like_a_wrong_one(client, data):
    person = make_staff(data, "editor")

    page = parse(post_password(client, person.email, "x" * 5000))

    assert error_summary_links(page) == {"email": WRONG}


def test_too_many_sign_in_posts_from_one_address_get_the_429_page(database_url):
    app = create_app(app_settings(database_url, STAFF_SIGN_IN_RATE_LIMIT="3 per minute"))
    client = app.test_client()
    for _ in range(3):
        post_password(client, "ingen@eigersund.no", "feil passord her")

    response = post_password(client, "ingen@eigersund.no", "feil passord her")

    assert response.status_code == 429
    assert text_of(parse(response).h1) == "Du har prøvd mange ganger på kort tid"
    empty_tables(db.engine_for(app))


def test_signing_out_ends_the_session_and_is_logged(client, data):
    person = make_staff(data, "editor")
    sign_in(client, person)
    _, token = form_with_token(client, "/admin/")

    response = client.post("/admin/logout", data={"csrf_token": token})

    assert response.headers["Location"] == "/admin/signed-out"
    assert client.get("/admin/").status_code == 302
    assert actions(data)[-1] == "sign_out"


def test_signing_out_also_ends_a_copy_of_the_session_cookie(app, client, data):
    person = make_staff(data, "editor")
    sign_in(client, person)
    copy = app.test_client()
    copy.set_cookie("portal_session", client.get_cookie("portal_session").value)
    assert copy.get("/admin/").status_code == 200
    _, token = form_with_token(client, "/admin/")

    client.post("/admin/logout", data={"csrf_token": token})

    assert copy.get("/admin/").status_code == 302


def test_a_deactivated_person_with_an_open_session_is_thrown_out_on_the_next_request(
    app, client, data
):
    admin = make_staff(data, "admin")
    person = make_staff(data, "editor")
    sign_in(client, person)
    admins_client = app.test_client()
    sign_in(admins_client, admin)
    _, token = form_with_token(admins_client, f"/admin/staff/{person.id}")

    admins_client.post(f"/admin/staff/{person.id}/deactivate", data={"csrf_token": token})

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")


def set_session_clock(client, *, started_minutes_ago: int, seen_minutes_ago: int) -> None:
    now = int(utcnow().timestamp())
    with client.session_transaction() as session:
        session["staff_started_at"] = now - started_minutes_ago * 60
        session["staff_seen_at"] = now - seen_minutes_ago * 60


def test_thirty_minutes_idle_signs_the_person_out(client, data):
    sign_in(client, make_staff(data, "editor"))
    set_session_clock(client, started_minutes_ago=60, seen_minutes_ago=31)

    response = client.get("/admin/")

    assert response.headers["Location"] == "/admin/login?expired=1"
    assert client.get("/admin/").status_code == 302
    last = data.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.details) == ("sign_out", "idle")


def test_activity_keeps_the_session_but_ten_hours_is_the_limit(client, data):
    sign_in(client, make_staff(data, "editor"))
    set_session_clock(client, started_minutes_ago=9 * 60, seen_minutes_ago=29)
    assert client.get("/admin/").status_code == 200

    set_session_clock(client, started_minutes_ago=10 * 60 + 1, seen_minutes_ago=1)
    assert client.get("/admin/").status_code == 302
    last = data.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (last.action, last.details) == ("sign_out", "time_limit")


def test_the_staff_layout_offers_to_stay_signed_in_with_a_plain_form(client, data):
    sign_in(client, make_staff(data, "editor"))
    set_session_clock(client, started_minutes_ago=60, seen_minutes_ago=26)

    page = parse(client.get("/admin/account/password"))
    form = page.select_one(".session-notice form")
    _, token = form_with_token(client, "/admin/")
    response = client.post(
        form["action"], data={"csrf_token": token, "next": "/admin/account/password"}
    )

    assert form["method"] == "post"
    assert response.headers["Location"] == "/admin/account/password"


def test_staff_pages_are_never_cached(client, data):
    sign_in(client, make_staff(data, "admin"))

    for path in ("/admin/login", "/admin/", "/admin/staff", "/admin/audit"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_staff_pages_speak_the_language_chosen_on_them(client):
    _, token = form_with_token(client, "/admin/login")

    response = client.post(
        "/admin/language", data={"csrf_token": token, "lang": "en", "next": "/admin/login"}
    )

    assert response.headers["Location"] == "/admin/login"
    assert "lang=en" in response.headers["Set-Cookie"]
    assert parse(client.get("/admin/login")).html["lang"] == "en"


def test_an_idle_sign_out_is_explained_on_the_sign_in_page(client):
    page = parse(client.get("/admin/login?expired=1"))

    assert "inaktiv" in text_of(page.select_one(".notice"))


def test_signing_in_after_idle_still_works_in_the_same_window(client, data):
    person = make_staff(data, "editor")
    sign_in(client, person)
    set_session_clock(client, started_minutes_ago=60, seen_minutes_ago=31)
    client.get("/admin/")

    sign_in(client, person)

    assert client.get("/admin/").status_code == 200
    assert actions(data).count("sign_in") == 2
    assert actions(data).count("sign_out") == 1


def test_a_session_from_before_a_deactivation_and_reactivation_stays_ended(app, client, data):
    admin = make_staff(data, "admin")
    person = make_staff(data, "editor")
    sign_in(client, person)
    from portal.services.staff import staff_accounts

    staff_accounts.deactivate(data, person, actor=admin, address="x", now=utcnow())
    staff_accounts.reactivate(
        data, person, actor=admin, address="x", now=utcnow() + timedelta(seconds=1)
    )

    assert client.get("/admin/").status_code == 302


def test_a_refused_staff_page_keeps_the_staff_header_and_leads_back_to_the_overview(client, data):
    sign_in(client, make_staff(data, "editor", name="Rolf Redaktør"))

    response = client.get("/admin/audit")

    page = parse(response)
    assert response.status_code == 403
    assert text_of(page.select_one(".staff-header__person")) == "Rolf Redaktør"
    assert page.find("a", string="Gå til oversikten")["href"] == "/admin/"

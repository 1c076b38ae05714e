"""The second step of signing in (admin/two_factor.py): codes, enrolment, recovery codes, limits."""

from portal import create_app
from portal.db import db, utcnow
from tests.conftest import app_settings, empty_tables
from tests.html import error_summary_links, form_with_token, parse, text_of
from tests.staff import code_for, make_staff, post_password, sign_in


def test_too_many_code_posts_get_the_429_page(database_url):
    app = create_app(app_settings(database_url, STAFF_SIGN_IN_RATE_LIMIT="2 per minute"))
    client = app.test_client()
    with app.app_context():
        person = make_staff(db.session, "caseworker")
    post_password(client, person.email)
    _, token = form_with_token(client, "/admin/two-factor")
    for _ in range(2):
        client.post("/admin/two-factor", data={"csrf_token": token, "code": "000000"})

    response = client.post("/admin/two-factor", data={"csrf_token": token, "code": "000000"})

    assert response.status_code == 429
    empty_tables(db.engine_for(app))


def test_after_the_password_only_the_code_page_can_be_reached(client, data):
    person = make_staff(data, "caseworker")
    post_password(client, person.email)

    response = client.get("/admin/staff")

    assert response.headers["Location"] == "/admin/two-factor"


def test_a_code_used_once_is_refused_the_second_time(app, data):
    person = make_staff(data, "caseworker")
    first, second = app.test_client(), app.test_client()
    code = code_for(person)
    for client in (first, second):
        post_password(client, person.email)

    answers = []
    for client in (first, second):
        _, token = form_with_token(client, "/admin/two-factor")
        answers.append(client.post("/admin/two-factor", data={"csrf_token": token, "code": code}))

    assert answers[0].status_code == 302
    assert answers[1].status_code == 200
    assert "code" in error_summary_links(parse(answers[1]))


def test_a_caseworker_without_an_app_is_sent_to_enrolment_and_can_reach_nothing_else(client, data):
    person = make_staff(data, "caseworker", enrolled=False)

    response = post_password(client, person.email)

    assert response.headers["Location"] == "/admin/two-factor/setup"
    assert client.get("/admin/").headers["Location"] == "/admin/two-factor/setup"
    page = parse(client.get("/admin/two-factor/setup"))
    assert page.find("svg", attrs={"role": "img"}) is not None
    secret = text_of(page.select_one(".secret")).replace(" ", "")
    assert len(secret) == 32


def test_enrolment_shows_ten_recovery_codes_once_and_signs_the_person_in(client, data):
    import pyotp

    person = make_staff(data, "admin", enrolled=False)
    post_password(client, person.email)
    page, token = form_with_token(client, "/admin/two-factor/setup")
    secret = text_of(page.select_one(".secret")).replace(" ", "")

    response = client.post(
        "/admin/two-factor/setup", data={"csrf_token": token, "code": pyotp.TOTP(secret).now()}
    )

    codes = [text_of(li) for li in parse(response).select(".recovery-codes li")]
    assert len(codes) == 10
    assert client.get("/admin/staff").status_code == 200
    assert client.get("/admin/two-factor/setup").headers["Location"] == "/admin/"


def test_an_editor_signs_in_with_the_password_alone_unless_the_setting_says_otherwise(
    database_url,
):
    for setting, expected in ((False, "/admin/"), (True, "/admin/two-factor/setup")):
        app = create_app(app_settings(database_url, REQUIRE_2FA_FOR_EDITORS=setting))
        with app.app_context():
            person = make_staff(db.session, "editor", enrolled=False)
        response = post_password(app.test_client(), person.email)
        assert response.headers["Location"] == expected
        empty_tables(db.engine_for(app))


def test_a_role_that_needs_two_factor_given_mid_session_asks_for_the_code_at_once(
    app, client, data
):
    admin = make_staff(data, "admin")
    person = make_staff(data, "editor")
    sign_in(client, person)
    from portal.services.staff import staff_accounts

    staff_accounts.set_roles(
        data, person, ["editor", "caseworker"], actor=admin, address="x", now=utcnow()
    )

    assert client.get("/admin/").headers["Location"] == "/admin/two-factor"

"""The signed-in person's own account (admin/account.py): changing the password, and guessing it."""

from tests.html import error_summary_links, form_with_token, parse, text_of
from tests.staff import PASSWORD, make_staff, post_password, sign_in
from tests.views.test_admin_sign_in import actions


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(app, client, data):
    person = make_staff(data, "editor")
    other = app.test_client()
    sign_in(client, person)
    sign_in(other, person)
    _, token = form_with_token(client, "/admin/account/password")

    response = client.post(
        "/admin/account/password",
        data={
            "csrf_token": token,
            "current_password": PASSWORD,
            "new_password": "et nytt og bedre passord",
            "confirm_password": "et nytt og bedre passord",
        },
    )

    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert other.get("/admin/").status_code == 302


def test_a_common_new_password_is_refused_with_a_reason(client, data):
    person = make_staff(data, "editor")
    sign_in(client, person)
    _, token = form_with_token(client, "/admin/account/password")

    page = parse(
        client.post(
            "/admin/account/password",
            data={
                "csrf_token": token,
                "current_password": PASSWORD,
                "new_password": "passord123456",
                "confirm_password": "passord123456",
            },
        )
    )

    assert error_summary_links(page) == {
        "new_password": "Dette passordet er for vanlig. Velg et annet."
    }


def wrong_current_password(client, token):
    return client.post(
        "/admin/account/password",
        data={
            "csrf_token": token,
            "current_password": "gjetter på passordet",
            "new_password": "et nytt og bedre passord",
            "confirm_password": "et nytt og bedre passord",
        },
    )


def test_guessing_the_current_password_counts_like_sign_in_and_locks(app, client, data):
    person = make_staff(data, "editor")
    sign_in(client, person)
    _, token = form_with_token(client, "/admin/account/password")

    answers = [wrong_current_password(client, token) for _ in range(10)]

    assert [r.status_code for r in answers[:9]] == [200] * 9
    assert answers[9].headers["Location"] == "/admin/login?locked=1"
    assert "for mange ganger" in text_of(parse(client.get("/admin/login?locked=1")).main)
    assert client.get("/admin/").status_code == 302
    data.expire_all()
    assert actions(data).count("password_change_failed") == 10
    assert "lockout" in actions(data)
    refused = post_password(app.test_client(), person.email)
    assert refused.status_code == 200  # locked: even the right password is refused


def test_guessing_the_current_password_is_rate_limited(app, client, data):
    app.config["STAFF_SIGN_IN_RATE_LIMIT"] = "3 per 10 minutes"
    person = make_staff(data, "editor")
    sign_in(client, person)
    _, token = form_with_token(client, "/admin/account/password")

    statuses = [wrong_current_password(client, token).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]

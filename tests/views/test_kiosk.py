"""Kiosk mode on the shared PC: marked by an admin or by address; nothing stays behind."""

import time

import pytest

from portal import config, create_app
from tests.conftest import app_settings
from tests.factories import at_ten, make_slot
from tests.html import csrf_token, parse
from tests.staff import make_staff


@pytest.fixture
def kiosk_app(database_url, app, tmp_path):
    """The same database as `app`, with 127.0.0.1 (the test client's address) a kiosk."""
    environment = {"PORTAL_KIOSK_ADDRESSES": "10.0.0.0/8, 127.0.0.1"}
    addresses = config.load(environment, tmp_path)["KIOSK_ADDRESSES"]
    return create_app(app_settings(database_url, KIOSK_ADDRESSES=addresses))


def details_page(client, data):
    slot = make_slot(data, make_staff(data, "caseworker"), at_ten(3))
    return parse(client.get(f"/nb/book/time/{slot.id}"))


def test_an_ordinary_device_has_no_kiosk_bar_and_keeps_autocomplete(client, data):
    page = details_page(client, data)

    assert page.select_one(".kiosk-bar") is None
    assert page.body.get("data-kiosk") is None
    assert page.find("input", id="name")["autocomplete"] == "name"


def test_a_listed_address_is_a_kiosk_without_autocomplete(kiosk_app, data):
    page = details_page(kiosk_app.test_client(), data)

    assert page.select_one(".kiosk-bar form")["action"] == "/nb/finish"
    assert (page.body["data-kiosk-warn"], page.body["data-kiosk-clear"]) == ("120", "180")
    for field in ("name", "phone", "email"):
        assert page.find("input", id=field)["autocomplete"] == "off"


def test_a_forged_kiosk_cookie_is_ignored(client):
    client.set_cookie("portal_kiosk", "kiosk")

    assert parse(client.get("/nb/")).select_one(".kiosk-bar") is None


def test_finish_and_clear_empties_the_session_and_the_browser(kiosk_app, data):
    client = kiosk_app.test_client()
    page = details_page(client, data)
    with client.session_transaction() as session:
        session["booking"] = {"slot_id": 1, "details": {"name": "Kari"}}

    response = client.post(
        "/nb/finish", data={"csrf_token": csrf_token(page), "reason": "finished"}
    )

    assert response.headers["Location"] == "/nb/?cleared=finished"
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    with client.session_transaction() as session:
        assert dict(session) == {}
    start = parse(client.get(response.headers["Location"]))
    assert "fjernet fra denne PC-en" in start.select_one(".notice").get_text()


def test_the_server_wipes_a_kiosk_session_left_idle(kiosk_app, data):
    client = kiosk_app.test_client()
    details_page(client, data)
    with client.session_transaction() as session:
        session["booking"] = {"slot_id": 1}
        session["kiosk_last_seen"] = int(time.time()) - 16 * 60

    response = client.get("/nb/book")

    assert response.headers["Location"] == "/nb/?cleared=timeout"
    with client.session_transaction() as session:
        assert "booking" not in session


def test_a_kiosk_session_in_use_is_kept(kiosk_app, data):
    client = kiosk_app.test_client()
    details_page(client, data)
    with client.session_transaction() as session:
        session["booking"] = {"slot_id": 1}
        session["kiosk_last_seen"] = int(time.time()) - 60

    assert client.get("/nb/book").status_code == 200
    with client.session_transaction() as session:
        assert session["booking"] == {"slot_id": 1}


def test_a_bad_kiosk_address_stops_the_app_at_start(tmp_path):
    with pytest.raises(config.ConfigError):
        config.load({"PORTAL_KIOSK_ADDRESSES": "town-hall-pc"}, tmp_path)

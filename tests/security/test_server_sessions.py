"""The browser's cookie holds ids only; ending a session on the server ends every copy of it."""

from datetime import timedelta

import pytest
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import func, select, update

from portal.db import utcnow
from portal.models import Booking, BrowserSession
from portal.server_session import COOKIE_KEYS
from tests.factories import at_ten, make_slot
from tests.html import form_with_token, parse, text_of
from tests.staff import make_staff
from tests.views.test_booking import DETAILS, book, fill_in_details

CYRILLIC_NOTE = ("Мені потрібна допомога з житлом для моєї родини. " * 40)[:2000].strip()


def cookie_values(app, client) -> dict:
    """What the browser holds, decoded with the app's own key."""
    cookie = client.get_cookie("portal_session")
    if cookie is None:
        return {}
    return SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie.value)


def copy_of_browser(app, client):
    copy = app.test_client()
    copy.set_cookie("portal_session", client.get_cookie("portal_session").value)
    return copy


@pytest.fixture
def slot(data):
    return make_slot(data, make_staff(data, "caseworker"), at_ten(3))


def test_a_booking_in_progress_leaves_only_ids_in_the_cookie(app, client, slot):
    response, _ = fill_in_details(client, slot.id, about=CYRILLIC_NOTE)

    assert response.headers["Location"] == "/nb/book/check"
    values = cookie_values(app, client)
    assert set(values) <= COOKIE_KEYS | {"sid"}
    raw = client.get_cookie("portal_session").value
    for personal in (DETAILS["name"], "91234567", DETAILS["email"], "житлом"):
        assert personal not in raw
    assert len(raw) < 200
    page = parse(client.get("/nb/book/check"))
    assert "житлом" in text_of(page)


def test_two_thousand_cyrillic_characters_are_booked_whole(client, data, slot):
    response, token = fill_in_details(client, slot.id, about=CYRILLIC_NOTE)
    assert response.status_code == 302

    client.post("/nb/book/check", data={"csrf_token": token})

    receipt = parse(client.get("/nb/book/receipt"))
    assert len(receipt.select(".receipt-code")) == 2
    assert data.scalar(select(Booking.about)) == CYRILLIC_NOTE


def test_the_receipt_code_is_never_in_the_cookie(app, client, slot):
    reference, code = book(client, slot.id)

    raw = client.get_cookie("portal_session").value
    assert code not in raw and code.replace("-", "") not in raw
    assert set(cookie_values(app, client)) <= COOKIE_KEYS | {"sid"}
    assert reference


def test_closing_the_case_ends_a_copied_cookie_too(app, client, slot):
    reference, code = book(app.test_client(), slot.id)
    _, token = form_with_token(client, "/nb/case")
    client.post("/nb/case", data={"csrf_token": token, "reference": reference, "code": code})
    copy = copy_of_browser(app, client)
    assert copy.get(f"/nb/case/{reference}").status_code == 200

    client.post("/nb/case/close", data={"csrf_token": token})

    assert copy.get(f"/nb/case/{reference}").headers["Location"] == (
        f"/nb/case?reference={reference}"
    )


def test_i_have_written_it_down_ends_the_receipt_for_a_copied_cookie(app, client, slot):
    _, token = fill_in_details(client, slot.id)
    client.post("/nb/book/check", data={"csrf_token": token})
    copy = copy_of_browser(app, client)
    assert copy.get("/nb/book/receipt").status_code == 200

    client.post("/nb/book/done", data={"csrf_token": token})

    assert copy.get("/nb/book/receipt").status_code == 302


def test_finish_and_clear_on_a_kiosk_deletes_the_row(app, client, data, slot):
    _, token = fill_in_details(client, slot.id)
    assert data.scalar(select(func.count()).select_from(BrowserSession)) == 1
    copy = copy_of_browser(app, client)

    client.post("/nb/finish", data={"csrf_token": token})

    data.expire_all()
    assert data.scalar(select(func.count()).select_from(BrowserSession)) == 0
    assert copy.get("/nb/book/check").headers["Location"] == "/nb/book"


def test_an_expired_row_is_not_read(app, client, data, slot):
    fill_in_details(client, slot.id)
    data.execute(update(BrowserSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    data.commit()

    assert client.get("/nb/book/check").headers["Location"] == "/nb/book"


def test_a_pending_two_factor_secret_stays_on_the_server(app, client, data):
    from tests.staff import post_password

    person = make_staff(data, "caseworker", enrolled=False)
    post_password(client, person.email)

    page = parse(client.get("/admin/two-factor/setup"))

    secret = text_of(page.select_one(".secret")).replace(" ", "")
    assert len(secret) >= 16
    raw = client.get_cookie("portal_session").value
    assert secret not in raw
    assert set(cookie_values(app, client)) <= COOKIE_KEYS | {"sid"}


def test_an_information_page_sets_no_cookie_and_reads_no_session(client):
    response = client.get("/nb/")

    assert "portal_session" not in response.headers.get("Set-Cookie", "")


def test_the_session_row_is_found_by_a_hash_of_the_id(app, client, data, slot):
    fill_in_details(client, slot.id)
    session_id = cookie_values(app, client)["sid"]

    stored = data.scalar(select(BrowserSession.id_hash))

    assert stored != session_id and len(stored) == 64


def test_purge_expired_deletes_idle_session_rows_only(app, client, data, runner, slot):
    fill_in_details(client, slot.id)
    fill_in_details(app.test_client(), slot.id)
    oldest = data.scalars(select(BrowserSession.id_hash)).first()
    data.execute(
        update(BrowserSession)
        .where(BrowserSession.id_hash == oldest)
        .values(expires_at=utcnow() - timedelta(minutes=1))
    )
    data.commit()

    result = runner.invoke(args=["purge-expired"])

    assert "1 idle browser sessions deleted" in result.output
    data.expire_all()
    assert data.scalars(select(BrowserSession.id_hash)).all() != [oldest]
    assert data.scalar(select(func.count()).select_from(BrowserSession)) == 1

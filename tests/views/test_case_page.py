"""Following a case with reference and code; cancelling and moving a booking there."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.models import Booking, Case
from tests.factories import at_ten, make_slot
from tests.html import csrf_token, error_summary_links, form_with_token, parse, text_of
from tests.staff import make_staff
from tests.views.test_booking import book, week_of


@pytest.fixture
def adviser(data):
    return make_staff(data, "caseworker")


def open_case(client, reference: str, code: str):
    _, token = form_with_token(client, "/nb/case")
    return client.post("/nb/case", data={"csrf_token": token, "reference": reference, "code": code})


@pytest.fixture
def booked(app, data, adviser):
    """A booking made in another browser; this test's browser knows only reference and code."""
    slot = make_slot(data, adviser, at_ten(3))
    reference, code = book(app.test_client(), slot.id)
    return slot, reference, code


def test_reference_and_code_open_the_case_in_any_case_and_spacing(client, booked):
    _, reference, code = booked

    response = open_case(client, reference.lower().replace("-", " "), code.lower())

    assert response.headers["Location"] == f"/nb/case/{reference}"
    page = parse(client.get(response.headers["Location"]))
    assert reference in text_of(page.h1)
    assert "Mottatt" in text_of(page.select_one(".summary-list"))
    assert "Timen ble bestilt." in text_of(page.select_one(".timeline"))


def test_a_wrong_code_and_an_unknown_reference_get_the_same_answer(client, booked):
    _, reference, _ = booked

    wrong_code = parse(open_case(client, reference, "AAAA-AAAA"))
    unknown = parse(open_case(client, "ZZZZ-ZZZZ", "AAAA-AAAA"))

    assert error_summary_links(wrong_code) == error_summary_links(unknown)
    assert list(error_summary_links(unknown)) == ["code"]


def test_the_case_page_needs_the_code_first(client, booked):
    _, reference, _ = booked

    response = client.get(f"/nb/case/{reference}")

    assert response.headers["Location"] == f"/nb/case?reference={reference}"
    assert client.post(f"/nb/case/{reference}/cancel", data={}).status_code in (302, 400)


def test_cancelling_frees_the_time_at_once(client, data, booked):
    slot, reference, code = booked
    open_case(client, reference, code)
    token = csrf_token(parse(client.get(f"/nb/case/{reference}/cancel")))

    response = client.post(f"/nb/case/{reference}/cancel", data={"csrf_token": token})

    assert response.headers["Location"] == f"/nb/case/{reference}"
    page = parse(client.get(f"/nb/case/{reference}"))
    assert "Du avlyste timen." in text_of(page.select_one(".timeline"))
    assert "Avlyst" in text_of(page.select_one(".summary-list"))
    assert client.get(f"/nb/book/time/{slot.id}").status_code == 200


def test_moving_takes_the_new_time_and_frees_the_old(client, data, adviser, booked):
    slot, reference, code = booked
    later = make_slot(data, adviser, at_ten(3) + timedelta(hours=2))
    open_case(client, reference, code)

    choices = parse(client.get(f"/nb/case/{reference}/move?week={week_of(later.starts_at)}"))
    link = choices.find("a", href=f"/nb/case/{reference}/move/{later.id}")
    assert link is not None
    confirm = parse(client.get(link["href"]))
    response = client.post(link["href"], data={"csrf_token": csrf_token(confirm)})

    assert response.headers["Location"] == f"/nb/case/{reference}"
    data.expire_all()
    assert data.scalar(select(Booking)).slot_id == later.id
    assert client.get(f"/nb/book/time/{slot.id}").status_code == 200


def test_moving_into_the_past_or_onto_a_taken_time_is_refused(app, client, data, adviser, booked):
    _, reference, code = booked
    past = make_slot(data, adviser, at_ten(-1))
    taken = make_slot(data, adviser, at_ten(6))
    book(app.test_client(), taken.id)
    open_case(client, reference, code)
    token = csrf_token(parse(client.get(f"/nb/case/{reference}")))

    into_past = client.post(f"/nb/case/{reference}/move/{past.id}", data={"csrf_token": token})
    onto_taken = client.post(f"/nb/case/{reference}/move/{taken.id}", data={"csrf_token": token})

    assert (into_past.status_code, onto_taken.status_code) == (410, 409)
    data.expire_all()
    mine = data.scalar(select(Booking).join(Case).where(Case.reference == reference))
    assert mine.slot_id == booked[0].id


def test_changes_close_at_the_cut_off(app, client, data, adviser):
    soon = make_slot(data, adviser, datetime.now(UTC) + timedelta(hours=3))
    reference, code = book(app.test_client(), soon.id)
    app.config["BOOKING_CUTOFF_HOURS"] = 4
    open_case(client, reference, code)

    page = parse(client.get(f"/nb/case/{reference}"))
    response = client.get(f"/nb/case/{reference}/cancel")

    assert not page.find("a", href=f"/nb/case/{reference}/cancel")
    assert response.status_code == 409


def test_closing_forgets_the_case_in_this_browser(client, booked):
    _, reference, code = booked
    open_case(client, reference, code)
    token = csrf_token(parse(client.get(f"/nb/case/{reference}")))

    client.post("/nb/case/close", data={"csrf_token": token})

    assert client.get(f"/nb/case/{reference}").status_code == 302

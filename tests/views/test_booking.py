"""Booking guidance page by page: topic, times, details, check, receipt; taken and bad times."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.models import Booking, CallbackRequest, Case, GuidanceSlot, OutboxMessage
from portal.models.booking import Topic
from portal.services.guidance.guidance_slots import LOCAL_TIME
from tests.factories import at_ten, make_slot
from tests.html import csrf_token, error_summary_links, form_with_token, parse, text_of
from tests.staff import make_staff


def week_of(moment: datetime) -> int:
    """The `?week=` that shows `moment`, counted from this week's Monday in Oslo."""
    today = datetime.now(LOCAL_TIME).date()
    monday = today - timedelta(days=today.weekday())
    return (moment.astimezone(LOCAL_TIME).date() - monday).days // 7


@pytest.fixture
def adviser(data):
    return make_staff(data, "caseworker")


@pytest.fixture
def slot(data, adviser):
    return make_slot(data, adviser, at_ten(3))


DETAILS = {
    "name": "Kari Nordmann",
    "phone": "912 34 567",
    "email": "kari@example.no",
    "about": "Jeg vil søke bostøtte.",
    "interpreter": "yes",
    "interpreter_language": "arabisk",
    "accessibility_needs": "",
}


def fill_in_details(client, slot_id: int, **changes) -> tuple:
    _, token = form_with_token(client, f"/nb/book/time/{slot_id}")
    response = client.post(
        f"/nb/book/time/{slot_id}", data={"csrf_token": token, **DETAILS, **changes}
    )
    return response, token


def book(client, slot_id: int):
    """The whole journey up to the receipt; returns (reference, code)."""
    response, token = fill_in_details(client, slot_id)
    assert response.headers["Location"] == "/nb/book/check"
    assert client.post("/nb/book/check", data={"csrf_token": token}).status_code == 302
    receipt = parse(client.get("/nb/book/receipt"))
    reference, code = (text_of(span) for span in receipt.select(".receipt-code"))
    return reference, code


def count(data, model) -> int:
    data.expire_all()
    return data.scalar(select(func.count()).select_from(model))


def test_the_topic_page_links_every_topic(client):
    page = parse(client.get("/nb/book"))

    links = [a["href"] for a in page.select(".link-list a")]
    assert links == [f"/nb/book/{topic}" for topic in Topic.values()]
    assert page.find("a", href="/nb/book/call-me")


def test_free_times_are_grouped_by_day_in_oslo_time(client, data, adviser):
    make_slot(data, adviser, at_ten(2))
    make_slot(data, adviser, at_ten(2) + timedelta(hours=1), channel="phone")
    taken = make_slot(data, adviser, at_ten(2) + timedelta(hours=2))
    cancelled = make_slot(data, adviser, at_ten(2) + timedelta(hours=3))
    cancelled.cancelled_at = datetime.now(UTC)
    make_slot(data, adviser, at_ten(2) + timedelta(hours=4), topic="startlan")
    data.commit()
    book(client.application.test_client(), taken.id)

    response = client.get("/nb/book/bostotte?week=0")
    response_next = client.get("/nb/book/bostotte?week=1")

    days = [
        (
            text_of(heading),
            [text_of(link.span) for link in heading.find_next("ul").select(".time-link")],
        )
        for page in (parse(response), parse(response_next))
        for heading in page.select(".times__day")
    ]
    day_name = at_ten(2).astimezone(LOCAL_TIME).strftime("%d").lstrip("0") + "."
    assert len(days) == 1
    assert day_name in days[0][0]
    assert [time.split(" , ")[0] for time in days[0][1]] == ["kl. 10:00", "kl. 11:00"]


def test_without_a_week_the_page_opens_on_the_first_free_time(client, data, adviser):
    later = make_slot(data, adviser, at_ten(16))

    page = parse(client.get("/nb/book/bostotte"))

    assert page.find("a", href=f"/nb/book/time/{later.id}")
    assert page.find("a", href=f"/nb/book/bostotte?week={week_of(later.starts_at) - 1}")


def test_another_week_through_htmx_is_only_the_times(client):
    response = client.get("/nb/book/bostotte?week=1", headers={"HX-Request": "true"})

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body
    assert parse(response).select_one("#times")


def test_weeks_beyond_the_four_bookable_ones_do_not_exist(client):
    assert client.get("/nb/book/bostotte?week=6").status_code == 404
    assert client.get("/nb/book/no-such-topic").status_code == 404


def test_the_whole_booking_makes_one_case_and_shows_the_code_once(client, data, slot):
    reference, code = book(client, slot.id)

    case = data.scalar(select(Case).where(Case.reference == reference))
    assert (case.kind, case.name, case.phone) == ("booking", "Kari Nordmann", "91234567")
    assert data.scalar(select(Booking)).interpreter_language == "arabisk"
    assert {m.channel for m in data.scalars(select(OutboxMessage))} == {"email", "sms"}
    assert len(code) == 9
    assert (
        client.post(
            "/nb/book/done", data={"csrf_token": csrf_token(parse(client.get("/nb/book/receipt")))}
        ).status_code
        == 302
    )
    assert client.get("/nb/book/receipt").headers["Location"] == "/nb/book"


def test_pressing_book_again_or_reloading_makes_no_second_case(client, data, slot):
    _, token = fill_in_details(client, slot.id)

    first = client.post("/nb/book/check", data={"csrf_token": token})
    second = client.post("/nb/book/check", data={"csrf_token": token})

    assert first.headers["Location"] == second.headers["Location"] == "/nb/book/receipt"
    assert count(data, Case) == 1


def test_the_check_page_has_a_change_link_for_every_answer(client, slot):
    fill_in_details(client, slot.id)

    page = parse(client.get("/nb/book/check"))

    changes = [a["href"] for a in page.select(".summary-list__action a")]
    assert changes.count(f"/nb/book/time/{slot.id}") == 6
    assert "/nb/book/bostotte" in changes
    # Going back keeps what was typed.
    details = parse(client.get(f"/nb/book/time/{slot.id}"))
    assert details.find("input", id="name")["value"] == "Kari Nordmann"


def test_bad_details_are_listed_kept_and_nothing_is_stored(client, data, slot):
    response, _ = fill_in_details(
        client,
        slot.id,
        name="",
        phone="12",
        email="kari@example.no\nBcc: x@evil.example",
        interpreter_language="",
    )

    page = parse(response)
    assert response.status_code == 200
    assert set(error_summary_links(page)) == {"name", "phone", "email", "interpreter_language"}
    assert page.find("input", id="phone")["value"] == "12"
    assert page.find("input", id="phone")["aria-invalid"] == "true"
    assert count(data, Case) == 0


def test_the_calendar_file_is_in_oslo_time_with_its_timezone(client, slot):
    book(client, slot.id)

    response = client.get("/nb/book/receipt/calendar.ics")

    body = response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/Oslo" in body
    assert (
        "DTSTART;TZID=Europe/Oslo:"
        + slot.starts_at.astimezone(LOCAL_TIME).strftime("%Y%m%dT%H%M%S")
        in body
    )


def test_a_time_taken_in_the_meantime_offers_the_next_free_times(app, client, data, adviser, slot):
    other = make_slot(data, adviser, at_ten(4))
    _, token = fill_in_details(client, slot.id)
    book(app.test_client(), slot.id)

    response = client.post("/nb/book/check", data={"csrf_token": token})

    page = parse(response)
    assert response.status_code == 409
    assert page.find("a", href=f"/nb/book/time/{other.id}")
    assert count(data, Case) == 1


@pytest.mark.parametrize("change", ["cancelled", "past", "too_close", "made_up"])
def test_a_time_that_cannot_be_booked_gets_a_clear_page(client, data, adviser, change):
    starts = {"past": at_ten(-1), "too_close": datetime.now(UTC) + timedelta(minutes=30)}
    slot = make_slot(data, adviser, starts.get(change, at_ten(3)))
    if change == "cancelled":
        slot.cancelled_at = datetime.now(UTC)
        data.commit()
    slot_id = 999_999 if change == "made_up" else slot.id

    response = client.get(f"/nb/book/time/{slot_id}")

    assert response.status_code == 410
    assert text_of(parse(response).h1) == "Denne tiden kan ikke bestilles"


def test_a_time_cancelled_between_details_and_check_stores_nothing(client, data, slot):
    _, token = fill_in_details(client, slot.id)
    data.get(GuidanceSlot, slot.id).cancelled_at = datetime.now(UTC)
    data.commit()

    response = client.post("/nb/book/check", data={"csrf_token": token})

    assert response.status_code == 410
    assert count(data, Case) == count(data, Booking) == count(data, OutboxMessage) == 0


def test_call_me_back_becomes_a_case(client, data):
    _, token = form_with_token(client, "/nn/book/call-me?topic=okonomi")
    response = client.post(
        "/nn/book/call-me",
        data={
            "csrf_token": token,
            "topic": "okonomi",
            "name": "Per",
            "phone": "91234567",
            "preferred_time": "morning",
            "about": "",
        },
    )

    assert response.headers["Location"] == "/nn/book/call-me/receipt"
    case = data.scalar(select(Case))
    assert (case.kind, case.topic, case.language) == ("callback", "okonomi", "nn")
    assert data.scalar(select(CallbackRequest)).preferred_time == "morning"
    receipt = parse(client.get("/nn/book/call-me/receipt"))
    assert text_of(receipt.select(".receipt-code")[0]) == case.reference


def test_call_me_back_refuses_bad_input_and_keeps_it(client, data):
    _, token = form_with_token(client, "/nb/book/call-me")
    response = client.post(
        "/nb/book/call-me",
        data={"csrf_token": token, "topic": "made-up", "name": "Per", "phone": "abc"},
    )

    page = parse(response)
    assert set(error_summary_links(page)) == {"topic-0", "phone", "preferred_time-0"}
    assert page.find("input", id="name")["value"] == "Per"
    assert count(data, Case) == 0

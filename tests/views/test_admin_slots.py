"""Staff put out guidance times, see a day's bookings and cancel a time (admin/slots.py)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.db import db
from portal.models import GuidanceSlot, OutboxMessage
from portal.services.guidance.guidance_slots import LOCAL_TIME
from tests.factories import at_ten, make_slot
from tests.html import csrf_token, error_summary_links, form_with_token, parse, text_of
from tests.staff import make_staff, sign_in
from tests.statements import counting_statements
from tests.views.test_booking import book


def slot_count(data) -> int:
    data.expire_all()
    return data.scalar(select(func.count()).select_from(GuidanceSlot))


def series(token, **changes):
    monday = at_ten(7).astimezone(LOCAL_TIME).date()
    monday -= timedelta(days=monday.weekday())
    return {
        "csrf_token": token,
        "topic": "startlan",
        "channel": "in_person",
        "location": "Rådhuset",
        "first_day": monday.isoformat(),
        "start_time": "09:30",
        "minutes": "45",
        "weekdays": ["0", "3"],
        "weeks": "3",
        **changes,
    }


def test_a_weekly_series_creates_every_time_in_oslo_time(staff, data, caseworker):
    _, token = form_with_token(staff, "/admin/slots/new")

    response = staff.post("/admin/slots/new", data=series(token))

    assert response.status_code == 302
    slots = data.scalars(select(GuidanceSlot).order_by(GuidanceSlot.starts_at)).all()
    assert len(slots) == 6
    assert {s.starts_at.astimezone(LOCAL_TIME).strftime("%a %H:%M") for s in slots} == {
        "Mon 09:30",
        "Thu 09:30",
    }
    assert {s.adviser_id for s in slots} == {caseworker.id}
    day = parse(staff.get(response.headers["Location"]))
    assert "09:30–10:15" in text_of(day.select_one("table"))


def test_one_time_without_weekdays(staff, data):
    _, token = form_with_token(staff, "/admin/slots/new")

    staff.post("/admin/slots/new", data=series(token, weekdays=[], channel="phone", location=""))

    assert slot_count(data) == 1


def test_an_overlapping_series_is_refused_whole(staff, data, caseworker):
    _, token = form_with_token(staff, "/admin/slots/new")
    first = series(token)
    make_slot(data, caseworker, at_ten(30), topic="annet")
    staff.post("/admin/slots/new", data=first)
    before = slot_count(data)

    response = staff.post("/admin/slots/new", data=series(token, start_time="10:00", weeks="5"))

    page = parse(response)
    assert "start_time" in error_summary_links(page)
    assert "overlapper" in error_summary_links(page)["start_time"]
    assert slot_count(data) == before
    assert page.find("input", id="weeks")["value"] == "5"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"location": ""}, "location"),
        ({"start_time": "25:00"}, "start_time"),
        ({"weeks": "27"}, "weeks"),
        ({"first_day": "2020-01-06", "weekdays": []}, "first_day"),
        ({"channel": "carrier-pigeon"}, "channel-0"),
    ],
)
def test_bad_times_are_refused_with_a_message_on_the_field(staff, data, changes, field):
    _, token = form_with_token(staff, "/admin/slots/new")

    response = staff.post("/admin/slots/new", data=series(token, **changes))

    assert field in error_summary_links(parse(response))
    assert slot_count(data) == 0


def test_cancelling_a_booked_time_tells_the_resident_and_shows_on_their_case(
    app, staff, data, caseworker
):
    slot = make_slot(data, caseworker, at_ten(3))
    resident = app.test_client()
    reference, code = book(resident, slot.id)
    page = parse(staff.get(f"/admin/slots/{slot.id}/cancel"))
    assert reference in text_of(page.select_one(".summary-list"))

    staff.post(f"/admin/slots/{slot.id}/cancel", data={"csrf_token": csrf_token(page)})

    data.expire_all()
    assert data.get(GuidanceSlot, slot.id).cancelled_at is not None
    templates = data.scalars(select(OutboxMessage.template)).all()
    assert templates.count("slot_cancelled") == 2
    _, token = form_with_token(resident, "/nb/case")
    resident.post("/nb/case", data={"csrf_token": token, "reference": reference, "code": code})
    case_page = parse(resident.get(f"/nb/case/{reference}"))
    assert "Kommunen måtte avlyse timen" in text_of(case_page.select_one(".timeline"))
    assert resident.get(f"/nb/book/time/{slot.id}").status_code == 410


def test_editors_cannot_reach_times_or_cases(client, data):
    sign_in(client, make_staff(data, "editor"))

    assert client.get("/admin/slots").status_code == 403
    assert client.get("/admin/queue").status_code == 403


def test_the_day_view_reads_its_bookings_in_one_query(app, staff, data, caseworker):
    for hour in range(5):
        slot = make_slot(data, caseworker, at_ten(3) + timedelta(hours=hour))
        book(app.test_client(), slot.id)
    day = at_ten(3).astimezone(LOCAL_TIME).date().isoformat()
    with counting_statements(db.engine_for(app)) as statements:
        page = parse(staff.get(f"/admin/slots?day={day}"))

    assert len(page.select("tbody tr")) == 5
    assert sum("FROM cases" in statement for statement in statements) <= 1

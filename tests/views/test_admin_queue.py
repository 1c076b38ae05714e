"""The case queue page (admin/queue.py): filters as a plain form and in place, paging by
links, counts per status, age in words."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.db import utcnow
from portal.models import StaffUser
from tests.casework import make_case
from tests.html import parse, text_of
from tests.staff import make_staff, sign_in


@pytest.fixture
def staff(client, data):
    sign_in(client, make_staff(data, "caseworker", name="Sara Saksbehandler"))
    return client


def references(page) -> list[str]:
    return [text_of(a) for a in page.select("tbody a.reference")]


def test_every_open_case_is_reached_by_following_the_next_links(staff, data):
    now = utcnow()
    made = {
        make_case(data, created=now - timedelta(minutes=i), commit=False).reference
        for i in range(120)
    }
    data.commit()
    seen, url = [], "/admin/queue"
    while url:
        page = parse(staff.get(url))
        seen += references(page)
        link = page.select_one("a[rel=next]")
        url = link["href"] if link else None

    assert set(seen) == made and len(seen) == 120


def test_a_filter_is_a_plain_get_form_and_htmx_gets_only_the_results(staff, data):
    make_case(data, kind="booking", name="Per Booking")
    make_case(data, name="Kari Søknad")

    whole = parse(staff.get("/admin/queue?kind=booking"))
    fragment = parse(staff.get("/admin/queue?kind=booking", headers={"HX-Request": "true"}))

    form = whole.select_one("form.filters")
    assert form["method"] == "get" and form["data-hx-target"] == "#queue-results"
    assert [text_of(td) for td in whole.select("tbody td:nth-of-type(2)")] == ["Per Booking"]
    assert fragment.find("html") is None and fragment.select_one("form.filters") is None
    assert "Per Booking" in text_of(fragment) and "Kari" not in text_of(fragment)


def test_counts_per_status_link_to_their_filter(staff, data):
    make_case(data, status="in_review")
    make_case(data, status="in_review")
    make_case(data, status="waiting_for_resident")

    counts = parse(staff.get("/admin/queue")).select(".status-counts a")

    words = {text_of(a) for a in counts}
    assert {"Under behandling: 2", "Venter på innbyggeren: 1", "Avsluttet"} <= words
    assert all("status=" in a["href"] for a in counts)


def test_age_is_said_in_words_and_overdue_applications_stand_out(staff, data):
    now = utcnow()
    make_case(data, name="Gammel Søknad", created=now - timedelta(days=40))
    make_case(data, name="Ny Søknad", created=now - timedelta(days=3))

    rows = parse(staff.get("/admin/queue")).select("tbody tr")

    by_name = {text_of(row.select("td")[1]): row for row in rows}
    assert text_of(by_name["Ny Søknad"].select("td")[-1]) == "3 dager"
    assert text_of(by_name["Gammel Søknad"].select("td")[-1]) == "5 uker"
    assert "Over fristen" in text_of(by_name["Gammel Søknad"])
    assert "Over fristen" not in text_of(by_name["Ny Søknad"])


def test_mine_shows_only_what_i_hold(staff, data):
    me = data.scalars(select(StaffUser)).first()
    make_case(data, name="Min Sak", assignee_id=me.id)
    make_case(data, name="Annen Sak")

    page = parse(staff.get("/admin/queue?assignee=mine"))

    assert [text_of(td) for td in page.select("tbody td:nth-of-type(2)")] == ["Min Sak"]
    assert "Sara Saksbehandler" in text_of(page.select_one("tbody"))


def test_hostile_filter_values_show_the_queue_not_an_error(staff, data):
    make_case(data)

    for query in ("status=nope", "team=99999999999", "assignee=<script>", "flag=x", "after=1.2"):
        assert staff.get(f"/admin/queue?{query}").status_code == 200

"""Every route, from the url_map, with the cache policy it sends: only pages that hold nothing
personal may be kept, and nothing at all on a kiosk or for someone with a session.

The table is built for four visitors: a stranger, a resident in the middle of a booking
(a session), a signed-in caseworker and admin, and the town hall's kiosk. A route that is
not in SHAREABLE and sends anything but `no-store` fails, whoever asked.
"""

import ipaddress
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import sessionmaker

from portal import create_app
from portal.db import db
from portal.http_caching import SHAREABLE as SHAREABLE_POLICY
from portal.services.casework import cases
from tests.conftest import app_settings, empty_tables
from tests.factories import at_ten, make_page, make_slot
from tests.staff import make_staff, sign_in
from tests.views.test_booking import fill_in_details

# Asked for with no query string, by a stranger: the same page for everyone (see
# portal/http_caching.py for why each is safe, and why nothing with a query is).
SHAREABLE = {
    "public.start",
    "public.page",
    "public.accessibility",
    "public.privacy",
    "public.search",
    "public.guide",
    "public.calculator",
    "public.choose_topic",
}
STATIC = "static"
KIOSK = ipaddress.ip_network("10.20.0.15/32")


@pytest.fixture(scope="module")
def world(database_url):
    app = create_app(app_settings(database_url, KIOSK_ADDRESSES=[KIOSK]))
    session = sessionmaker(bind=db.engine_for(app), expire_on_commit=False)()
    staff = make_staff(session, "admin", "caseworker", "editor")
    page = make_page(session, slug="personvern")
    make_page(session, slug="tilgjengelighet")
    slot = make_slot(session, staff, at_ten(3))
    case = cases.new_case(
        kind="callback", reference="B7K4-P2QM", code="ABCD-EFGH", language="nb",
        name="Ola Nordmann", phone="91234567", email="", topic="annet", now=datetime.now(UTC),
    )  # fmt: skip
    session.add(case)
    session.commit()
    values = {
        "lang": "nb",
        "slug": "personvern",
        "step": "about_you",
        "topic": "bostotte",
        "reference": case.reference,
        "filename": "css/portal.css",
        "slot_id": str(slot.id),
        "staff_id": str(staff.id),
        "page_id": str(page.id),
        "revision_id": str(page.revisions[0].id),
    }
    visitors = {"resident": app.test_client()}
    fill_in_details(visitors["resident"], slot.id)
    visitors["staff"] = app.test_client()
    sign_in(visitors["staff"], staff)
    yield app, values, visitors
    session.close()
    empty_tables(db.engine_for(app))
    db.engine_for(app).dispose()


def path_of(rule, values: dict[str, str]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "1"), rule.rule)


def policy_table(app, values, client=None, **request) -> dict[str, tuple[str, int, str]]:
    """endpoint → (path, status, Cache-Control) for every rule, GET where it takes GET.
    Without a client, each request comes from a browser that has never been here."""
    table = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint in ("admin.logout", "public.finish_and_clear", "public.close_cases"):
            continue  # they end the visitor's session; checked for no-store below
        path = path_of(rule, values)
        method = "GET" if "GET" in rule.methods else "POST"
        response = (client or app.test_client()).open(path, method=method, **request)
        table[rule.endpoint] = (path, response.status_code, response.headers["Cache-Control"])
    return table


def kept(table: dict) -> dict:
    return {
        endpoint: row
        for endpoint, row in table.items()
        if endpoint != STATIC and row[2] != "no-store"
    }


def test_a_stranger_may_keep_only_the_pages_that_hold_nothing_personal(world):
    app, values, _visitors = world

    table = policy_table(app, values)
    for endpoint, (path, status, policy) in table.items():  # shown with pytest -s
        print(f"{path:45} {endpoint:40} {status} {policy}")

    assert set(kept(table)) == SHAREABLE, table
    assert all(row[2] == SHAREABLE_POLICY for row in kept(table).values())
    assert "max-age" in table[STATIC][2]


def test_nothing_is_kept_for_a_resident_in_the_middle_of_a_booking(world):
    app, values, visitors = world

    table = policy_table(app, values, visitors["resident"])

    assert kept(table) == {}, table


def test_nothing_is_kept_for_signed_in_staff(world):
    app, values, visitors = world

    table = policy_table(app, values, visitors["staff"])

    assert kept(table) == {}, table
    assert table["admin.case_queue"][1:] == (200, "no-store")
    assert table["admin.show_case"][1:] == (200, "no-store")


def test_nothing_is_ever_kept_on_a_kiosk(world):
    app, values, _visitors = world

    table = policy_table(app, values, environ_base={"REMOTE_ADDR": "10.20.0.15"})

    assert kept(table) == {}, table
    assert table["public.start"][1:] == (200, "no-store")


def test_a_page_asked_for_with_a_query_is_the_askers_own_and_never_kept(world):
    app, _values, _visitors = world
    client = app.test_client()

    asked = ["/nb/search?q=husleie", "/nb/guide?situation=renting&step=1", "/nb/?cleared=finished",
             "/nb/calculator?amount=2000000&years=25&rate=5"]  # fmt: skip
    for path in asked:
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_the_receipt_and_the_case_page_are_never_kept(world):
    _app, _values, visitors = world
    client = visitors["resident"]

    for path in ["/nb/book/check", "/nb/book/receipt", "/nb/case/B7K4-P2QM"]:
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    for path in ["/nb/finish", "/nb/case/close"]:
        assert client.post(path).headers["Cache-Control"] == "no-store", path

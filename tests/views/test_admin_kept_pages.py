"""Staff pages kept for a session (admin/kept_pages.py): the queue is drawn once and sent
again until a record changes, but every access rule runs first, every time."""

import pytest
import redis
from sqlalchemy.orm import sessionmaker

from admin import kept_pages
from portal import create_app
from portal.db import db
from tests.casework import make_case, take_case
from tests.conftest import app_settings, empty_tables
from tests.html import form_on, parse, text_of
from tests.kept import counting_renders, hears_only_through_redis, workers_sharing_redis
from tests.staff import make_staff, sign_in

REDIS_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def staff(staff):
    staff.get("/admin/")  # the first page after signing in makes the session's form token
    return staff


def queue_names(response) -> list[str]:
    return [text_of(td) for td in parse(response).select("tbody td:nth-of-type(2)")]


def test_the_queue_is_drawn_once_and_sent_again_while_nothing_changed(app, staff, data):
    make_case(data, name="Kari Først")
    first = staff.get("/admin/queue")

    with counting_renders(app) as names:
        again = staff.get("/admin/queue", headers={"Accept-Encoding": "gzip"})

    assert names == []
    assert again.headers["Content-Encoding"] == "gzip"
    assert again.headers["Cache-Control"] == "no-store"
    assert again.get_data() and parse(first).select_one("title") is not None
    assert queue_names(staff.get("/admin/queue")) == ["Kari Først"]


def test_a_case_changed_by_a_colleague_shows_at_the_next_look(app, staff, data):
    case = make_case(data, name="Kari Nordmann")
    staff.get("/admin/queue")
    colleague = app.test_client()
    sign_in(colleague, make_staff(data, "caseworker", name="Ola Kollega"))
    take_case(colleague, case.reference)

    queue = parse(staff.get("/admin/queue"))

    assert "Ola Kollega" in text_of(queue.select_one("tbody"))


def test_a_case_added_by_any_session_drops_the_kept_queue(app, staff, data):
    staff.get("/admin/queue")
    make_case(data, name="Ny Søker")

    assert queue_names(staff.get("/admin/queue")) == ["Ny Søker"]


def test_opening_a_case_writes_only_the_audit_log_and_keeps_the_queue(app, staff, data):
    case = make_case(data)
    staff.get("/admin/queue")
    staff.get(f"/admin/cases/{case.reference}")

    with counting_renders(app) as names:
        staff.get("/admin/queue")

    assert names == []


def test_a_kept_queue_is_drawn_again_after_its_seconds(app, staff, data, monkeypatch):
    staff.get("/admin/queue")
    later = kept_pages.time.monotonic() + kept_pages.KEEP_SECONDS + 1
    monkeypatch.setattr(kept_pages.time, "monotonic", lambda: later)

    with counting_renders(app) as names:
        staff.get("/admin/queue")

    assert names == ["admin/queue/list.html"]


def test_each_query_language_and_htmx_part_is_kept_apart(app, staff, data):
    make_case(data, kind="booking", name="Per Booking")
    make_case(data, name="Kari Søknad")
    staff.get("/admin/queue")

    filtered = staff.get("/admin/queue?kind=booking")
    part = staff.get("/admin/queue?kind=booking", headers={"HX-Request": "true"})
    page = parse(staff.get("/admin/"))
    staff.post("/admin/language", data={**form_on(page, "/admin/language"), "lang": "en"})
    english = staff.get("/admin/queue")

    assert queue_names(filtered) == ["Per Booking"]
    assert parse(part).find("html") is None and "Per Booking" in text_of(parse(part))
    assert parse(english).html["lang"] == "en"


def test_a_flood_of_queries_pushes_out_the_oldest_and_stays_within_its_bytes(
    app, staff, data, monkeypatch
):
    monkeypatch.setattr(kept_pages, "MEMORY_BYTES", 1_000_000)
    pages = app.extensions[kept_pages.EXTENSION]

    for n in range(40):
        staff.get(f"/admin/queue?q={'ж' * 100}{n}")
    with counting_renders(app) as names:
        staff.get(f"/admin/queue?q={'ж' * 100}39")
        staff.get(f"/admin/queue?q={'ж' * 100}0")

    assert 0 < pages.bytes_held() <= 1_000_000
    assert names == ["admin/queue/list.html"]


def test_pages_past_their_seconds_are_let_go_when_another_is_kept(app, staff, data, monkeypatch):
    pages = app.extensions[kept_pages.EXTENSION]
    staff.get("/admin/queue?q=Kari")
    later = kept_pages.time.monotonic() + kept_pages.KEEP_SECONDS + 1
    monkeypatch.setattr(kept_pages.time, "monotonic", lambda: later)

    staff.get("/admin/queue?q=Ola")

    assert len(pages) == 1


def test_a_page_too_large_for_an_eighth_of_the_memory_is_sent_but_never_kept(
    app, staff, data, monkeypatch
):
    monkeypatch.setattr(kept_pages, "MEMORY_BYTES", 80_000)
    long_query = f"/admin/queue?q={'ж' * 10_000}"

    with counting_renders(app) as names:
        answers = [staff.get(long_query).status_code for _ in range(2)]

    assert answers == [200, 200] and len(names) == 2
    assert app.extensions[kept_pages.EXTENSION].bytes_held() == 0


def test_another_person_or_session_never_gets_someone_elses_kept_page(app, staff, data):
    staff.get("/admin/queue")
    other = app.test_client()
    sign_in(other, make_staff(data, "caseworker", name="Ola Kollega"))

    with counting_renders(app) as names:
        other.get("/admin/queue")

    assert names == ["admin/queue/list.html"]


def test_a_copied_cookie_after_signing_out_opens_nothing(app, staff, data):
    staff.get("/admin/queue")
    cookie = staff.get_cookie("portal_session").value
    page = parse(staff.get("/admin/"))
    staff.post("/admin/logout", data=form_on(page, "/admin/logout"))

    copied = app.test_client()
    copied.set_cookie("portal_session", cookie)
    response = copied.get("/admin/queue")

    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_a_role_taken_away_refuses_the_kept_page_at_once(app, data):
    client = app.test_client()
    person = make_staff(data, "caseworker", name="Sara Saksbehandler")
    sign_in(client, person)
    client.get("/admin/queue")
    person.roles.clear()
    person.roles.extend(make_staff(data, "editor", email="e@example.no").roles)
    data.commit()

    assert client.get("/admin/queue").status_code == 403


def test_a_message_waiting_to_be_shown_is_shown_once(app, staff, data):
    case = make_case(data)
    staff.get("/admin/queue")
    take_case(staff, case.reference)
    # The message is shown on the page the action leads to; put one on the queue instead.
    with staff.session_transaction() as session:
        session["_flashes"] = [("message", "Lagret.")]

    shown = text_of(parse(staff.get("/admin/queue")))
    after = text_of(parse(staff.get("/admin/queue")))

    assert "Lagret." in shown and "Lagret." not in after


def test_nothing_is_kept_when_the_page_cache_is_off(database_url):
    app = create_app(app_settings(database_url, PAGE_CACHE_URL="off"))
    client = signed_in_client(app)
    client.get("/admin/queue")

    with counting_renders(app) as names:
        client.get("/admin/queue")

    assert names == ["admin/queue/list.html"]
    empty_tables(db.engine_for(app))
    db.engine_for(app).dispose()


def signed_in_client(app):
    client = app.test_client()
    with sessionmaker(bind=db.engine_for(app), expire_on_commit=False)() as session:
        sign_in(client, make_staff(session, "caseworker"))
    client.get("/admin/")
    return client


def test_a_change_made_in_another_worker_drops_this_workers_kept_queue(database_url):
    with workers_sharing_redis(database_url, REDIS_URL) as (first, second):
        client = signed_in_client(first)
        client.get("/admin/queue")
        hears_only_through_redis(first)

        with sessionmaker(bind=db.engine_for(second))() as session:
            make_case(session, name="Fra Annen Arbeider")
        with counting_renders(first) as names:
            queue = client.get("/admin/queue")
        in_redis = redis.Redis.from_url(REDIS_URL).keys("*")

    assert names == ["admin/queue/list.html"]
    assert queue_names(queue) == ["Fra Annen Arbeider"]
    assert all(key.startswith(b"portal:tokens:") for key in in_redis)


def test_the_queue_is_drawn_as_usual_when_redis_does_not_answer(database_url):
    app = create_app(app_settings(database_url, PAGE_CACHE_URL="redis://127.0.0.1:1/9"))
    client = signed_in_client(app)

    assert [client.get("/admin/queue").status_code for _ in range(2)] == [200, 200]
    empty_tables(db.engine_for(app))
    db.engine_for(app).dispose()

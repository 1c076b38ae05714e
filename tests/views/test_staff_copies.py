"""A worker's copies of the session row and the account (portal/checked_copies.py): a kept
staff page asks the database nothing, yet signing out, a deactivation or a role taken away
counts at the very next request, in every worker, and a lost token never lets a copy through."""

import redis
from sqlalchemy import delete
from sqlalchemy.orm import sessionmaker

from admin import staff_session
from portal import checked_copies, create_app
from portal.db import db, utcnow
from portal.models import BrowserSession, StaffUser
from portal.services.staff import staff_accounts
from tests.casework import make_case, take_case
from tests.conftest import app_settings, empty_tables
from tests.html import form_on, parse
from tests.kept import counting_renders, hears_only_through_redis, workers_sharing_redis
from tests.staff import make_staff, sign_in
from tests.statements import counting_statements, reads
from tests.views import apply_journey

REDIS_URL = "redis://127.0.0.1:6379/9"
WHO_IS_ASKING = ("browser_sessions", "staff_users", "staff_roles")


def reads_of_who_is_asking(statements: list[str]) -> list[str]:
    return [s for s in reads(statements) if _names(s)]


def _names(statement: str) -> bool:
    head = statement.split("WHERE")[0]
    return any(table in head for table in WHO_IS_ASKING)


def signed_in(app, *roles: str, name: str = "Sara Saksbehandler"):
    client = app.test_client()
    with sessionmaker(bind=db.engine_for(app), expire_on_commit=False)() as session:
        person = make_staff(session, *roles or ("caseworker",), name=name)
        sign_in(client, person)
    client.get("/admin/")  # makes the session's form token
    return client, person


def test_a_kept_queue_asks_the_database_nothing(app, data):
    client, _ = signed_in(app)
    client.get("/admin/queue")

    with counting_statements(db.engine_for(app)) as statements, counting_renders(app) as names:
        response = client.get("/admin/queue")

    assert response.status_code == 200
    assert (names, statements) == ([], [])


def test_a_request_that_changes_something_reads_session_and_account_afresh(app, data):
    client, _ = signed_in(app)
    case = make_case(data)
    client.get("/admin/queue")

    with counting_statements(db.engine_for(app)) as statements:
        take_case(client, case.reference)

    read = " ".join(reads_of_who_is_asking(statements))
    assert "browser_sessions" in read and "staff_users" in read


def test_the_session_is_written_at_most_once_a_minute_by_reading(app, data):
    client, _ = signed_in(app)
    client.get("/admin/queue")

    with counting_statements(db.engine_for(app)) as statements:
        for _ in range(3):
            client.get("/admin/queue")
    writes_now = [s for s in statements if "browser_sessions" in s]

    a_minute_ago = int(utcnow().timestamp()) - staff_session.TOUCH_EVERY_SECONDS
    with client.session_transaction() as session:
        session[staff_session.SEEN_AT] = a_minute_ago
    with counting_statements(db.engine_for(app)) as statements:
        client.get("/admin/queue")

    assert writes_now == []
    assert any(s.lstrip().upper().startswith("UPDATE BROWSER_SESSIONS") for s in statements)


def test_copies_are_read_again_after_their_seconds(app, data, monkeypatch):
    client, _ = signed_in(app)
    client.get("/admin/queue")
    later = checked_copies.time.monotonic() + checked_copies.COPY_SECONDS + 1
    monkeypatch.setattr(checked_copies.time, "monotonic", lambda: later)

    with counting_statements(db.engine_for(app)) as statements:
        client.get("/admin/queue")

    read = " ".join(reads_of_who_is_asking(statements))
    assert "browser_sessions" in read and "staff_users" in read


def test_a_residents_session_is_never_copied(app, client, data):
    apply_journey.start(client)
    client.get("/nb/apply/about_you")

    with counting_statements(db.engine_for(app)) as statements:
        assert client.get("/nb/apply/about_you").status_code == 200

    assert any("browser_sessions" in s for s in reads_of_who_is_asking(statements))
    assert len(app.extensions["portal.session_copies"]) == 0


def test_a_deactivation_ends_the_session_at_the_next_request(app, data):
    client, person = signed_in(app)
    admin, _ = signed_in(app, "admin", name="Anne Admin")
    client.get("/admin/queue")
    page = parse(admin.get(f"/admin/staff/{person.id}"))

    admin.post(
        f"/admin/staff/{person.id}/deactivate",
        data=form_on(page, f"/admin/staff/{person.id}/deactivate"),
    )

    response = client.get("/admin/queue")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_a_page_that_changes_the_account_leaves_no_stale_copy(app, data):
    """The person's own name, changed by an admin, shows on their next page."""
    client, person = signed_in(app)
    client.get("/admin/")
    with sessionmaker(bind=db.engine_for(app))() as session:
        session.get(StaffUser, person.id).name = "Sara Nytt-Navn"
        session.commit()

    assert "Sara Nytt-Navn" in client.get("/admin/").get_data(as_text=True)


# Two apps standing in for two workers that share one Redis.


def first_and_second(database_url):
    return workers_sharing_redis(database_url, REDIS_URL)


def copied_to(worker, client):
    """A client of `worker` holding the same cookie as `client` (the same browser)."""
    copy = worker.test_client()
    copy.set_cookie("portal_session", client.get_cookie("portal_session").value)
    return copy


def test_signing_out_in_one_worker_counts_at_once_in_the_other(database_url):
    with first_and_second(database_url) as (first, second):
        client, _ = signed_in(first)
        elsewhere = copied_to(second, client)
        assert elsewhere.get("/admin/queue").status_code == 200  # second now holds copies
        assert elsewhere.get("/admin/queue").status_code == 200

        page = parse(client.get("/admin/"))
        client.post("/admin/logout", data=form_on(page, "/admin/logout"))
        response = elsewhere.get("/admin/queue")

    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_a_role_taken_away_in_one_worker_counts_at_once_in_the_other(database_url):
    with first_and_second(database_url) as (first, second):
        elsewhere, person = signed_in(second)
        assert elsewhere.get("/admin/queue").status_code == 200
        hears_only_through_redis(second)
        with sessionmaker(bind=db.engine_for(first))() as session:
            admin = make_staff(session, "admin", name="Anne Admin")
            user = session.get(StaffUser, person.id)
            staff_accounts.set_roles(
                session, user, ["editor"], actor=admin, address="test", now=utcnow()
            )

        response = elsewhere.get("/admin/queue")

    assert response.status_code == 403


def test_a_token_lost_by_redis_never_lets_an_old_copy_through(database_url):
    """Redis restarted empty while the row was deleted: the copy is not used again."""
    with first_and_second(database_url) as (first, _second):
        client, _ = signed_in(first)
        assert client.get("/admin/queue").status_code == 200
        redis.Redis.from_url(REDIS_URL).flushdb()
        with db.engine_for(first).begin() as connection:
            connection.execute(delete(BrowserSession.__table__))

        response = client.get("/admin/queue")

    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_with_redis_down_every_request_reads_the_database(database_url):
    app = create_app(app_settings(database_url, PAGE_CACHE_URL="redis://127.0.0.1:1/9"))
    try:
        client, _ = signed_in(app)
        client.get("/admin/queue")
        with counting_statements(db.engine_for(app)) as statements:
            assert client.get("/admin/queue").status_code == 200
        page = parse(client.get("/admin/"))
        copied = copied_to(app, client)
        client.post("/admin/logout", data=form_on(page, "/admin/logout"))
        after = copied.get("/admin/queue")
    finally:
        empty_tables(db.engine_for(app))
        db.engine_for(app).dispose()

    read = " ".join(reads_of_who_is_asking(statements))
    assert "browser_sessions" in read and "staff_users" in read
    assert after.status_code == 302

"""When things break: a worker or the whole app server killed under load, the database gone,
the mail server down. Each test is bounded (seconds) and talks to loopback only."""

import asyncio
import threading
import time
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import event, func, select, update

from portal import create_app
from portal.db import db, utcnow
from portal.models import (
    Application,
    ApplicationDraft,
    Booking,
    Case,
    CaseEvent,
    Feedback,
    OutboxMessage,
)
from tests.conftest import app_settings, empty_tables
from tests.html import form_with_token, parse, text_of
from tests.residents import lost_receipts, run_crowd
from tests.servers import Gunicorn, free_port
from tests.views import apply_journey


def half_written_cases(session) -> list[str]:
    """Cases without their first timeline line, or without what makes them what they are."""
    session.expire_all()
    problems = []
    for case in session.scalars(select(Case)):
        events = session.scalar(select(func.count()).where(CaseEvent.case_id == case.id))
        if not events:
            problems.append(f"{case.reference}: no event")
        if case.kind == "application" and session.scalar(
            select(func.count()).where(Application.case_id == case.id)
        ) != 1:  # fmt: skip
            problems.append(f"{case.reference}: no application")
        if case.kind == "booking" and session.scalar(
            select(func.count()).where(Booking.case_id == case.id)
        ) != 1:  # fmt: skip
            problems.append(f"{case.reference}: no booking")
    return problems


def test_killing_a_worker_then_the_master_under_load_leaves_no_half_written_case(
    server, production_env, data_session, tmp_path
):
    tallies = []
    load = threading.Thread(target=lambda: tallies.append(run_crowd(server.base, 30, 6)))
    load.start()
    time.sleep(2)
    killed = server.kill_worker()
    time.sleep(2)
    assert killed not in server.worker_pids()  # the master replaced it
    server.kill_master()
    load.join(timeout=60)
    [under_fire] = tallies

    restarted = Gunicorn(production_env, tmp_path / "restarted.log").start()
    try:
        after = run_crowd(restarted.base, 5, 2)
    finally:
        restarted.stop()

    assert under_fire.server_errors == 0, under_fire.summary()
    assert under_fire.connection_errors > 0  # the master really went away mid-load
    assert after.server_errors == 0 and after.connection_errors == 0, after.summary()
    assert after.receipts, after.summary()
    assert lost_receipts(data_session, under_fire) == []
    assert lost_receipts(data_session, after) == []
    assert half_written_cases(data_session) == []


@pytest.fixture
def unreachable_database(app):
    """From now on every new connection to the app's database fails, as when the server is
    gone; connections already open are closed."""
    engine = db.engine_for(app)
    error = engine.dialect.loaded_dbapi.OperationalError

    def refuse(*_args, **_kwargs):
        raise error("connection refused (the database server is down)")

    engine.dispose()
    event.listen(engine, "do_connect", refuse)
    yield
    event.remove(engine, "do_connect", refuse)
    engine.dispose()


def test_without_the_database_pages_say_503_in_the_persons_language(app, unreachable_database):
    client = app.test_client()

    health = client.get("/healthz")
    pages = {lang: client.get(f"/{lang}/info/bostotte") for lang in ("nb", "nn", "en")}

    assert health.status_code == 503
    titles = set()
    for lang, response in pages.items():
        page = parse(response)
        assert response.status_code == 503
        assert page.html["lang"] == lang
        titles.add(text_of(page.h1))
    assert len(titles) == 3


def test_nothing_is_acknowledged_while_the_database_is_gone(app, client, data):
    token = apply_journey.fill_in_everything(client)
    _, feedback_token = form_with_token(client, "/nb/feedback")
    engine = db.engine_for(app)
    error = engine.dialect.loaded_dbapi.OperationalError

    def refuse(*_args, **_kwargs):
        raise error("connection refused")

    engine.dispose()
    event.listen(engine, "do_connect", refuse)
    try:
        sent = apply_journey.submit(client, token)
        feedback = client.post(
            "/nb/feedback",
            data={"csrf_token": feedback_token, "page": "/nb/", "found_what_they_needed": "yes"},
        )
    finally:
        event.remove(engine, "do_connect", refuse)
        engine.dispose()

    assert sent.status_code == 503 and "receipt-code" not in sent.get_data(as_text=True)
    assert feedback.status_code == 503
    data.expire_all()
    assert data.scalar(select(func.count()).select_from(Case)) == 0
    assert data.scalar(select(func.count()).select_from(Feedback)) == 0
    assert data.scalar(select(ApplicationDraft.submitted_at)) is None
    # The database is back: the same browser sends the same application, once.
    assert apply_journey.submit(client, token).status_code == 302
    assert data.scalar(select(func.count()).select_from(Case)) == 1


def test_without_redis_pages_render_and_forms_are_still_answered(database_url):
    gone = "redis://127.0.0.1:1/0"
    app = create_app(app_settings(database_url, RATELIMIT_STORAGE_URI=gone, PAGE_CACHE_URL=gone))
    client = app.test_client()

    pages = [client.get("/nb/").status_code for _ in range(2)]
    _, token = form_with_token(client, "/nb/feedback")
    sent = client.post(
        "/nb/feedback", data={"csrf_token": token, "page": "/nb/", "found_what_they_needed": "yes"}
    )

    assert pages == [200, 200]
    assert sent.status_code == 302
    empty_tables(db.engine_for(app))
    db.engine_for(app).dispose()


class Mailbox:
    def __init__(self) -> None:
        self.received: Counter[str] = Counter()

    async def handle_DATA(self, _server, _session, envelope) -> str:
        await asyncio.sleep(0)
        self.received.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_app(database_url):
    port = free_port()
    app = create_app(
        app_settings(
            database_url, MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
            MAIL_USE_TLS=False, SMS_BACKEND="directory",
        )
    )  # fmt: skip
    yield app, port
    empty_tables(db.engine_for(app))
    db.engine_for(app).dispose()


def test_with_the_mail_server_down_every_email_waits_and_arrives_once_when_it_returns(mail_app):
    app, port = mail_app
    addresses = [f"person{number}@example.no" for number in range(3)]
    for address in addresses:
        client = app.test_client()
        answers = {**apply_journey.ANSWERS}
        answers["about_you"] = {**answers["about_you"], "email": address}
        token = apply_journey.fill_in_everything(client, answers=answers)
        assert apply_journey.submit(client, token).status_code == 302
    runner = app.test_cli_runner()
    mailbox = Mailbox()

    down = runner.invoke(args=["send-outbox"])
    with app.app_context():
        # A minute passes: the failed attempts are due again.
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
    mail_server = Controller(mailbox, hostname="127.0.0.1", port=port)
    mail_server.start()
    try:
        back = runner.invoke(args=["send-outbox"])
        again = runner.invoke(args=["send-outbox"])
    finally:
        mail_server.stop()

    assert down.exit_code == 1 and "3 failed and will be tried again" in down.output
    assert back.exit_code == 0 and "3 messages sent" in back.output
    assert again.exit_code == 0 and "0 messages sent" in again.output
    assert mailbox.received == Counter(addresses)
    with app.app_context():
        emails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "email"))
        assert all(message.sent_at is not None for message in emails)

"""A real mail server (aiosmtpd) that is slow, then down, then back: every email arrives once."""

import asyncio
import socket
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal.models import OutboxMessage
from portal.services.messaging import messages
from tests.outbox import FrozenClock, queue_message, run_overlapping


class CountingMailbox:
    """An SMTP handler that takes its time and counts what each address received."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.received: Counter[str] = Counter()

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(self.delay)
        self.received.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_port(app) -> int:
    port = free_port()
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_USERNAME="",
    )
    return port


def test_every_email_reaches_a_slow_then_stopped_then_restarted_server_exactly_once(
    app, data, mail_port
):
    addresses = [f"person{number}@example.no" for number in range(6)]
    for address in addresses:
        queue_message(data, email=address)
    clock = FrozenClock()
    mailbox = CountingMailbox(delay=0.1)

    server = Controller(mailbox, hostname="127.0.0.1", port=mail_port)
    server.start()
    try:
        slow = run_overlapping(app, clock=clock, limit=2)
    finally:
        server.stop()
    with app.app_context():
        down = messages.send_outbox(data, clock=clock)
        server = Controller(mailbox, hostname="127.0.0.1", port=mail_port)
        server.start()
        try:
            not_due_yet = messages.send_outbox(data, clock=clock)
            clock.advance(minutes=1)
            back = messages.send_outbox(data, clock=clock)
        finally:
            server.stop()

    assert [run.sent for run in slow] == [2, 2]
    assert (down.sent, down.retrying) == (0, 2)
    assert (not_due_yet.sent, not_due_yet.retrying) == (0, 0)
    assert (back.sent, back.retrying, back.failed_in_total) == (2, 0, 0)
    assert mailbox.received == Counter(addresses)
    data.expire_all()
    stored = data.scalars(select(OutboxMessage)).all()
    assert all(m.sent_at is not None and m.last_error == "" for m in stored)
    assert sorted(m.attempts for m in stored) == [1, 1, 1, 1, 2, 2]

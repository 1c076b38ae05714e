"""Builders for outbox tests: queued messages, a clock the test moves, runs that overlap."""

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from portal.db import db
from portal.models import OutboxMessage
from portal.services.casework import cases
from portal.services.messaging import messages, outbox, outbox_delivery

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
_numbers = itertools.count(1)


class FrozenClock:
    """Stands still until the test moves it: retry delays pass without sleeping."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def queue_message(
    session: Session,
    *,
    email: str = "",
    phone: str = "",
    template: str = "application_withdrawn",
    now: datetime = NOW,
) -> list[OutboxMessage]:
    """A case of its own with these addresses, and `template` queued to each; committed."""
    case = cases.new_case(
        kind="application",
        reference=f"TEST-{next(_numbers):04d}",
        code="ABCD-EFGH",
        language="nb",
        name="Kari Nordmann",
        phone=phone,
        email=email,
        topic="",
        now=now,
    )
    session.add(case)
    session.flush()
    queued = outbox.queue_for_case(session, case, template, {}, now=now)
    session.commit()
    return queued


def fail_for_good(session: Session, message: OutboxMessage, *, now: datetime = NOW) -> None:
    """Every attempt of `message` fails until it is marked failed."""
    while message.failed_at is None:
        outbox_delivery.record_failure(session, message, ConnectionRefusedError(), now=now)


def run_overlapping(app, *, runs: int = 2, **options) -> list[messages.DeliveryRun]:
    """`runs` send_outbox runs started at the same moment, each in its own thread and session."""
    start = threading.Barrier(runs, timeout=10)
    factory = sessionmaker(bind=db.engine_for(app), expire_on_commit=False)

    def one_run() -> messages.DeliveryRun:
        with app.app_context(), factory() as session:
            start.wait()
            return messages.send_outbox(session, **options)

    with ThreadPoolExecutor(max_workers=runs) as pool:
        futures = [pool.submit(one_run) for _ in range(runs)]
        return [future.result(timeout=30) for future in futures]

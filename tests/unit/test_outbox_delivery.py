"""The outbox's rules, without HTTP: claims, growing delays, giving up, and trying again."""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from portal.models import AuditEvent, OutboxMessage
from portal.services.messaging import messages, outbox_delivery
from portal.services.messaging.outbox_delivery import LEASE, MAX_ATTEMPTS, RETRY_DELAYS
from tests.outbox import NOW, FrozenClock, fail_for_good, queue_message, run_overlapping
from tests.staff import make_staff


def test_a_claimed_message_is_left_alone_until_its_lease_ends(session):
    [message] = queue_message(session, email="kari@example.no")

    first = outbox_delivery.claim_next(session, now=NOW)
    assert first.id == message.id and first.claimed_until == NOW + LEASE

    meanwhile = outbox_delivery.claim_next(session, now=NOW + LEASE - timedelta(seconds=1))
    after_a_crash = outbox_delivery.claim_next(session, now=NOW + LEASE + timedelta(seconds=1))

    assert meanwhile is None
    assert after_a_crash.id == message.id


def test_two_sessions_claiming_one_after_the_other_get_different_messages(engine, session):
    queue_message(session, email="kari@example.no")
    queue_message(session, email="ola@example.no")

    with sessionmaker(bind=engine, expire_on_commit=False)() as other:
        mine = outbox_delivery.claim_next(session, now=NOW)
        theirs = outbox_delivery.claim_next(other, now=NOW)
        nothing_left = outbox_delivery.claim_next(other, now=NOW)

    assert {mine.recipient, theirs.recipient} == {"kari@example.no", "ola@example.no"}
    assert nothing_left is None


def test_a_sent_message_is_never_claimed_again(session):
    queue_message(session, email="kari@example.no")
    message = outbox_delivery.claim_next(session, now=NOW)

    outbox_delivery.record_sent(session, message, now=NOW)

    assert outbox_delivery.claim_next(session, now=NOW + timedelta(days=30)) is None
    assert (message.attempts, message.claimed_until) == (1, None)


def test_a_claim_counts_the_attempts_another_run_made(engine, session):
    [message] = queue_message(session, email="kari@example.no")
    assert message.attempts == 0  # this session holds its own copy of the message

    with sessionmaker(bind=engine, expire_on_commit=False)() as other:
        theirs = outbox_delivery.claim_next(other, now=NOW)
        outbox_delivery.record_failure(other, theirs, TimeoutError(), now=NOW)
    mine = outbox_delivery.claim_next(session, now=NOW + RETRY_DELAYS[0])
    outbox_delivery.record_failure(session, mine, TimeoutError(), now=NOW + RETRY_DELAYS[0])

    assert mine.attempts == 2
    assert mine.next_attempt_at == NOW + RETRY_DELAYS[0] + RETRY_DELAYS[1]


def test_failed_attempts_wait_1_5_15_60_and_240_minutes_before_the_next(session):
    [message] = queue_message(session, email="kari@example.no")
    now = NOW
    waits = []
    for _attempt in range(MAX_ATTEMPTS - 1):
        claimed = outbox_delivery.claim_next(session, now=now)
        assert claimed.id == message.id
        outbox_delivery.record_failure(session, claimed, TimeoutError(), now=now)
        wait = claimed.next_attempt_at - now
        waits.append(wait)
        assert outbox_delivery.claim_next(session, now=now + wait - timedelta(seconds=1)) is None
        now += wait

    assert [w // timedelta(minutes=1) for w in waits] == [1, 5, 15, 60, 240]
    assert list(RETRY_DELAYS) == waits
    assert message.failed_at is None


def test_after_the_last_attempt_the_message_is_failed_not_dropped(session):
    [message] = queue_message(session, phone="91234567")

    fail_for_good(session, message)

    session.expire_all()
    failed = session.get(OutboxMessage, message.id)
    assert failed.failed_at is not None and failed.sent_at is None
    assert failed.attempts == MAX_ATTEMPTS
    assert failed.last_error == "ConnectionRefusedError"
    assert outbox_delivery.claim_next(session, now=NOW + timedelta(days=30)) is None
    assert outbox_delivery.count_failed(session) == 1


def test_trying_again_puts_a_failed_message_back_in_the_queue_and_logs_who_did(session):
    admin = make_staff(session, "admin")
    [message] = queue_message(session, email="kari@example.no")
    fail_for_good(session, message)
    later = NOW + timedelta(days=1)

    outbox_delivery.retry(session, message.id, actor=admin, address="10.1.2.3", now=later)

    session.expire_all()
    again = outbox_delivery.claim_next(session, now=later)
    assert again.id == message.id
    assert (again.failed_at, again.attempts) == (None, 0)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "outbox_retried")).one()
    assert (event.actor_id, event.object_id) == (admin.id, str(message.id))
    assert "kari" not in event.details and "ConnectionRefusedError" in event.details


def test_a_message_that_is_not_failed_cannot_be_tried_again(session):
    admin = make_staff(session, "admin")
    [message] = queue_message(session, email="kari@example.no")
    fail_for_good(session, message)
    outbox_delivery.retry(session, message.id, actor=admin, address="", now=NOW)

    with pytest.raises(outbox_delivery.NotFailed):
        outbox_delivery.retry(session, message.id, actor=admin, address="", now=NOW)
    with pytest.raises(outbox_delivery.MessageNotFound):
        outbox_delivery.retry(session, message.id + 1000, actor=admin, address="", now=NOW)

    retried = session.scalars(select(AuditEvent).where(AuditEvent.action == "outbox_retried"))
    assert len(retried.all()) == 1


def test_the_overview_counts_what_waits_and_lists_failed_messages_masked(session):
    [failed_email] = queue_message(session, email="kari.nordmann@example.no")
    [failed_sms] = queue_message(session, phone="912 34 567")
    fail_for_good(session, failed_email)
    fail_for_good(session, failed_sms)
    queue_message(session, email="ola@example.no")
    [retrying] = queue_message(session, email="per@example.no")
    claimed = outbox_delivery.claim_next(session, now=NOW)
    while claimed.id != retrying.id:  # the other waiting one: leave it claimed
        claimed = outbox_delivery.claim_next(session, now=NOW)
    outbox_delivery.record_failure(session, claimed, TimeoutError(), now=NOW)

    overview = outbox_delivery.overview(session)

    assert (overview.waiting, overview.retrying, overview.total_failed) == (2, 1, 2)
    shown = {m.channel: m for m in overview.failed}
    assert shown["email"].masked_recipient == "k…@example.no"
    assert shown["sms"].masked_recipient == "•••• ••67"
    assert shown["email"].case_reference.startswith("TEST-")
    assert (shown["sms"].attempts, shown["sms"].last_error) == (6, "ConnectionRefusedError")


def test_a_run_sends_every_due_message_once_and_says_so_in_counts(app, data):
    queue_message(data, email="kari@example.no", phone="91234567")
    queue_message(data, email="ola@example.no")
    delivered = []

    with app.app_context():
        first = messages.send_outbox(
            data, clock=FrozenClock(), deliver=lambda m, _subject, _text: delivered.append(m.id)
        )
        second = messages.send_outbox(
            data, clock=FrozenClock(), deliver=lambda m, _subject, _text: delivered.append(m.id)
        )

    assert (first.sent, first.retrying, first.failed, first.failed_in_total) == (3, 0, 0, 0)
    assert second.sent == 0
    assert sorted(delivered) == sorted(set(delivered)) and len(delivered) == 3


def test_a_run_counts_retries_and_messages_that_failed_for_good(app, data):
    [old] = queue_message(data, email="kari@example.no")
    fail_for_good(data, old)
    queue_message(data, email="ola@example.no")
    [last_chance] = queue_message(data, email="per@example.no")
    last_chance.attempts = MAX_ATTEMPTS - 1
    data.commit()

    def refuse(_message, _subject, _text):
        raise ConnectionRefusedError

    with app.app_context():
        run = messages.send_outbox(data, clock=FrozenClock(), deliver=refuse)

    assert (run.sent, run.retrying, run.failed, run.failed_in_total) == (0, 1, 1, 2)


def test_two_overlapping_runs_deliver_each_message_exactly_once(app, data):
    for number in range(12):
        queue_message(data, email=f"person{number}@example.no")
    delivered = []
    lock = threading.Lock()

    def slow(message, _subject, _text):
        time.sleep(0.03)  # a slow mail server: the runs overlap for the whole batch
        with lock:
            delivered.append(message.id)

    runs = run_overlapping(app, clock=FrozenClock(), deliver=slow)

    ids = data.scalars(select(OutboxMessage.id)).all()
    assert sorted(delivered) == sorted(ids)
    assert sum(run.sent for run in runs) == 12 and all(run.sent > 0 for run in runs)
    data.expire_all()
    assert {(m.attempts, m.sent_at is not None) for m in data.scalars(select(OutboxMessage))} == {
        (1, True)
    }

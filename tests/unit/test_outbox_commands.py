"""`send-reminders` and `send-outbox`: one reminder each, sent in the resident's language,
and an exit code that stays 1 while a message has failed."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from portal.models import OutboxMessage
from portal.services.guidance import booking
from portal.services.guidance.booking import BookingDetails
from portal.services.messaging import outbox_delivery
from portal.services.messaging.outbox_delivery import MAX_ATTEMPTS
from tests.factories import make_slot
from tests.outbox import fail_for_good, queue_message
from tests.staff import make_staff


def booked_tomorrow(data, language="nn", email="kari@example.no"):
    adviser = make_staff(data, "caseworker")
    now = datetime.now(UTC)
    slot = make_slot(data, adviser, now + timedelta(hours=20))
    booking.book_slot(
        data,
        slot.id,
        BookingDetails(name="Kari", phone="91234567", email=email),
        language=language,
        reference="B7K4-P2QM",
        code="ABCD-EFGH",
        now=now - timedelta(days=3),
        cutoff=timedelta(hours=2),
    )
    return slot


def test_reminders_are_queued_once_however_often_the_command_runs(app, runner, data):
    booked_tomorrow(data)

    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])

    assert "1 reminders queued" in first.output
    assert "0 reminders queued" in second.output
    reminders = data.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "booking_reminder")
    ).all()
    assert sorted(m.channel for m in reminders) == ["email", "sms"]


def test_the_outbox_writes_each_message_in_the_residents_language(app, runner, data, tmp_path):
    app.config.update(
        OUTBOX_DIRECTORY=str(tmp_path), MAIL_BACKEND="directory", SMS_BACKEND="directory"
    )
    booked_tomorrow(data, language="nn")

    result = runner.invoke(args=["send-outbox"])
    again = runner.invoke(args=["send-outbox"])

    assert "2 messages sent, 0 failed" in result.output
    assert "0 messages sent" in again.output
    files = sorted(tmp_path.iterdir())
    assert [f.name.split("-")[1] for f in files] == ["email.txt", "sms.txt"]
    email = files[0].read_text()
    assert email.startswith("To: kari@example.no\nSubject: ")
    assert "kl. " in email and "Eigersund kommune" in email
    assert email != files[1].read_text()
    data.expire_all()
    assert all(m.sent_at is not None for m in data.scalars(select(OutboxMessage)))


def test_a_message_that_cannot_be_sent_stays_queued_without_personal_data(
    app, runner, data, tmp_path
):
    app.config.update(
        OUTBOX_DIRECTORY=str(tmp_path),
        MAIL_BACKEND="directory",
        SMS_BACKEND="http",
        SMS_GATEWAY_URL="http://127.0.0.1:9/sms",
    )
    booked_tomorrow(data)

    result = runner.invoke(args=["send-outbox"])

    assert result.exit_code == 1
    assert "1 messages sent, 1 failed" in result.output
    sms = data.scalar(select(OutboxMessage).where(OutboxMessage.channel == "sms"))
    assert (sms.sent_at, sms.attempts) == (None, 1)
    assert sms.last_error and "9123" not in sms.last_error


def test_the_outbox_exits_1_while_a_message_has_failed_even_when_the_rest_went(
    app, runner, data, tmp_path
):
    app.config.update(OUTBOX_DIRECTORY=str(tmp_path), MAIL_BACKEND="directory")
    [failed] = queue_message(data, email="kari@example.no", now=datetime.now(UTC))
    fail_for_good(data, failed)
    queue_message(data, email="ola@example.no", now=datetime.now(UTC))

    result = runner.invoke(args=["send-outbox"])

    assert result.exit_code == 1
    assert "1 messages sent, 0 failed and will be tried again, 0 failed for good" in result.output
    assert "1 failed messages in total" in result.output
    assert "@" not in result.output and "kari" not in result.output


def test_the_outbox_exits_0_once_a_failed_message_was_tried_again_and_went(
    app, runner, data, tmp_path
):
    app.config.update(OUTBOX_DIRECTORY=str(tmp_path), MAIL_BACKEND="directory")
    [failed] = queue_message(data, email="kari@example.no", now=datetime.now(UTC))
    fail_for_good(data, failed)
    admin = make_staff(data, "admin")
    outbox_delivery.retry(data, failed.id, actor=admin, address="", now=datetime.now(UTC))

    result = runner.invoke(args=["send-outbox"])

    assert result.exit_code == 0
    assert "1 messages sent" in result.output and "0 failed messages in total" in result.output


def test_a_message_whose_last_attempt_fails_is_counted_as_failed_for_good(
    app, runner, data, tmp_path
):
    app.config.update(
        OUTBOX_DIRECTORY=str(tmp_path), SMS_BACKEND="http", SMS_GATEWAY_URL="http://127.0.0.1:9/sms"
    )
    [sms] = queue_message(data, phone="91234567", now=datetime.now(UTC))
    sms.attempts = MAX_ATTEMPTS - 1
    data.commit()

    result = runner.invoke(args=["send-outbox"])

    assert result.exit_code == 1
    assert "0 failed and will be tried again, 1 failed for good" in result.output
    data.expire_all()
    assert data.get(OutboxMessage, sms.id).failed_at is not None

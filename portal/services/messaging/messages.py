"""Sending what waits in the outbox: written in the resident's language, sent once.

`flask --app wsgi send-outbox` runs this (from cron, every minute or two), and
two runs may overlap. Which message may go, and what happens when it fails,
is services/outbox_delivery.py: claimed before it is sent, tried again after
growing delays, marked failed after the last attempt; only the kind of failure
is kept, never an address or the text.
"""

import json
import smtplib
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy.orm import Session

from portal.models import OutboxMessage
from portal.models.outbox import MessageTemplate
from portal.services.messaging import outbox_delivery

# At most this many messages a run, so a run ends soon even when the queue is long.
BATCH = 200

Deliver = Callable[[OutboxMessage, str, str], None]


def subject_of(template: str) -> str:
    """The email subject of each message (called inside the resident's locale)."""
    return str(MessageTemplate(template).label)


def render(message: OutboxMessage) -> tuple[str, str]:
    """(subject, text) in the message's language."""
    params = dict(message.params)
    if "starts_at" in params:
        params["starts_at"] = datetime.fromisoformat(params["starts_at"])
    with force_locale(message.language):
        text = render_template(f"messages/{message.template}.txt", **params).strip()
        return subject_of(message.template), text


def _to_directory(message: OutboxMessage, subject: str, text: str) -> None:
    folder = Path(current_app.config["OUTBOX_DIRECTORY"])
    folder.mkdir(parents=True, exist_ok=True)
    body = f"To: {message.recipient}\nSubject: {subject}\n\n{text}\n"
    (folder / f"{message.id:06d}-{message.channel}.txt").write_text(body, encoding="utf-8")


def _by_smtp(message: OutboxMessage, subject: str, text: str) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    # EmailMessage refuses header values with line breaks; addresses were checked on the way in.
    email["To"] = message.recipient
    email["Subject"] = subject
    email.set_content(text)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def _by_sms_gateway(message: OutboxMessage, subject: str, text: str) -> None:
    config = current_app.config
    url = config["SMS_GATEWAY_URL"]
    if not url.startswith(("https://", "http://")):
        raise ValueError("PORTAL_SMS_GATEWAY_URL must be an http(s) address")
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url,
        data=json.dumps({"to": message.recipient, "text": text}).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {config['SMS_GATEWAY_TOKEN']}",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (checked above)
        response.read()


def deliverer(channel: str) -> Deliver:
    config = current_app.config
    if channel == "email":
        return _by_smtp if config["MAIL_BACKEND"] == "smtp" else _to_directory
    return _by_sms_gateway if config["SMS_BACKEND"] == "http" else _to_directory


@dataclass(frozen=True)
class DeliveryRun:
    """What one run did, in counts only (it is printed, and may end up in a log)."""

    sent: int
    # Failed this run and will be tried again later.
    retrying: int
    # Failed their last attempt this run.
    failed: int
    # Every failed message, from this run and earlier, that waits for staff.
    failed_in_total: int


def send_outbox(
    session: Session,
    *,
    clock: Callable[[], datetime],
    deliver: Deliver | None = None,
    limit: int = BATCH,
) -> DeliveryRun:
    """Send due messages, each exactly once even when runs overlap. Commits per message.

    `clock` is asked at each claim, so a long run leases every message from when
    it took it. `deliver` replaces the configured email/SMS backends (tests).
    """
    sent = retrying = failed = 0
    for _message_number in range(limit):
        message = outbox_delivery.claim_next(session, now=clock())
        if message is None:
            break
        try:
            subject, text = render(message)
            (deliver or deliverer(message.channel))(message, subject, text)
        except Exception as error:  # any failure: counted, retried later or marked failed
            if outbox_delivery.record_failure(session, message, error, now=clock()):
                failed += 1
            else:
                retrying += 1
        else:
            outbox_delivery.record_sent(session, message, now=clock())
            sent += 1
    return DeliveryRun(sent, retrying, failed, outbox_delivery.count_failed(session))

"""Sending what waits in the outbox: written in the resident's language, sent once.

`flask --app wsgi send-outbox` runs this (from cron, every minute or two). A
message that fails stays queued and is tried again, up to MAX_ATTEMPTS; only
the kind of failure is kept, never an address or the text.
"""

import json
import smtplib
import urllib.request
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import OutboxMessage

MAX_ATTEMPTS = 5
BATCH = 200


def subject_of(template: str) -> str:
    """The email subject of each message (called inside the resident's locale)."""
    return {
        "booking_confirmed": _("Timen din er bestilt"),
        "booking_moved": _("Timen din er flyttet"),
        "booking_cancelled": _("Timen din er avlyst"),
        "booking_reminder": _("Påminnelse om timen din"),
        "slot_cancelled": _("Kommunen har måttet avlyse timen din"),
        "callback_received": _("Vi ringer deg"),
        "application_received": _("Vi har fått søknaden din"),
        "application_withdrawn": _("Søknaden din er trukket"),
    }[template]


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


def deliverer(channel: str) -> Callable[[OutboxMessage, str, str], None]:
    config = current_app.config
    if channel == "email":
        return _by_smtp if config["MAIL_BACKEND"] == "smtp" else _to_directory
    return _by_sms_gateway if config["SMS_BACKEND"] == "http" else _to_directory


def send_outbox(session: Session, *, now: datetime) -> tuple[int, int]:
    """Send every queued message; (sent, failed). Each is committed on its own."""
    waiting = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id)
        .limit(BATCH)
    ).all()
    sent = failed = 0
    for message in waiting:
        message.attempts += 1
        try:
            subject, text = render(message)
            deliverer(message.channel)(message, subject, text)
        except Exception as error:  # any failure leaves it queued for the next run
            message.last_error = type(error).__name__
            failed += 1
        else:
            message.sent_at = now
            message.last_error = ""
            sent += 1
        session.commit()
    return sent, failed

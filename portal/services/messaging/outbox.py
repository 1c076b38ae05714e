"""Queueing email and SMS to residents. They leave later, through `flask send-outbox`.

A message is added to the caller's transaction, so it exists exactly when the
change it tells of was committed. Only the template name and its values are
stored; the text is written in the resident's language when the message is sent.
"""

from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import Case, OutboxMessage


def queue_for_case(
    session: Session,
    case: Case,
    template: str,
    params: dict,
    *,
    now: datetime,
    dedupe_key: str | None = None,
) -> list[OutboxMessage]:
    """Queue `template` to every address the resident gave (email, phone); the caller commits.

    With a `dedupe_key`, a second message with the same key fails at commit
    (a unique index), so a message that must go once cannot go twice.
    """
    messages = []
    for channel, recipient in (("email", case.email), ("sms", case.phone)):
        if not recipient:
            continue
        key = f"{dedupe_key}:{channel}" if dedupe_key else None
        messages.append(
            OutboxMessage(
                case_id=case.id,
                channel=channel,
                recipient=recipient,
                template=template,
                language=case.language,
                params=params,
                dedupe_key=key,
                created_at=now,
                next_attempt_at=now,
            )
        )
    session.add_all(messages)
    return messages

"""No personal data in the logs: a whole journey (apply, book, follow the case, a caseworker
reading it) with every logger of the process at INFO, SQL statements included; no line may
carry the resident's name, phone number, email, identity number or access codes.

INFO, not DEBUG: at DEBUG SQLAlchemy writes every result row, which is why
docs/PRODUCTION.md says never to run `sqlalchemy` at DEBUG with real data.

tests/production/test_logs.py does the same against gunicorn, with its access log."""

import logging

from tests import journey
from tests.factories import at_ten, make_slot
from tests.staff import make_staff, sign_in


def test_a_whole_journey_writes_nothing_personal_to_any_log(app, data, caplog):
    make_slot(data, make_staff(data, "caseworker"), at_ten(3))
    for name in ["", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.INFO, logger=name or None)
    resident = app.test_client()

    applied = journey.apply(resident)
    booked = journey.book(resident)
    journey.follow(app.test_client(), *applied)
    journey.follow(app.test_client(), *booked)
    staff = app.test_client()
    sign_in(staff, make_staff(data, "caseworker"))
    queue = staff.get("/admin/queue")
    cases = [staff.get(f"/admin/cases/{reference}") for reference, _code in (applied, booked)]

    assert journey.NAME in queue.text and all(journey.NAME in case.text for case in cases)
    assert len(caplog.records) > 20  # the logs were on: SQL statements at least
    logged = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    assert journey.secrets_in(logged, [applied[1], booked[1]]) == []

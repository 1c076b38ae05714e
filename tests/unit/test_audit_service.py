import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from portal.models import AuditEvent
from portal.models.audit import AuditLogIsAppendOnly
from portal.services.staff import audit
from tests.staff import NOW, make_staff


def record(session, actor, action="sign_in", now=NOW, details=""):
    event = audit.record(
        session,
        actor=actor,
        action=action,
        object_type="staff_user",
        object_id=actor.id if actor else None,
        address="10.0.0.1",
        now=now,
        details=details,
    )
    session.commit()
    return event


def test_an_event_says_who_what_which_object_when_and_from_where(session):
    person = make_staff(session, "admin", email="kari@eigersund.no")

    record(session, person)

    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in")).one()
    assert (event.actor_id, event.actor_email, event.object_type, event.object_id) == (
        person.id,
        "kari@eigersund.no",
        "staff_user",
        str(person.id),
    )
    assert (event.occurred_at, event.client_address) == (NOW, "10.0.0.1")


def test_an_audit_event_cannot_be_changed_or_deleted_through_the_orm(session):
    event = record(session, make_staff(session, "admin"))

    event.details = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        session.flush()
    session.rollback()
    session.delete(session.get(AuditEvent, event.id))
    with pytest.raises(AuditLogIsAppendOnly):
        session.flush()
    session.rollback()


def test_on_postgresql_the_database_itself_refuses_to_update_an_event(session):
    if session.bind.dialect.name != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    record(session, make_staff(session, "admin"))

    with pytest.raises(Exception, match="append-only"):
        session.execute(text("UPDATE audit_events SET details = 'x'"))
    session.rollback()


@pytest.mark.parametrize("statement", ["DELETE FROM audit_events", "TRUNCATE audit_events"])
def test_on_postgresql_the_database_refuses_to_delete_or_truncate_the_log(session, statement):
    if session.bind.dialect.name != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    record(session, make_staff(session, "admin"))
    before = session.scalar(text("SELECT count(*) FROM audit_events"))

    with pytest.raises(Exception, match="append-only"):
        session.execute(text(statement))
    session.rollback()
    assert session.scalar(text("SELECT count(*) FROM audit_events")) == before > 0


def test_the_filters_narrow_by_person_action_and_oslo_date(session):
    kari = make_staff(session, "admin")
    ola = make_staff(session, "caseworker")
    record(session, kari, "sign_in", NOW)
    record(session, ola, "sign_in", NOW)
    record(session, kari, "roles_changed", NOW + timedelta(days=2))
    # 23:30 UTC on the 25th is already the 26th in Oslo.
    record(session, kari, "sign_out", NOW.replace(hour=23, minute=30))

    by_kari = audit.search(session, audit.AuditFilter(actor_id=kari.id, action="sign_in"))
    on_26th = audit.search(
        session, audit.AuditFilter(from_date=date(2026, 11, 26), to_date=date(2026, 11, 26))
    )

    assert [(e.actor_id, e.action) for e in by_kari.events] == [(kari.id, "sign_in")]
    assert [e.action for e in on_26th.events] == ["sign_out"]


def test_search_pages_newest_first(session):
    person = make_staff(session, "admin")
    for minute in range(5):
        record(session, person, "sign_in", NOW + timedelta(minutes=minute))

    second = audit.search(session, audit.AuditFilter(action="sign_in"), page=2, per_page=2)

    assert (second.number, second.page_count, second.total) == (2, 3, 5)
    assert [e.occurred_at for e in second.events] == [
        NOW + timedelta(minutes=2),
        NOW + timedelta(minutes=1),
    ]


def test_the_csv_export_defuses_cells_a_spreadsheet_would_run_and_is_itself_logged(session):
    person = make_staff(session, "admin")
    record(session, person, "sign_in_failed", details='=HYPERLINK("http://x")')
    record(session, person, "sign_in_failed", details="+1-2")

    body = audit.export_csv(
        session,
        audit.AuditFilter(action="sign_in_failed"),
        actor=person,
        address="x",
        now=NOW,
    )

    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["occurred_at", "actor_id", "actor_email", "action"]
    assert [row[-1] for row in rows[1:]] == ['\'=HYPERLINK("http://x")', "'+1-2"]
    last = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id.desc())).first()
    assert last == "audit_exported"

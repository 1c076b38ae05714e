"""The schema comes from Alembic only: the models and the migrations must agree."""

from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

import portal.models  # noqa: F401
from portal.cli import alembic_config
from portal.db import Base, is_modelled_table
from portal.models import Case, CaseEvent, OutboxMessage, Team


def differences(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": is_modelled_table}
        )
        return compare_metadata(context, Base.metadata)


def test_the_migrations_create_exactly_what_the_models_describe(engine):
    assert differences(engine) == []


def test_the_migrations_go_down_to_nothing_and_up_again(engine):
    config = alembic_config(engine)

    command.downgrade(config, "base")
    command.upgrade(config, "head")

    assert differences(engine) == []


def test_a_database_in_use_upgrades_with_its_cases_kept(engine):
    """0005 adds a column to `cases`, which bookings point at: it must not copy the table."""
    config = alembic_config(engine)
    command.downgrade(config, "0004")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO cases (reference, code_hash, kind, status, language, name, phone,"
                " email, topic, team, created_at, updated_at) VALUES ('B7K4-P2QM', 'x',"
                " 'callback', 'received', 'nb', 'Ola', '', '', '', '',"
                " '2026-11-25 09:00:00', '2026-11-25 09:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO callback_requests (case_id, preferred_time, about)"
                " SELECT id, 'any', '' FROM cases"
            )
        )

    command.upgrade(config, "head")

    with engine.begin() as connection:
        flags = connection.execute(text("SELECT flag_bits FROM cases")).scalar_one()
        connection.execute(text("DELETE FROM callback_requests"))
        connection.execute(text("DELETE FROM case_events"))
        connection.execute(text("DELETE FROM cases"))
    assert flags == 0
    assert differences(engine) == []


def test_casework_keeps_a_cases_flags_status_and_timeline_in_their_new_shape(engine):
    """0009: flags become bits, "in progress" becomes "in review", its timeline line too."""
    config = alembic_config(engine)
    command.downgrade(config, "0008")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO cases (reference, code_hash, kind, status, language, name, phone,"
                " email, topic, team, priority_flags, created_at, updated_at) VALUES"
                " ('B7K4-P2QM', 'x', 'application', 'in_progress', 'nb', 'Øyvind Ås', '', '',"
                " '', '', '[\"children\", \"homeless\"]', '2026-11-25 09:00:00',"
                " '2026-11-25 09:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO case_events (case_id, kind, body, is_visible_to_resident,"
                " created_at) SELECT id, 'in_progress', '', true, '2026-11-26 09:00:00'"
                " FROM cases"
            )
        )

    command.upgrade(config, "head")

    with Session(engine) as session:
        case = session.scalars(select(Case)).one()
        event = session.scalars(select(CaseEvent)).one()
        shape = (case.priority_flags, case.priority, case.status, case.search_name)
        timeline = (event.kind, event.detail)
        teams = session.scalars(select(Team.name).order_by(Team.position)).all()
        session.execute(delete(CaseEvent))
        session.execute(delete(Case))
        session.commit()
    assert shape == (["children", "homeless"], 2, "in_review", "øyvind ås")
    assert timeline == ("status_changed", "in_review")
    assert teams[0] == "Boligutvalget" and len(teams) == 4
    assert differences(engine) == []


def test_messages_the_old_sender_gave_up_on_are_failed_after_the_upgrade(engine):
    """0007: a message left after 5 attempts is shown to staff as failed; the others are due."""
    config = alembic_config(engine)
    before = ScriptDirectory.from_config(config).get_revision("0007").down_revision
    command.downgrade(config, before)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO outbox_messages (channel, recipient, template, language, params,"
                " created_at, attempts, last_error) VALUES"
                " ('sms', '91234567', 'callback_received', 'nb', '{}', '2026-11-25 09:00:00',"
                " 5, 'URLError'),"
                " ('email', 'kari@example.no', 'callback_received', 'nb', '{}',"
                " '2026-11-25 09:00:00', 2, 'TimeoutError')"
            )
        )

    command.upgrade(config, "head")

    with Session(engine) as session:
        abandoned, retrying = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        assert abandoned.failed_at is not None
        assert retrying.failed_at is None
        assert retrying.next_attempt_at == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        session.execute(delete(OutboxMessage))
        session.commit()
    assert differences(engine) == []


def test_imported_translations_nobody_reviewed_are_no_longer_called_reviewed(engine):
    """0011: a translation counts as reviewed only where the audit log shows a person said so."""
    config = alembic_config(engine)
    command.downgrade(config, "0010")
    page_row = (
        "INSERT INTO pages (slug, language, title, summary, body, is_published, review_status,"
        " published_at, updated_at) VALUES ('startlan', '{lang}', 'T', 'S', 'B', TRUE, 'reviewed',"
        " '2026-11-25 09:00:00', '2026-11-25 09:00:00')"
    )
    with engine.begin() as connection:
        for language in ("nb", "nn", "en"):
            connection.execute(text(page_row.format(lang=language)))
        english = connection.execute(
            text("SELECT id FROM pages WHERE language = 'en'")
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO audit_events (occurred_at, actor_email, action, object_type,"
                " object_id, client_address, details) VALUES ('2026-11-26 10:00:00', 'e@x.no',"
                " 'page_review_changed', 'page', :id, '', 'reviewed')"
            ),
            {"id": str(english)},
        )

    command.upgrade(config, "head")

    with engine.begin() as connection:
        rows = dict(connection.execute(text("SELECT language, review_status FROM pages")).all())
        reviewed_at = connection.execute(
            text("SELECT reviewed_at FROM pages WHERE language = 'en'")
        ).scalar_one()
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text("DELETE FROM audit_events"))
        connection.execute(text("DELETE FROM pages"))
    assert rows == {"nb": "reviewed", "nn": "needs_review", "en": "reviewed"}
    assert reviewed_at is not None
    assert differences(engine) == []


def test_contact_details_already_in_feedback_comments_are_taken_out(engine):
    """0018: what the service now removes before storing goes from what was stored before."""
    config = alembic_config(engine)
    command.downgrade(config, "0017")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO feedback (page, language, found_what_they_needed, comment,"
                " created_at) VALUES ('/nb/', 'nb', FALSE, 'Ring 912 34 567 eller ola@x.no',"
                " '2026-11-25 09:00:00')"
            )
        )

    command.upgrade(config, "head")

    with engine.begin() as connection:
        comment = connection.execute(text("SELECT comment FROM feedback")).scalar_one()
        connection.execute(text("DELETE FROM feedback"))
    assert comment == "Ring [fjernet] eller [fjernet]"

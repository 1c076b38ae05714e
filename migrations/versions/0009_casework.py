"""casework: teams, assignment, a workflow of statuses, document requests, decisions, retention

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 03:00:00
"""

import json

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The teams of the housing plan; admins edit the list at /admin/teams.
TEAMS = ("Boligutvalget", "Økonomisk tildelingsteam", "Tiltaksteam", "Veiledning")
# PriorityFlag's order: a flag's bit is its place in this list.
FLAGS = (
    "children",
    "young_aftercare",
    "homeless",
    "eviction_soon",
    "follow_up",
    "senior",
    "disability",
)


def _add_reference(table: str, column: str, target: str, name: str) -> None:
    """A new nullable column pointing at `target`. SQLite adds it with a plain ALTER TABLE
    (never a copy of the table: others point at it); PostgreSQL names the constraint."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {target} (id)")
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(name, table, target, [column], ["id"])


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    teams = sa.table(
        "teams",
        sa.column("name", sa.String),
        sa.column("position", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        teams, [{"name": name, "position": i, "active": True} for i, name in enumerate(TEAMS)]
    )

    # Plain ADD COLUMN, never a copy of `cases`: bookings and files point at it.
    _add_reference("cases", "team_id", "teams", "fk_cases_team_id_teams")
    op.add_column(
        "cases", sa.Column("search_name", sa.String(length=200), server_default="", nullable=False)
    )
    op.add_column("cases", sa.Column("flag_bits", sa.Integer(), server_default="0", nullable=False))
    op.add_column("cases", sa.Column("priority", sa.Integer(), server_default="0", nullable=False))
    op.add_column("cases", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column(
        "cases",
        sa.Column("has_new_reply", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("cases", sa.Column("expected_decision_on", sa.Date(), nullable=True))
    for column in ("decided_at", "ended_at", "archived_at"):
        op.add_column(
            "cases", sa.Column(column, portal.db.UtcDateTime(timezone=True), nullable=True)
        )
    op.create_index(op.f("ix_cases_team_id"), "cases", ["team_id"])
    op.create_index(op.f("ix_cases_ended_at"), "cases", ["ended_at"])
    op.create_index(
        "ix_cases_queue_order", "cases", [sa.column("priority").desc(), "created_at", "id"]
    )
    op.create_index(
        "ix_cases_assignee_queue_order",
        "cases",
        ["assignee_id", sa.column("priority").desc(), "created_at", "id"],
    )
    op.create_index(
        "ix_cases_new_reply_queue_order",
        "cases",
        [sa.column("priority").desc(), "created_at", "id"],
        sqlite_where=sa.text("has_new_reply IS 1"),
        postgresql_where=sa.text("has_new_reply IS true"),
    )

    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, name, priority_flags FROM cases")).all()
    for case_id, name, stored in rows:
        flags = stored if isinstance(stored, list) else json.loads(stored or "[]")
        bits = sum(1 << FLAGS.index(flag) for flag in set(flags) if flag in FLAGS)
        connection.execute(
            sa.text(
                "UPDATE cases SET flag_bits = :bits, priority = :count, search_name = :search"
                " WHERE id = :id"
            ),
            {"bits": bits, "count": bin(bits).count("1"), "search": name.casefold(), "id": case_id},
        )
    op.execute("UPDATE cases SET status = 'in_review' WHERE status = 'in_progress'")
    op.execute(
        "UPDATE cases SET ended_at = updated_at"
        " WHERE status IN ('closed', 'cancelled', 'withdrawn')"
    )
    op.drop_column("cases", "priority_flags")
    op.drop_column("cases", "team")

    op.add_column(
        "case_events",
        sa.Column("detail", sa.String(length=100), server_default="", nullable=False),
    )
    op.add_column("case_events", sa.Column("case_version", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE case_events SET kind = 'status_changed', detail = 'in_review'"
        " WHERE kind = 'in_progress'"
    )
    op.execute(
        "UPDATE case_events SET kind = 'status_changed', detail = 'closed' WHERE kind = 'closed'"
    )

    op.create_table(
        "document_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("fulfilled_at", portal.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_document_requests_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["staff_users.id"],
            name=op.f("fk_document_requests_requested_by_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_requests")),
    )
    op.create_index(op.f("ix_document_requests_case_id"), "document_requests", ["case_id"])
    _add_reference(
        "attachments",
        "document_request_id",
        "document_requests",
        "fk_attachments_document_request_id_document_requests",
    )

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("decision_type", sa.String(length=30), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("rules_applied", sa.Text(), nullable=False),
        sa.Column("tenancy_years", sa.Integer(), nullable=True),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("letter_stored_name", sa.String(length=64), nullable=False),
        sa.Column("letter_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_decisions_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["staff_users.id"],
            name=op.f("fk_decisions_decided_by_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("letter_stored_name", name=op.f("uq_decisions_letter_stored_name")),
    )
    op.create_index(op.f("ix_decisions_case_id"), "decisions", ["case_id"])
    op.create_table(
        "decision_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_texts")),
        sa.UniqueConstraint("outcome", "language", name=op.f("uq_decision_texts_outcome")),
    )
    op.create_table(
        "case_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("final_status", sa.String(length=20), nullable=False),
        sa.Column("flag_bits", sa.Integer(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_summaries")),
    )
    op.create_index(op.f("ix_case_summaries_received_on"), "case_summaries", ["received_on"])


def downgrade() -> None:
    op.drop_index(op.f("ix_case_summaries_received_on"), table_name="case_summaries")
    op.drop_table("case_summaries")
    op.drop_table("decision_texts")
    op.drop_index(op.f("ix_decisions_case_id"), table_name="decisions")
    op.drop_table("decisions")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(
            "fk_attachments_document_request_id_document_requests",
            "attachments",
            type_="foreignkey",
        )
    op.drop_column("attachments", "document_request_id")
    op.drop_index(op.f("ix_document_requests_case_id"), table_name="document_requests")
    op.drop_table("document_requests")
    op.execute("UPDATE case_events SET kind = detail WHERE kind = 'status_changed'")
    op.execute("UPDATE case_events SET kind = 'in_progress' WHERE kind = 'in_review'")
    op.drop_column("case_events", "case_version")
    op.drop_column("case_events", "detail")
    op.add_column(
        "cases", sa.Column("team", sa.String(length=40), server_default="", nullable=False)
    )
    op.add_column(
        "cases", sa.Column("priority_flags", sa.JSON(), server_default="[]", nullable=False)
    )
    op.execute(
        "UPDATE cases SET status = 'in_progress'"
        " WHERE status IN ('in_review', 'waiting_for_resident', 'decided')"
    )
    op.drop_index("ix_cases_queue_order", table_name="cases")
    op.drop_index(op.f("ix_cases_ended_at"), table_name="cases")
    op.drop_index("ix_cases_new_reply_queue_order", table_name="cases")
    op.drop_index("ix_cases_assignee_queue_order", table_name="cases")
    op.drop_index(op.f("ix_cases_team_id"), table_name="cases")
    for column in (
        "archived_at",
        "ended_at",
        "decided_at",
        "expected_decision_on",
        "has_new_reply",
        "version",
        "priority",
        "flag_bits",
        "search_name",
    ):
        op.drop_column("cases", column)
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_cases_team_id_teams", "cases", type_="foreignkey")
    op.drop_column("cases", "team_id")
    op.drop_table("teams")

"""scheduled page changes: publish a revision or unpublish a page at a chosen moment

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 15:00:00
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

WAITING = sa.text("done_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "scheduled_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("run_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("done_at", portal.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["pages.id"],
            name=op.f("fk_scheduled_changes_page_id_pages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["page_revisions.id"],
            name=op.f("fk_scheduled_changes_revision_id_page_revisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_changes")),
    )
    with op.batch_alter_table("scheduled_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scheduled_changes_page_id"), ["page_id"], unique=False)
        batch_op.create_index(
            "ix_scheduled_changes_waiting",
            ["run_at"],
            unique=False,
            sqlite_where=WAITING,
            postgresql_where=WAITING,
        )


def downgrade() -> None:
    with op.batch_alter_table("scheduled_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_scheduled_changes_waiting")
        batch_op.drop_index(batch_op.f("ix_scheduled_changes_page_id"))
    op.drop_table("scheduled_changes")

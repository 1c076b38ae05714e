"""outbox delivery: claims, retries with growing delays, failed messages

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 12:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WAITING = sa.text("sent_at IS NULL AND failed_at IS NULL")


def upgrade() -> None:
    # Plain ADD COLUMNs first (no table copy): a waiting message is due from when it was queued.
    op.add_column(
        "outbox_messages",
        sa.Column("next_attempt_at", portal.db.UtcDateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "outbox_messages",
        sa.Column("claimed_until", portal.db.UtcDateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "outbox_messages",
        sa.Column("failed_at", portal.db.UtcDateTime(timezone=True), nullable=True),
    )
    op.execute("UPDATE outbox_messages SET next_attempt_at = created_at")
    # Messages the old sender gave up on after 5 attempts without telling anyone:
    # they are failed now, so staff see them and can try again.
    op.execute(
        "UPDATE outbox_messages SET failed_at = CURRENT_TIMESTAMP"
        " WHERE sent_at IS NULL AND attempts >= 5"
    )
    # Nothing points at outbox_messages, so SQLite may copy it to make the column NOT NULL.
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column(
            "next_attempt_at",
            existing_type=portal.db.UtcDateTime(timezone=True),
            nullable=False,
        )
        batch_op.create_index(
            "ix_outbox_messages_waiting",
            ["next_attempt_at"],
            unique=False,
            sqlite_where=WAITING,
            postgresql_where=WAITING,
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_messages_waiting")
        batch_op.drop_column("failed_at")
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("next_attempt_at")

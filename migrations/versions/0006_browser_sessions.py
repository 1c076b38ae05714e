"""browser sessions kept on the server

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 00:30:00
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "browser_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_browser_sessions")),
    )
    with op.batch_alter_table("browser_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_browser_sessions_expires_at"), ["expires_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("browser_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_browser_sessions_expires_at"))
    op.drop_table("browser_sessions")

"""start page cards: the main needs on the start page, per language, edited by editors

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 11:00:00
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "start_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("link_kind", sa.String(length=10), nullable=False),
        sa.Column("link_target", sa.String(length=80), nullable=False),
        sa.Column("action_route", sa.String(length=20), nullable=False),
        sa.Column("action_text", sa.String(length=120), nullable=False),
        sa.Column("updated_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_start_cards")),
    )
    with op.batch_alter_table("start_cards", schema=None) as batch_op:
        batch_op.create_index(
            "ix_start_cards_language_position", ["language", "position"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("start_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_start_cards_language_position")
    op.drop_table("start_cards")

"""navigation: information pages grouped and ordered per language, edited by editors

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:00:00
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "navigation_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("updated_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_navigation_groups")),
    )
    with op.batch_alter_table("navigation_groups", schema=None) as batch_op:
        batch_op.create_index(
            "ix_navigation_groups_language_position", ["language", "position"], unique=False
        )
    op.create_table(
        "navigation_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["navigation_groups.id"],
            name=op.f("fk_navigation_items_group_id_navigation_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_navigation_items")),
        sa.UniqueConstraint("group_id", "slug", name=op.f("uq_navigation_items_group_id")),
    )
    with op.batch_alter_table("navigation_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_navigation_items_group_id"), ["group_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_navigation_items_slug"), ["slug"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("navigation_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_navigation_items_slug"))
        batch_op.drop_index(batch_op.f("ix_navigation_items_group_id"))
    op.drop_table("navigation_items")
    with op.batch_alter_table("navigation_groups", schema=None) as batch_op:
        batch_op.drop_index("ix_navigation_groups_language_position")
    op.drop_table("navigation_groups")

"""images for information pages: the picture's words, and its stored sizes

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 14:00:00
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("alt_text", sa.String(length=300), nullable=False),
        sa.Column("is_decorative", sa.Boolean(), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_images")),
        sa.UniqueConstraint("key", name=op.f("uq_images_key")),
    )
    op.create_table(
        "image_variants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("image_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["image_id"],
            ["images.id"],
            name=op.f("fk_image_variants_image_id_images"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_image_variants")),
        sa.UniqueConstraint("name", name=op.f("uq_image_variants_name")),
    )
    with op.batch_alter_table("image_variants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_image_variants_image_id"), ["image_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("image_variants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_image_variants_image_id"))
    op.drop_table("image_variants")
    op.drop_table("images")

"""information pages

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 03:50:53
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_published", sa.Boolean(), nullable=False),
        sa.Column("review_status", sa.String(length=20), nullable=False),
        sa.Column("published_at", portal.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pages")),
        sa.UniqueConstraint("slug", "language", name=op.f("uq_pages_slug")),
    )
    op.create_table(
        "page_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["pages.id"],
            name=op.f("fk_page_revisions_page_id_pages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_revisions")),
    )
    with op.batch_alter_table("page_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_page_revisions_page_id"), ["page_id"], unique=False)

    # The search index lives outside the models: one engine per database (portal/services/search.py).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE page_search USING fts5("
            "title, summary, body, language UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
        )
    else:
        op.execute(
            "CREATE TABLE page_search ("
            "page_id integer PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE, "
            "language varchar(8) NOT NULL, document tsvector NOT NULL)"
        )
        op.execute("CREATE INDEX ix_page_search_document ON page_search USING gin (document)")


def downgrade() -> None:
    op.execute("DROP TABLE page_search")
    with op.batch_alter_table("page_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_page_revisions_page_id"))

    op.drop_table("page_revisions")
    op.drop_table("pages")

"""archived pages: the page is marked archived and its address answers 301 to another page

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 13:00:00
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table copy): page_revisions and the search index point at pages.
    op.add_column(
        "pages", sa.Column("archived_at", portal.db.UtcDateTime(timezone=True), nullable=True)
    )
    op.create_table(
        "page_redirects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_slug", sa.String(length=80), nullable=False),
        sa.Column("to_slug", sa.String(length=80), nullable=False),
        sa.Column("created_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_redirects")),
        sa.UniqueConstraint("from_slug", name=op.f("uq_page_redirects_from_slug")),
    )


def downgrade() -> None:
    op.drop_table("page_redirects")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a table copy would cascade-delete revisions.
    op.drop_column("pages", "archived_at")

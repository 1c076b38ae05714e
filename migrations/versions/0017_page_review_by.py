"""review-by date: when an editor should read a page again to see it is still right

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (no table copy): page_revisions and the search index point at pages.
    op.add_column("pages", sa.Column("review_by", sa.Date(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a table copy would cascade-delete revisions.
    op.drop_column("pages", "review_by")

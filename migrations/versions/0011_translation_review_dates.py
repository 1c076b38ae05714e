"""translation status: when the bokmål text changed, when each translation was reviewed

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 10:00:00

Imported translations were marked reviewed although nobody had read them. A translation
counts as reviewed only where the audit log shows a person marking it so; the others are
"needs review" from now on, honestly.
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no table copy): page_revisions and the search index point at pages.
    op.add_column(
        "pages", sa.Column("text_changed_at", portal.db.UtcDateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "pages", sa.Column("reviewed_at", portal.db.UtcDateTime(timezone=True), nullable=True)
    )
    op.execute("UPDATE pages SET text_changed_at = published_at WHERE published_at IS NOT NULL")
    op.execute(
        "UPDATE pages SET reviewed_at = ("
        " SELECT max(audit_events.occurred_at) FROM audit_events"
        " WHERE audit_events.action = 'page_review_changed'"
        " AND audit_events.object_type = 'page'"
        " AND audit_events.object_id = CAST(pages.id AS VARCHAR(64))"
        " AND audit_events.details = 'reviewed')"
        " WHERE language <> 'nb' AND review_status = 'reviewed'"
    )
    op.execute(
        "UPDATE pages SET review_status = 'needs_review'"
        " WHERE language <> 'nb' AND review_status = 'reviewed' AND reviewed_at IS NULL"
    )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a table copy would cascade-delete revisions.
    op.drop_column("pages", "reviewed_at")
    op.drop_column("pages", "text_changed_at")

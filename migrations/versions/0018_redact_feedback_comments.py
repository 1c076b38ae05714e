"""feedback keeps no personal data: take contact details and identity numbers out of the
comments already stored

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 17:00:00

From now on the feedback service removes them before storing
(portal/services/information/feedback.py). The patterns are copied here, as they were
when this ran, so the migration does the same thing whatever the service says later.
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

REDACTED = "[fjernet]"
_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[^\s@<>()\[\],;:\"']+")
_NUMBER = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ .\-/]?\d){7,}(?!\w)")


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, comment FROM feedback WHERE comment <> ''"))
    for row_id, comment in rows.all():
        cleaned = _NUMBER.sub(REDACTED, _EMAIL.sub(REDACTED, comment))
        if cleaned != comment:
            connection.execute(
                sa.text("UPDATE feedback SET comment = :comment WHERE id = :id"),
                {"comment": cleaned, "id": row_id},
            )


def downgrade() -> None:
    # What was taken out is gone on purpose.
    pass

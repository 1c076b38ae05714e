"""the audit log refuses DELETE and TRUNCATE on PostgreSQL, as it refuses UPDATE

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 02:00:00
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The function made in 0003 raises for any row; it serves deletes and truncation too.
# Only the database's owner can get past these (by switching triggers off), which is
# what the test suite's clean-up does; nothing in the portal deletes audit rows.
REFUSE_AUDIT_DELETES = """
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_update();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_update();
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(REFUSE_AUDIT_DELETES)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER audit_events_no_delete ON audit_events")

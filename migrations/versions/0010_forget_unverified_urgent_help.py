"""forget the urgent-help values nobody could source: Nav's assumed hours, legevakt as the night route

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 09:00:00

The start page showed Nav's hours as 09:00–15:00 and sent people with nowhere to sleep
to the legevakt after hours. Neither could be confirmed (portal/content/SOURCES.md,
"Interface texts"). Those values were defaults that every saved settings form carried,
so a stored 09:00/15:00 cannot be told from an unchecked default: they go, and staff
set hours again if they know them. The after-hours number becomes the municipality's
own out-of-hours number (a new key, empty until set); legevakt is shown as the number
for urgent health help, fixed, like 113 and 112.
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM settings WHERE key = 'contacts.after_hours_phone'"
        " OR (key = 'contacts.nav_opens' AND value = '09:00')"
        " OR (key = 'contacts.nav_closes' AND value = '15:00')"
    )


def downgrade() -> None:
    # The removed values were unchecked defaults; the old code supplies them again by itself.
    pass

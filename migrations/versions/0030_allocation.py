"""Allocation: the dwelling register, households waiting for a dwelling, offers, tenancies,
Boligutvalget's meetings, start-loan decisions for the plan's numbers, and whether a booked
guidance time was held.

Revision ID: 0030
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0030"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dwellings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("address_key", sa.String(length=230), nullable=False),
        sa.Column("postcode", sa.String(length=4), nullable=False),
        sa.Column("area", sa.String(length=60), nullable=False),
        sa.Column("size_m2", sa.Integer(), nullable=False),
        sa.Column("bedrooms", sa.Integer(), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=False),
        sa.Column("step_free", sa.Boolean(), nullable=False),
        sa.Column("suitable_bits", sa.Integer(), nullable=False),
        sa.Column("reserved_for", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("ownership", sa.String(length=20), nullable=False),
        sa.Column("monthly_rent", sa.Integer(), nullable=False),
        sa.Column("fire_safety_notes", sa.Text(), nullable=False),
        sa.Column("follow_up_notes", sa.Text(), nullable=False),
        sa.Column("available_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("bedrooms BETWEEN 0 AND 8", name=op.f("ck_dwellings_bedrooms")),
        sa.CheckConstraint("floor BETWEEN -1 AND 30", name=op.f("ck_dwellings_floor")),
        sa.CheckConstraint("monthly_rent BETWEEN 0 AND 60000", name=op.f("ck_dwellings_rent")),
        sa.CheckConstraint("size_m2 BETWEEN 10 AND 400", name=op.f("ck_dwellings_size")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dwellings")),
        sa.UniqueConstraint("address_key", name=op.f("uq_dwellings_address_key")),
    )
    with op.batch_alter_table("dwellings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dwellings_area"), ["area"], unique=False)
        batch_op.create_index(batch_op.f("ix_dwellings_status"), ["status"], unique=False)

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meets_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("created_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("meets_on", name=op.f("uq_meetings_meets_on")),
    )
    op.create_table(
        "start_loan_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("family_with_children", sa.Boolean(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["staff_users.id"],
            name=op.f("fk_start_loan_decisions_recorded_by_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_start_loan_decisions")),
    )
    with op.batch_alter_table("start_loan_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_start_loan_decisions_decided_on"), ["decided_on"], unique=False
        )

    op.create_table(
        "housing_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("bedrooms", sa.Integer(), nullable=False),
        sa.Column("step_free", sa.Boolean(), nullable=False),
        sa.Column("group_bits", sa.Integer(), nullable=False),
        sa.Column("areas", sa.String(length=300), nullable=False),
        sa.Column("has_pets", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("waiting_since", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("tenancy_years", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", portal.db.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_housing_needs_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housing_needs")),
        sa.UniqueConstraint("case_id", name=op.f("uq_housing_needs_case_id")),
    )
    with op.batch_alter_table("housing_needs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_housing_needs_matching_order",
            ["status", sa.literal_column("priority DESC"), "waiting_since"],
            unique=False,
        )

    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("dwelling_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("monthly_rent", sa.Integer(), nullable=False),
        sa.Column("available_on", sa.Date(), nullable=False),
        sa.Column("answer_by", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("made_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("notes_confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", portal.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_offers_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["dwelling_id"], ["dwellings.id"], name=op.f("fk_offers_dwelling_id_dwellings")
        ),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["staff_users.id"], name=op.f("fk_offers_made_by_id_staff_users")
        ),
        sa.ForeignKeyConstraint(
            ["notes_confirmed_by_id"],
            ["staff_users.id"],
            name=op.f("fk_offers_notes_confirmed_by_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_answer_by"), ["answer_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_dwelling_id"), ["dwelling_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_made_at"), ["made_at"], unique=False)
        batch_op.create_index(
            "uq_offers_open_case",
            ["case_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.create_index(
            "uq_offers_open_dwelling",
            ["dwelling_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )

    op.create_table(
        "meeting_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["staff_users.id"],
            name=op.f("fk_meeting_items_added_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_meeting_items_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name=op.f("fk_meeting_items_decision_id_decisions")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_items_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_items")),
        sa.UniqueConstraint("meeting_id", "case_id", name=op.f("uq_meeting_items_meeting_id")),
    )
    with op.batch_alter_table("meeting_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_items_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_meeting_items_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "tenancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dwelling_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("is_first", sa.Boolean(), nullable=False),
        sa.Column("renewal_of_id", sa.Integer(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=False),
        sa.Column("warned_at", portal.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("warned_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on > starts_on", name=op.f("ck_tenancies_ends_after_start")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_tenancies_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["dwelling_id"], ["dwellings.id"], name=op.f("fk_tenancies_dwelling_id_dwellings")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_tenancies_offer_id_offers")
        ),
        sa.ForeignKeyConstraint(
            ["renewal_of_id"],
            ["tenancies.id"],
            name=op.f("fk_tenancies_renewal_of_id_tenancies"),
        ),
        sa.ForeignKeyConstraint(
            ["warned_by_id"], ["staff_users.id"], name=op.f("fk_tenancies_warned_by_id_staff_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancies")),
    )
    with op.batch_alter_table("tenancies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tenancies_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_tenancies_current_ends_on",
            ["ends_on"],
            unique=False,
            sqlite_where=sa.text("ended_on IS NULL"),
            postgresql_where=sa.text("ended_on IS NULL"),
        )
        batch_op.create_index(batch_op.f("ix_tenancies_dwelling_id"), ["dwelling_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tenancies_ended_on"), ["ended_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_tenancies_starts_on"), ["starts_on"], unique=False)
        batch_op.create_index(
            "uq_tenancies_current_dwelling",
            ["dwelling_id"],
            unique=True,
            sqlite_where=sa.text("ended_on IS NULL"),
            postgresql_where=sa.text("ended_on IS NULL"),
        )

    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("attendance", sa.String(length=20), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_column("attendance")

    with op.batch_alter_table("tenancies", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_tenancies_current_dwelling",
            sqlite_where=sa.text("ended_on IS NULL"),
            postgresql_where=sa.text("ended_on IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_tenancies_starts_on"))
        batch_op.drop_index(batch_op.f("ix_tenancies_ended_on"))
        batch_op.drop_index(batch_op.f("ix_tenancies_dwelling_id"))
        batch_op.drop_index(
            "ix_tenancies_current_ends_on",
            sqlite_where=sa.text("ended_on IS NULL"),
            postgresql_where=sa.text("ended_on IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_tenancies_case_id"))

    op.drop_table("tenancies")
    with op.batch_alter_table("meeting_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_items_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_items_case_id"))

    op.drop_table("meeting_items")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_offers_open_dwelling",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.drop_index(
            "uq_offers_open_case",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.drop_index(batch_op.f("ix_offers_made_at"))
        batch_op.drop_index(batch_op.f("ix_offers_dwelling_id"))
        batch_op.drop_index(batch_op.f("ix_offers_case_id"))
        batch_op.drop_index(batch_op.f("ix_offers_answer_by"))

    op.drop_table("offers")
    with op.batch_alter_table("housing_needs", schema=None) as batch_op:
        batch_op.drop_index("ix_housing_needs_matching_order")

    op.drop_table("housing_needs")
    with op.batch_alter_table("start_loan_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_start_loan_decisions_decided_on"))

    op.drop_table("start_loan_decisions")
    op.drop_table("meetings")
    with op.batch_alter_table("dwellings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dwellings_status"))
        batch_op.drop_index(batch_op.f("ix_dwellings_area"))

    op.drop_table("dwellings")

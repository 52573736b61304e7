"""Facility bookings and the users' secret calendar feeds

Booking times carry their offset: `timestamp with time zone` on PostgreSQL, fixed-width
UTC text on SQLite (see hub_app.core.datetimes).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

AWARE = sa.DateTime(timezone=True).with_variant(sa.String(length=32), "sqlite")


def upgrade():
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hub", sa.String(length=16), nullable=False),
        sa.Column("facility", sa.String(length=32), nullable=False),
        sa.Column("starts_at", AWARE, nullable=False),
        sa.Column("ends_at", AWARE, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("evaluation_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organizations.id"],
            name=op.f("fk_bookings_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_bookings_project_id_projects")
        ),
        sa.ForeignKeyConstraint(
            ["evaluation_id"], ["evaluations.id"],
            name=op.f("fk_bookings_evaluation_id_evaluations"),
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["users.id"], name=op.f("fk_bookings_staff_id_users")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_bookings_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    op.create_index("ix_bookings_slot", "bookings", ["hub", "facility", "starts_at", "ends_at"])
    for column in ("starts_at", "organization_id", "project_id", "evaluation_id", "staff_id",
                   "deleted_at"):
        op.create_index(op.f(f"ix_bookings_{column}"), "bookings", [column])

    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_feeds_user_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )


def downgrade():
    op.drop_table("calendar_feeds")
    op.drop_index("ix_bookings_slot", table_name="bookings")
    for column in ("starts_at", "organization_id", "project_id", "evaluation_id", "staff_id",
                   "deleted_at"):
        op.drop_index(op.f(f"ix_bookings_{column}"), table_name="bookings")
    op.drop_table("bookings")

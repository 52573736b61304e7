"""KPI indexes: live rows only (deleted_at IS NULL), covering what the measures read;
one fiscal-year closure in force per hub and year

Each ends with deleted_at so the index covers the query (SQLite does not take a
partial index's own WHERE as a readable column): a measure's grouped count walks one
small index and never the table.

Revision ID: 0005
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")

# name, table, columns: the same list as hub_app.kpi.models.KPI_INDEXES
INDEXES = [
    ("ix_kpi_consultations", "consultations", ["hub", "opened_on", "deleted_at"]),
    ("ix_kpi_invitations", "invitations", ["hub", "invited_on", "deleted_at"]),
    ("ix_kpi_projects_started", "projects", ["hub", "started_on", "deleted_at"]),
    ("ix_kpi_projects_launched", "projects", ["hub", "launched_on", "deleted_at"]),
    ("ix_kpi_matchings", "matchings", ["hub", "agreed_on", "stage", "deleted_at"]),
    ("ix_kpi_partnerships", "partnerships", ["hub", "concluded_on", "deleted_at"]),
    ("ix_kpi_events", "events", ["hub", "kind", "held_on", "deleted_at"]),
    ("ix_kpi_talents", "talents", ["id", "deleted_at"]),
]
ATTENDANCES = ("ix_kpi_attendances", "attendances", ["event_id", "talent_id", "deleted_at"])
ATTENDED = sa.text("deleted_at IS NULL AND talent_id IS NOT NULL")
IN_FORCE = sa.text("reopened_at IS NULL")


def upgrade():
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, sqlite_where=LIVE, postgresql_where=LIVE)
    name, table, columns = ATTENDANCES
    op.create_index(name, table, columns, sqlite_where=ATTENDED, postgresql_where=ATTENDED)
    op.create_index(
        "uq_fiscal_year_closures_in_force",
        "fiscal_year_closures",
        ["hub", "fiscal_year"],
        unique=True,
        sqlite_where=IN_FORCE,
        postgresql_where=IN_FORCE,
    )


def downgrade():
    op.drop_index("uq_fiscal_year_closures_in_force", table_name="fiscal_year_closures")
    op.drop_index(ATTENDANCES[0], table_name=ATTENDANCES[1])
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)

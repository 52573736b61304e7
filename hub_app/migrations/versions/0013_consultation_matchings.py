"""A K-NIC consultation may name the matching it is about (consultations.matching_id)

A plain ADD COLUMN on both databases: a batch copy of consultations would drop a table
that activities and attachments point at.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE consultations ADD COLUMN matching_id INTEGER REFERENCES matchings (id)")
    else:
        op.add_column("consultations", sa.Column("matching_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_consultations_matching_id_matchings"),
            "consultations",
            "matchings",
            ["matching_id"],
            ["id"],
        )
    op.create_index(op.f("ix_consultations_matching_id"), "consultations", ["matching_id"])


def downgrade():
    op.drop_index(op.f("ix_consultations_matching_id"), table_name="consultations")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE consultations DROP COLUMN matching_id")
    else:
        op.drop_constraint(
            op.f("fk_consultations_matching_id_matchings"), "consultations", type_="foreignkey"
        )
        op.drop_column("consultations", "matching_id")

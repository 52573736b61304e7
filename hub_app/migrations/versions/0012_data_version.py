"""The data version: one row that changes with every write, so cached figures know when
they are out of date (core.versions, core.cache)

Revision ID: 0012
Revises: 0011
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.bulk_insert(table, [{"id": 1, "value": secrets.randbits(62)}])


def downgrade():
    op.drop_table("data_version")

"""The registry stays true (DESIGN §11): organisations learn whom they were merged into and
when the NTA data was last applied to them; the NTA's corporate-number data gets its table

The folded names are compared byte by byte on PostgreSQL (collation "C"), so a prefix
lookup is a range scan of their indexes on both databases.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _folded() -> sa.types.TypeEngine:
    return sa.String(length=300).with_variant(
        sa.String(length=300, collation="C"), "postgresql"
    )


def upgrade():
    with op.batch_alter_table("organizations") as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("nta_checked_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_organizations_merged_into_id_organizations"),
            "organizations",
            ["merged_into_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_organizations_merged_into_id"), ["merged_into_id"])

    op.create_table(
        "corporations",
        sa.Column("corporate_number", sa.String(length=13), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("furigana", sa.String(length=300), nullable=True),
        sa.Column("kind", sa.String(length=3), nullable=False),
        sa.Column("prefecture_name", sa.String(length=10), nullable=True),
        sa.Column("city_name", sa.String(length=30), nullable=True),
        sa.Column("street_number", sa.String(length=300), nullable=True),
        sa.Column("post_code", sa.String(length=7), nullable=True),
        sa.Column("close_date", sa.Date(), nullable=True),
        sa.Column("close_cause", sa.String(length=2), nullable=True),
        sa.Column("successor_corporate_number", sa.String(length=13), nullable=True),
        sa.Column("change_date", sa.Date(), nullable=True),
        sa.Column("update_date", sa.Date(), nullable=True),
        sa.Column("process", sa.String(length=2), nullable=False),
        sa.Column("name_fold", _folded(), nullable=False),
        sa.Column("furigana_fold", _folded(), nullable=True),
        sa.PrimaryKeyConstraint("corporate_number", name=op.f("pk_corporations")),
    )
    for column in ("name_fold", "furigana_fold", "successor_corporate_number"):
        op.create_index(op.f(f"ix_corporations_{column}"), "corporations", [column])


def downgrade():
    for column in ("name_fold", "furigana_fold", "successor_corporate_number"):
        op.drop_index(op.f(f"ix_corporations_{column}"), table_name="corporations")
    op.drop_table("corporations")
    with op.batch_alter_table("organizations") as batch_op:
        batch_op.drop_index(batch_op.f("ix_organizations_merged_into_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_organizations_merged_into_id_organizations"), type_="foreignkey"
        )
        batch_op.drop_column("nta_checked_at")
        batch_op.drop_column("merged_into_id")

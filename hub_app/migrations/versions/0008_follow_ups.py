"""Follow-ups on consultations, projects and matchings; the reminder switch of each user;
sign-in attempts indexed by age for their purge

Every existing user gets reminders switched on (server default true), as a new one does.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

FOLLOWED = ("consultations", "projects", "matchings")


def upgrade():
    for table in FOLLOWED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("next_action_on", sa.Date(), nullable=True))
            batch_op.add_column(sa.Column("next_action", sa.String(length=200), nullable=True))
        op.create_index(op.f(f"ix_{table}_next_action_on"), table, ["next_action_on"])
    # a plain ADD COLUMN: a batch copy of users would drop a table other rows point at
    op.add_column(
        "users",
        sa.Column("reminders_enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.create_index("ix_login_attempts_attempted_at", "login_attempts", ["attempted_at"])


def downgrade():
    op.drop_index("ix_login_attempts_attempted_at", table_name="login_attempts")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("reminders_enabled")
    for table in reversed(FOLLOWED):
        op.drop_index(op.f(f"ix_{table}_next_action_on"), table_name=table)
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("next_action")
            batch_op.drop_column("next_action_on")

"""Programmes of the yearly grant report: KPIs, budgets and year closes move from hub to
programme; entered KPI figures; reports and their approved documents (DESIGN §10)

The two hubs' programmes take the hubs' codes, so every existing KPI, budget and closure
keeps its key: the column is renamed and points at programmes instead of hubs.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")
IN_FORCE = sa.text("reopened_at IS NULL")

# The rows existing KPIs, budgets and closures will point at. init-db's seed adds the
# other four programmes' KPIs and figures; it never changes a row that exists.
HUB_PROGRAMMES = [
    {
        "code": "welltech",
        "name": "川崎型中小企業福祉産業創出事業",
        "hub": "welltech",
        "first_fiscal_year": 2021,
        "last_fiscal_year": 2023,
        "kpi_layout": "single",
        "position": 1,
    },
    {
        "code": "knic",
        "name": "副業・兼業人材活用によるイノベーション創出事業",
        "hub": "knic",
        "first_fiscal_year": 2021,
        "last_fiscal_year": 2023,
        "kpi_layout": "single",
        "position": 2,
    },
]


def upgrade():
    programmes = op.create_table(
        "programmes",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("hub", sa.String(length=16), nullable=True),
        sa.Column("first_fiscal_year", sa.Integer(), nullable=False),
        sa.Column("last_fiscal_year", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("kpi_layout", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["hub"], ["hubs.code"], name=op.f("fk_programmes_hub_hubs")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_programmes")),
    )
    # only where the hubs exist already: a new database gets them from init-db's seed
    hubs = {row[0] for row in op.get_bind().execute(sa.text("SELECT code FROM hubs"))}
    op.bulk_insert(programmes, [p for p in HUB_PROGRAMMES if p["hub"] in hubs])

    with op.batch_alter_table("kpis") as batch_op:
        batch_op.add_column(sa.Column("programme", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("period", sa.String(length=16), nullable=False, server_default="fiscal")
        )
        batch_op.add_column(sa.Column("baseline", sa.BigInteger(), nullable=True))
        batch_op.alter_column("hub", existing_type=sa.String(length=16), nullable=True)
        batch_op.alter_column("measure", existing_type=sa.String(length=64), nullable=True)
    op.execute("UPDATE kpis SET programme = hub")
    with op.batch_alter_table("kpis") as batch_op:
        batch_op.alter_column("programme", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_foreign_key(
            op.f("fk_kpis_programme_programmes"), "programmes", ["programme"], ["code"]
        )
        batch_op.create_index(batch_op.f("ix_kpis_programme"), ["programme"], unique=False)

    op.drop_index("uq_budgets_hub_year_kind_active", table_name="budgets")
    op.drop_index("ix_budgets_hub", table_name="budgets")
    with op.batch_alter_table("budgets") as batch_op:
        batch_op.drop_constraint("fk_budgets_hub_hubs", type_="foreignkey")
        batch_op.alter_column(
            "hub",
            new_column_name="programme",
            existing_type=sa.String(length=16),
            type_=sa.String(length=32),
            existing_nullable=False,
        )
    with op.batch_alter_table("budgets") as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_budgets_programme_programmes"), "programmes", ["programme"], ["code"]
        )
        batch_op.create_index(batch_op.f("ix_budgets_programme"), ["programme"], unique=False)
    op.create_index(
        "uq_budgets_programme_year_kind_active",
        "budgets",
        ["programme", "fiscal_year", "kind"],
        unique=True,
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )

    op.drop_index("uq_fiscal_year_closures_in_force", table_name="fiscal_year_closures")
    with op.batch_alter_table("fiscal_year_closures") as batch_op:
        batch_op.drop_constraint("fk_fiscal_year_closures_hub_hubs", type_="foreignkey")
        batch_op.drop_constraint("uq_fiscal_year_closures_hub", type_="unique")
        batch_op.alter_column(
            "hub",
            new_column_name="programme",
            existing_type=sa.String(length=16),
            type_=sa.String(length=32),
            existing_nullable=False,
        )
    with op.batch_alter_table("fiscal_year_closures") as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_fiscal_year_closures_programme_programmes"),
            "programmes",
            ["programme"],
            ["code"],
        )
        batch_op.create_unique_constraint(
            op.f("uq_fiscal_year_closures_programme"), ["programme", "fiscal_year", "closed_at"]
        )
    op.create_index(
        "uq_fiscal_year_closures_in_force",
        "fiscal_year_closures",
        ["programme", "fiscal_year"],
        unique=True,
        sqlite_where=IN_FORCE,
        postgresql_where=IN_FORCE,
    )

    op.create_table(
        "kpi_values",
        sa.Column("kpi_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("actual", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_kpi_values_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["attachments.id"], name=op.f("fk_kpi_values_evidence_id_attachments")
        ),
        sa.ForeignKeyConstraint(["kpi_id"], ["kpis.id"], name=op.f("fk_kpi_values_kpi_id_kpis")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_values")),
    )
    with op.batch_alter_table("kpi_values") as batch_op:
        batch_op.create_index(batch_op.f("ix_kpi_values_deleted_at"), ["deleted_at"])
        batch_op.create_index(batch_op.f("ix_kpi_values_kpi_id"), ["kpi_id"])
        batch_op.create_index(batch_op.f("ix_kpi_values_year"), ["year"])
        batch_op.create_index(
            "uq_kpi_values_kpi_year_active",
            ["kpi_id", "year"],
            unique=True,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )

    op.create_table(
        "reports",
        sa.Column("programme", sa.String(length=32), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("overview", sa.Text(), nullable=False),
        sa.Column("activities", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("next_activities", sa.Text(), nullable=False),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_reports_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["programme"], ["programmes.code"], name=op.f("fk_reports_programme_programmes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    with op.batch_alter_table("reports") as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_deleted_at"), ["deleted_at"])
        batch_op.create_index(batch_op.f("ix_reports_fiscal_year"), ["fiscal_year"])
        batch_op.create_index(batch_op.f("ix_reports_programme"), ["programme"])
        batch_op.create_index(
            "uq_reports_programme_year_active",
            ["programme", "fiscal_year"],
            unique=True,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        )

    op.create_table(
        "report_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=False),
        sa.Column("approved_by", sa.Integer(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["users.id"], name=op.f("fk_report_approvals_approved_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_approvals_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by"], ["users.id"], name=op.f("fk_report_approvals_withdrawn_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_approvals")),
    )
    with op.batch_alter_table("report_approvals") as batch_op:
        batch_op.create_index(batch_op.f("ix_report_approvals_report_id"), ["report_id"])


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def downgrade():
    op.drop_table("report_approvals")
    op.drop_table("reports")
    op.drop_table("kpi_values")
    # what the hubs-only schema cannot hold: the programmes run outside the hubs
    outside = "NOT IN (SELECT code FROM hubs)"
    op.execute(
        f"DELETE FROM kpi_targets WHERE kpi_id IN (SELECT id FROM kpis WHERE programme {outside})"
    )
    op.execute(f"DELETE FROM kpis WHERE programme {outside}")
    op.execute(f"DELETE FROM budgets WHERE programme {outside}")
    op.execute(f"DELETE FROM fiscal_year_closures WHERE programme {outside}")
    op.drop_index("uq_fiscal_year_closures_in_force", table_name="fiscal_year_closures")
    with op.batch_alter_table("fiscal_year_closures") as batch_op:
        batch_op.drop_constraint("fk_fiscal_year_closures_programme_programmes", type_="foreignkey")
        batch_op.drop_constraint("uq_fiscal_year_closures_programme", type_="unique")
        batch_op.alter_column("programme", new_column_name="hub", type_=sa.String(length=16))
    with op.batch_alter_table("fiscal_year_closures") as batch_op:
        batch_op.create_foreign_key("fk_fiscal_year_closures_hub_hubs", "hubs", ["hub"], ["code"])
        batch_op.create_unique_constraint(
            "uq_fiscal_year_closures_hub", ["hub", "fiscal_year", "closed_at"]
        )
    op.create_index(
        "uq_fiscal_year_closures_in_force",
        "fiscal_year_closures",
        ["hub", "fiscal_year"],
        unique=True,
        sqlite_where=IN_FORCE,
        postgresql_where=IN_FORCE,
    )
    op.drop_index("uq_budgets_programme_year_kind_active", table_name="budgets")
    op.drop_index("ix_budgets_programme", table_name="budgets")
    with op.batch_alter_table("budgets") as batch_op:
        batch_op.drop_constraint("fk_budgets_programme_programmes", type_="foreignkey")
        batch_op.alter_column("programme", new_column_name="hub", type_=sa.String(length=16))
    with op.batch_alter_table("budgets") as batch_op:
        batch_op.create_foreign_key("fk_budgets_hub_hubs", "hubs", ["hub"], ["code"])
        batch_op.create_index("ix_budgets_hub", ["hub"], unique=False)
    op.create_index(
        "uq_budgets_hub_year_kind_active",
        "budgets",
        ["hub", "fiscal_year", "kind"],
        unique=True,
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )
    with op.batch_alter_table("kpis") as batch_op:
        batch_op.drop_index("ix_kpis_programme")
        batch_op.drop_constraint("fk_kpis_programme_programmes", type_="foreignkey")
        batch_op.drop_column("baseline")
        batch_op.drop_column("period")
        batch_op.drop_column("programme")
        batch_op.alter_column("hub", existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column("measure", existing_type=sa.String(length=64), nullable=False)
    op.drop_table("programmes")

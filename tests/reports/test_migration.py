"""Migration 0006 carries a database of the hubs-only days over to programmes."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from hub_app import seeds
from hub_app.cli import init_database
from hub_app.extensions import db
from hub_app.kpi.models import Budget, FiscalYearClosure, Kpi
from hub_app.kpi.report import build_report
from tests.conftest import PG_URL
from tests.foundation.workers import worker_app

ROWS = [
    "INSERT INTO hubs (code, name, name_en, position) VALUES "
    "('welltech', 'ウェルテック', 'Welltech', 1), ('knic', 'K-NIC', 'K-NIC', 2)",
    "INSERT INTO kpis (code, hub, name, unit, measure, position) VALUES "
    "('welltech.projects', 'welltech', 'プロジェクト', '件', 'welltech_projects', 1), "
    "('knic.partnerships', 'knic', '連携', '件', 'knic_partnerships', 2)",
    'INSERT INTO budgets (hub, fiscal_year, kind, total_cost, "grant", created_at, updated_at) '
    "VALUES ('knic', 2022, 'actual', 67850, 33925, '2023-05-01', '2023-05-01')",
    "INSERT INTO fiscal_year_closures (hub, fiscal_year, closed_at, snapshot) "
    "VALUES ('welltech', 2021, '2022-05-01', '{}')",
]


def test_hub_kpis_budgets_and_closures_become_their_programmes(app, tmp_path):
    target = app if PG_URL else worker_app(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    with target.app_context():
        directory = target.extensions["migrate"].directory
        db.session.remove()
        downgrade(directory=directory, revision="base")
        upgrade(directory=directory, revision="0005")
        with db.engine.begin() as connection:
            for statement in ROWS:
                connection.execute(text(statement))
        init_database()  # migrates to head and seeds what is missing

        kpi = db.session.scalar(db.select(Kpi).where(Kpi.code == "welltech.projects"))
        assert (kpi.programme, kpi.hub, kpi.period, kpi.measure) == (
            "welltech",
            "welltech",
            "fiscal",
            "welltech_projects",
        )
        [budget] = db.session.scalars(
            db.select(Budget).where(Budget.programme == "knic", Budget.fiscal_year == 2022)
        ).all()  # the seed left the migrated row as it was
        assert (budget.hub, budget.total_cost) == ("knic", 67850)
        closure = db.session.scalar(db.select(FiscalYearClosure))
        assert (closure.programme, closure.hub, closure.fiscal_year) == (
            "welltech",
            "welltech",
            2021,
        )
        codes = db.session.scalars(db.select(Kpi.code)).all()
        assert len(codes) == len(seeds.KPIS) + len(seeds.ENTERED_KPIS)
        report = build_report([2022], programmes=["succession"])
        assert report.line("succession.owner_age_reduction").actual(2022) == 568
        assert seeds.seed() == 0
        db.session.commit()
        db.session.remove()
        if not PG_URL:
            db.engine.dispose()

"""The demo dataset reproduces the FY2022 table the hubs published (DESIGN §4)."""

import pytest
from sqlalchemy import text

from hub_app.demo import DemoRefused, build_demo_data, load_demo_data
from hub_app.demo.builder import demo_years, per_year
from hub_app.demo.knic import CONSULTATIONS as KNIC_CONSULTATIONS
from hub_app.demo.welltech import CONSULTATIONS
from hub_app.extensions import db

FY2022 = {"start": "2022-04-01", "end": "2023-03-31"}

# Straightforward SQL of DESIGN §5's rules, independent of the KPI engine.
COUNTS = {
    "welltech.projects": "SELECT COUNT(*) FROM projects WHERE hub = 'welltech'"
    " AND deleted_at IS NULL AND started_on BETWEEN :start AND :end",
    "welltech.invitations": "SELECT COUNT(*) FROM invitations WHERE hub = 'welltech'"
    " AND deleted_at IS NULL AND invited_on BETWEEN :start AND :end",
    "welltech.consultations": "SELECT COUNT(*) FROM consultations WHERE hub = 'welltech'"
    " AND deleted_at IS NULL AND opened_on BETWEEN :start AND :end",
    "welltech.commercialized": "SELECT COUNT(*) FROM projects WHERE hub = 'welltech'"
    " AND deleted_at IS NULL AND launched_on BETWEEN :start AND :end",
    "knic.trained_talents": "SELECT COUNT(DISTINCT a.talent_id) FROM attendances a"
    " JOIN events e ON e.id = a.event_id WHERE e.hub = 'knic'"
    " AND e.kind IN ('training', 'seminar') AND a.talent_id IS NOT NULL"
    " AND a.deleted_at IS NULL AND e.deleted_at IS NULL AND e.held_on BETWEEN :start AND :end",
    "knic.matchings": "SELECT COUNT(*) FROM matchings WHERE hub = 'knic'"
    " AND deleted_at IS NULL AND stage IN ('agreed', 'ended')"
    " AND agreed_on BETWEEN :start AND :end",
    "knic.partnerships": "SELECT COUNT(*) FROM partnerships WHERE hub = 'knic'"
    " AND deleted_at IS NULL AND concluded_on BETWEEN :start AND :end",
}
PUBLISHED = {
    "welltech.projects": 6,
    "welltech.invitations": 86,
    "welltech.consultations": 18,
    "welltech.commercialized": 2,
    "knic.trained_talents": 149,
    "knic.matchings": 17,
    "knic.partnerships": 9,
}


def figures() -> dict[str, int]:
    return {code: db.session.scalar(text(sql), FY2022) for code, sql in COUNTS.items()}


def test_demo_data_gives_the_published_fy2022_table_and_refuses_twice(app):
    message = load_demo_data()
    assert "デモデータを入れました" in message
    assert figures() == PUBLISHED
    stages = set(db.session.scalars(text("SELECT DISTINCT stage FROM projects")))
    assert stages == {"planning", "evaluating", "improving", "launched", "closed", "cancelled"}
    years = set(
        db.session.scalars(
            text("SELECT DISTINCT substr(CAST(opened_on AS TEXT), 1, 4) FROM consultations")
        )
    )
    assert {"2020", "2024"} <= years
    with pytest.raises(DemoRefused):
        build_demo_data(force=True)
    assert "入れませんでした" in load_demo_data()  # run.py --demo on every start


def test_demo_data_refuses_a_database_with_records_unless_forced(make_organization, runner):
    make_organization("本物の会社")
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 1 and "--force" in result.output
    assert db.session.scalar(text("SELECT COUNT(*) FROM organizations")) == 1
    forced = runner.invoke(args=["demo-data", "--force"])
    assert forced.exit_code == 0, forced.output
    names = list(db.session.scalars(text("SELECT name FROM organizations ORDER BY id LIMIT 4")))
    assert names[1:] == FIRST_NAMES  # fictitious, and the same on every run (seeded)
    assert figures() == PUBLISHED


FIRST_NAMES = [
    "いろは工業株式会社(架空)",
    "テクノ医療器械合同会社(架空)",
    "ミライ福祉機器株式会社(架空)",
]


def test_audit_log_reads_the_demo_datas_summary_row(client, login, make_user):
    load_demo_data()
    login(make_user("admin", []))
    page = client.get("/admin/audit")
    assert page.status_code == 200
    # the counts per record type, by their names (the dataset runs up to today's year)
    consultations = sum(
        per_year(CONSULTATIONS, year) + per_year(KNIC_CONSULTATIONS, year) for year in demo_years()
    )
    assert consultations > 141  # FY2020–FY2024 alone held 85 Welltech and 56 K-NIC cases
    assert f"相談・技術助言: {consultations}" in page.text

"""Entered KPI figures through the importer: the same service as the page and the API."""

from __future__ import annotations

from sqlalchemy import func, select

from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.kpi.models import KpiValue

HEADER = ["KPI", "年", "実績", "出典"]


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(KpiValue))


def test_figures_are_stored_and_a_second_import_changes_nothing(make_user, write_csv):
    manager = make_user("manager", [])
    path = write_csv(
        [
            HEADER,
            ["night_economy.cashless_spend", "2023", "130000", "川崎市観光統計"],
            ["ip_matching.deals", "2023", "3", "成約一覧"],
        ]
    )
    before = _count()
    report = import_file("kpi_values", path, manager)
    assert report.stored and report.created == 2
    assert _count() == before + 2
    again = import_file("kpi_values", path, manager)
    assert again.stored and again.unchanged == 2 and _count() == before + 2
    changed = write_csv([HEADER, ["ip_matching.deals", "2023", "4", "成約一覧(確定)"]], "b.csv")
    assert import_file("kpi_values", changed, manager).updated == 1
    value = db.session.scalar(select(KpiValue).where(KpiValue.year == 2023, KpiValue.actual == 4))
    assert value.source == "成約一覧(確定)"


def test_one_bad_row_refuses_the_file_with_its_line_and_reason(make_user, write_csv):
    path = write_csv(
        [
            HEADER,
            ["succession.bcp_certifications", "2023", "70", "認定一覧"],
            ["welltech.projects", "2023", "5", "手計算"],
            ["succession.bcp_certifications", "2024", "-1", "認定一覧"],
            ["succession.bcp_certifications", "2025", "7", ""],
            ["nothing.here", "2023", "1", "x"],
        ]
    )
    before = _count()
    report = import_file("kpi_values", path, make_user("manager", []))
    assert not report.stored and _count() == before
    reasons = {error.line: error.message for error in report.errors}
    assert "記録から自動で集計" in reasons[3]
    assert "0以上の整数" in reasons[4]
    assert "出典を入力してください" in reasons[5]
    assert "というKPIはありません" in reasons[6]
    assert 2 not in reasons


def test_staff_cannot_import_figures(make_user, write_csv):
    path = write_csv([HEADER, ["ip_matching.deals", "2023", "3", "成約一覧"]])
    report = import_file("kpi_values", path, make_user("staff", ["welltech"]))
    assert not report.stored and "管理職と管理者" in report.errors[0].message

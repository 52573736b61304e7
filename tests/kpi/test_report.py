"""The report structure: figures, plans, achievement, pace, bounded queries."""

from datetime import date

import pytest
from sqlalchemy import event

from hub_app.extensions import db
from hub_app.kpi.report import achievement, build_report
from tests.kpi import records as r


def test_fy2022_table_comes_out_of_the_records(fy2022):
    report = build_report([2022])
    assert {line.code: line.actual(2022) for line in report.lines} == fy2022
    consultations = report.line("welltech.consultations")
    assert consultations.plan(2022) == 15
    assert consultations.summary(2022) == "5 / 15 件 (33%)"
    assert report.line("knic.trained_talents").summary(2022) == "2 / 15 人 (13%)"


def test_achievement_rate_rules():
    assert achievement(18, 15) == pytest.approx(1.2)
    assert achievement(3, 0) is None
    assert achievement(3, None) is None


def test_pace_compares_with_the_elapsed_share_of_the_plan(fy2022):
    line = build_report([2022]).line("welltech.invitations")  # 4 of plan 60
    half = date(2022, 9, 30)
    assert line.expected(2022, half) == pytest.approx(60 * 183 / 365)
    assert line.pace(2022, half) == pytest.approx(4 / (60 * 183 / 365))


def test_report_budgets_and_grant_share(app):
    report = build_report([2022], ["welltech"])
    (budget,) = report.budgets_of("welltech", 2022)
    assert (budget.kind, budget.total_cost, budget.grant) == ("actual", 21618, 10809)
    assert budget.grant_share == pytest.approx(0.5)
    assert [line.hub for line in report.lines] == ["welltech"] * 4


def _statements(callback) -> int:
    seen = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        callback()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return [s for s in seen if s.startswith("SELECT")]


def test_report_query_count_does_not_grow_with_years_or_records(app):
    few = _statements(lambda: build_report([2022]))
    for year in range(2018, 2023):
        r.consultation(date(year, 6, 1))
        r.partnership(date(year, 6, 1))
        r.attendance(r.event(date(year, 6, 1), "seminar"))
    db.session.commit()
    many = _statements(lambda: build_report(range(2018, 2023)))
    assert len(few) == len(many)
    # one per measure, plus KPIs, plans and budgets, plus the data version the cache reads
    assert len(many) <= 7 + 3 + 1, many


def test_charts_are_well_formed_svg_with_every_kpi(fy2022):
    from xml.etree import ElementTree

    from hub_app.kpi import charts

    report = build_report(range(2020, 2023), ["knic"])
    svg = ElementTree.fromstring(str(charts.plan_vs_actual(report.lines, 2022, "K-NIC <R4>")))
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "副業・兼業人材等の育成人数" in texts and "13%" in texts
    trend = ElementTree.fromstring(str(charts.trend(report.line("knic.matchings"), report.years)))
    labels = [t.text for t in trend.iter("{http://www.w3.org/2000/svg}text")]
    assert {"R2", "R3", "R4"} <= set(labels)

"""The report, drill-down, exports and plan pages through the test client."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from hub_app.core import clock
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.kpi.models import Budget, KpiTarget
from hub_app.kpi.panel import load_panel
from tests.factories import post_form
from tests.kpi import records as r


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/kpi?fiscal_year=2022").status_code == 302


def test_report_shows_plan_actual_rate_and_links_each_figure(fy2022, client, login, make_user):
    login(make_user("manager", []))
    page = client.get("/kpi?fiscal_year=2022")
    assert page.status_code == 200
    assert "令和4年度" in page.text
    assert "5</a> / 15 件 (33%)" in page.text
    assert "/kpi/welltech.consultations/2022" in page.text
    assert "成立日で年度を判定" in page.text
    assert "<svg" in page.text and "R4" in page.text and "R2" in page.text
    assert "21,618" in page.text and "50.0%" in page.text


def test_viewer_reads_figures_but_not_the_records(fy2022, client, login, make_user):
    login(make_user("viewer", []))
    page = client.get("/kpi?fiscal_year=2022")
    assert page.status_code == 200
    assert "5 / 15 件 (33%)" in page.text
    assert "/kpi/welltech.consultations/2022" not in page.text
    assert client.get("/kpi/welltech.consultations/2022").status_code == 403
    assert client.get("/kpi/welltech.consultations/2022/export.csv").status_code == 403


def test_staff_drills_into_own_hub_only(fy2022, client, login, make_user):
    login(make_user("staff", ["welltech"]))
    page = client.get("/kpi/welltech.consultations/2022")
    assert page.status_code == 200
    assert "全5件" in page.text and "受付日で年度を判定" in page.text
    assert client.get("/kpi/knic.matchings/2022").status_code == 403


def test_talent_names_only_for_users_who_may_see_talents(fy2022, client, login, make_user):
    login(make_user("manager", []))
    page = client.get("/kpi/knic.trained_talents/2022")
    assert "全2人" in page.text and "川崎花子" not in page.text and "非表示" in page.text
    client.post("/logout", data={})
    knic_staff = make_user("staff", ["knic"])
    other = client.application.test_client()
    login(knic_staff, test_client=other)
    assert "川崎花子" in other.get("/kpi/knic.trained_talents/2022").text


def test_drill_down_exports_hold_the_counted_records(fy2022, client, login, make_user):
    login(make_user("admin", []))
    csv = client.get("/kpi/welltech.invitations/2022/export.csv")
    assert csv.status_code == 200
    lines = csv.data.decode("utf-8-sig").strip().splitlines()
    csv.close()
    assert len(lines) == 1 + 4 and lines[0].startswith("ID,打診日")
    xlsx = client.get("/kpi/knic.trained_talents/2022/export.xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.values)
    assert len(rows) == 1 + 2 and "川崎花子" in [row[1] for row in rows]


def test_report_xlsx_one_sheet_per_year_with_the_numbers(fy2022, client, login, make_user):
    login(make_user("viewer", []))
    response = client.get("/kpi/export.xlsx?fiscal_year=2022&years=2")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["令和3年度", "令和4年度", "年度別推移"]
    trend = list(book["年度別推移"].values)
    assert ("相談・技術助言件数", "件", None, 0, 15, 5) in trend
    rows = list(book["令和4年度"].values)
    by_name = {row[0]: row for row in rows if row and row[0]}
    assert ("項目", "単位", "計画", "実績", "達成率") in rows
    assert by_name["相談・技術助言件数"][1:4] == ("件", 15, 5)
    assert by_name["相談・技術助言件数"][4] == pytest.approx(5 / 15)
    assert by_name["副業・兼業人材等の育成人数"][3] == 2
    budgets = [row[2:5] for row in rows if row and row[0] == "R4 実績"]
    assert budgets == [(21618, 10809, 0.5), (67850, 33925, 0.5)]  # welltech, then K-NIC


def test_print_view_renders_without_links(fy2022, client, login, make_user):
    login(make_user("viewer", []))
    page = client.get("/kpi/print?fiscal_year=2022&hub=knic")
    assert page.status_code == 200
    assert "2 / 15 人 (13%)" in page.text and "ウェルテック</h2>" not in page.text


def test_bad_query_values_fall_back_instead_of_failing(client, login, make_user):
    login(make_user("viewer", []))
    assert client.get("/kpi?fiscal_year=abc&hub=nowhere").status_code == 200
    assert client.get("/kpi/nope.kpi/2022").status_code == 404
    assert client.get("/kpi/welltech.projects/99999").status_code in (403, 404)


def test_manager_sets_a_plan_and_it_is_audited(client, login, make_user):
    manager = make_user("manager", [])
    login(manager)
    response = post_form(
        client, "/kpi/plans/knic.matchings/2023", {"plan": "8"}, "/kpi/plans?fiscal_year=2023"
    )
    assert response.status_code == 302
    target = db.session.scalars(select(KpiTarget).where(KpiTarget.fiscal_year == 2023)).one()
    assert target.plan == 8
    entry = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.entity == "kpi_target", AuditEntry.user_id == manager.id
        )
    ).one()
    assert entry.changes["plan"] == [None, 8]
    bad = post_form(
        client, "/kpi/plans/knic.matchings/2023", {"plan": "-1"}, "/kpi/plans?fiscal_year=2023"
    )
    assert bad.status_code == 422 and "0以上の整数" in bad.text


@pytest.mark.parametrize("role", ["staff", "viewer"])
def test_staff_and_viewers_cannot_set_plans_or_budgets(client, login, make_user, role):
    login(make_user(role, ["welltech"]))
    assert client.get("/kpi/plans").status_code == 403
    assert client.get("/kpi/budgets/new").status_code == 403


def test_budget_form_refuses_duplicates_and_grant_over_cost(client, login, make_user):
    login(make_user("admin", []))
    values = {
        "hub": "knic",
        "fiscal_year": "2022",
        "kind": "actual",
        "total_cost": "1",
        "grant": "1",
    }
    duplicate = post_form(client, "/kpi/budgets/new", values)
    assert duplicate.status_code == 409 and "すでに登録" in duplicate.text
    over = post_form(client, "/kpi/budgets/new", {**values, "kind": "budget", "grant": "2"})
    assert over.status_code == 422 and "交付金は事業費以下" in over.text
    ok = post_form(client, "/kpi/budgets/new", {**values, "kind": "budget", "total_cost": "9"})
    assert ok.status_code == 302
    assert (
        db.session.scalar(
            select(Budget.total_cost).where(
                Budget.hub == "knic", Budget.fiscal_year == 2022, Budget.kind == "budget"
            )
        )
        == 9
    )


def test_manager_dashboard_shows_this_years_kpis_and_this_months_moves(app, make_user):
    today = clock.today()
    r.consultation(today)
    r.consultation(today.replace(day=1))
    db.session.commit()
    manager = make_user("manager", ["welltech"])
    panel = load_panel(manager, today)
    line = panel["report"].line("welltech.consultations")
    assert line.actual(panel["year"]) >= 2
    assert panel["moved"]["welltech.consultations"] == 2
    assert [line.hub for line in panel["report"].lines] == ["welltech"] * 4
    assert load_panel(make_user("staff", ["welltech"])) is None


def test_dashboard_page_includes_the_panel(client, login, make_user):
    login(make_user("manager", []))
    page = client.get("/")
    assert "のKPI(本日時点)" in page.text


def test_running_year_shows_the_pace_against_the_elapsed_share(app, client, login, make_user):
    from hub_app.core.fiscal import fiscal_year
    from hub_app.kpi.models import Kpi

    year = fiscal_year(clock.today())
    kpi = db.session.scalars(select(Kpi).where(Kpi.code == "welltech.consultations")).one()
    db.session.add(KpiTarget(kpi_id=kpi.id, fiscal_year=year, plan=12))
    r.consultation(clock.today())
    db.session.commit()
    login(make_user("viewer", []))
    page = client.get(f"/kpi?fiscal_year={year}&hub=welltech")
    assert "進行中" in page.text and "進捗" in page.text
    assert "1 / 12 件 (8%)" in page.text


def test_drill_down_page_issues_a_fixed_number_of_queries(app, client, login, make_user):
    from sqlalchemy import event

    login(make_user("admin", []))

    def statements(count: int) -> int:
        for _ in range(count):
            r.invitation(date(2019, 6, 1))
        db.session.commit()
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/kpi/welltech.invitations/2019").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len([s for s in seen if s.startswith("SELECT")])

    assert statements(5) == statements(45)


def test_staff_cannot_close_a_year(client, login, make_user):
    login(make_user("staff", ["welltech"]))
    response = post_form(
        client, "/kpi/close", {"hub": "welltech", "fiscal_year": "2022"}, "/organizations/new"
    )
    assert response.status_code == 403


def test_years_outside_the_known_range_are_not_found(client, login, make_user):
    login(make_user("admin", []))
    assert client.get("/kpi/welltech.projects/99999").status_code == 404
    assert client.get("/kpi/welltech.projects/0/export.csv").status_code == 404
    response = post_form(
        client, "/kpi/plans/knic.matchings/99999", {"plan": "1"}, "/kpi/plans?fiscal_year=2022"
    )
    assert response.status_code == 404


def test_manager_edits_and_deletes_a_budget(client, login, make_user):
    login(make_user("manager", []))
    budget = db.session.scalars(
        select(Budget).where(Budget.hub == "welltech", Budget.fiscal_year == 2023)
    ).one()
    url = f"/kpi/budgets/{budget.id}/edit"
    values = {"hub": "welltech", "fiscal_year": "2023", "kind": "budget", "total_cost": "22100"}
    response = post_form(client, url, {**values, "grant": "11050"})
    assert response.status_code == 302
    db.session.refresh(budget)
    assert (budget.total_cost, budget.grant) == (22100, 11050)
    assert post_form(client, url, {**values, "grant": "x"}).status_code == 422
    deleted = post_form(client, f"/kpi/budgets/{budget.id}/delete", {}, "/kpi/budgets")
    assert deleted.status_code == 302
    db.session.refresh(budget)
    assert budget.deleted_at is not None
    assert "22,100" not in client.get("/kpi/budgets").text


def test_close_year_form_errors_are_flashed(client, login, make_user):
    login(make_user("manager", []))
    response = post_form(
        client, "/kpi/close", {"hub": "nowhere", "fiscal_year": "20x"}, "/kpi?fiscal_year=2022"
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "事業を選んでください" in page.text

"""The demo data runs up to today's fiscal year (dates relative to core.clock), so a first
start shows this year's work, while FY2022 stays the published table."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import text

from hub_app.core import clock
from hub_app.core.datetimes import TOKYO
from hub_app.core.fiscal import fiscal_year, fiscal_year_start
from hub_app.demo import load_demo_data
from hub_app.extensions import db
from tests.imports.test_demo import PUBLISHED, figures

#: the dates of things that happened, which can never lie in the future
HAPPENED = {
    "consultations": "opened_on",
    "invitations": "invited_on",
    "projects": "launched_on",
    "evaluations": "evaluated_on",
    "matchings": "agreed_on",
    "partnerships": "concluded_on",
}


def latest(table: str, column: str) -> date:
    value = db.session.scalar(text(f"SELECT MAX({column}) FROM {table}"))
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def test_a_first_start_shows_this_years_work(client, login, make_user, api):
    admin = make_user("admin", [], email="admin@example.jp")  # run.py makes it before the demo
    assert "デモデータを入れました" in load_demo_data()
    today = clock.today()
    year = fiscal_year(today)
    for table, column in HAPPENED.items():
        assert fiscal_year_start(year) <= latest(table, column) <= today, table
    attended = db.session.scalar(
        text(
            "SELECT MAX(e.held_on) FROM events e JOIN attendances a ON a.event_id = e.id"
            " WHERE a.deleted_at IS NULL"
        )
    )
    assert str(attended) <= today.isoformat()

    kpis = api(make_user("manager", [])).get(f"/api/v1/kpis?fiscal_year={year}").json["items"]
    measured = [item for item in kpis if item["source"] == "records"]
    assert len(measured) == 7
    assert all(item["actual"] > 0 and item["plan"] for item in measured), measured

    login(admin)
    page = client.get("/").text
    panel = page.split('id="follow-ups"', 1)[1].split("</section>", 1)[0]
    assert "期限切れ・今日・今週の次回対応はありません。" not in panel
    assert "プロジェクト:" in panel and "マッチング:" in panel
    overdue = client.get("/welltech/consultations?overdue=1").text
    assert re.search(r'href="/welltech/consultations/\d+"', overdue)


def test_on_another_day_the_years_follow_it_and_fy2022_stays(app, monkeypatch):
    day = date(2025, 5, 10)
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 5, 10, 9, 0, tzinfo=TOKYO))
    assert clock.today() == day
    load_demo_data()
    assert figures() == PUBLISHED
    for table, column in HAPPENED.items():
        assert latest(table, column) <= day, table
    assert latest("consultations", "opened_on") >= date(2025, 4, 1)
    years = set(
        db.session.scalars(
            text("SELECT DISTINCT substr(CAST(opened_on AS TEXT), 1, 4) FROM consultations")
        )
    )
    assert max(years) == "2025"
    due = db.session.scalar(text("SELECT MAX(next_action_on) FROM projects"))
    assert str(due) <= "2025-05-24"  # follow-ups within two weeks of that day

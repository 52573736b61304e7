"""「自分のフォローアップ」on the dashboard: the signed-in person's overdue, today and this
week follow-ups from consultations, projects and matchings, and nobody else's."""

from __future__ import annotations

import re

from hub_app.core.models import utcnow
from hub_app.extensions import db
from tests.followups.conftest import days


def panel(client) -> str:
    page = client.get("/")
    assert page.status_code == 200
    found = re.search(r'<section class="panel follow-up-panel".*?</section>', page.text, re.S)
    assert found, "no follow-up panel on the dashboard"
    return found.group(0)


def column(html: str, heading: str) -> str:
    """The part of the panel under one heading (期限切れ / 今日 / 今週)."""
    found = re.search(rf"<h3>{heading}\((\d+)件\)</h3>(.*?)</div>", html, re.S)
    assert found, heading
    return found.group(2)


def test_the_panel_groups_my_follow_ups_of_all_three_kinds(
    client, login, person, consultation, project, matching
):
    consultation(person, days(-3), title="補助金の相談", next_action="申請書の確認結果を伝える")
    project(person, days(0), title="歩行車の改良")
    matching(person, days(6))
    consultation(person, days(7), title="来週より先の相談")
    login(person)
    html = panel(client)
    overdue, today, week = (column(html, h) for h in ("期限切れ", "今日", r"今週\(7日以内\)"))
    assert "補助金の相談" in overdue and "申請書の確認結果を伝える" in overdue
    assert "相談:" in overdue and "/welltech/consultations/" in overdue
    assert "歩行車の改良" in today and "プロジェクト:" in today
    assert "川崎花子 × " in week and "/knic/matchings/" in week
    assert "来週より先の相談" not in html  # eight days ahead is not this week
    assert "<h3>期限切れ(1件)</h3>" in html and "<h3>今週(7日以内)(1件)</h3>" in html


def test_other_peoples_deleted_and_done_records_stay_out(
    client, login, person, make_user, consultation, project, matching
):
    colleague = make_user("staff", ["welltech", "knic"])
    consultation(colleague, days(-1), title="同僚の相談")
    consultation(person, days(-1), title="完了した相談", status="closed", closed_on=days(-2))
    deleted = consultation(person, days(-1), title="削除した相談")
    deleted.deleted_at = utcnow()
    project(person, days(0), title="中止したプロジェクト", stage="cancelled")
    project(person, days(0), title="終了したプロジェクト", stage="closed")
    matching(person, days(1), stage="declined")
    matching(person, days(1), stage="ended", agreed_on=days(-30), ended_on=days(-1))
    consultation(person, None, title="予定日のない相談")
    db.session.commit()
    login(person)
    html = panel(client)
    assert "期限切れ・今日・今週の次回対応はありません。" in html
    for title in ("同僚の相談", "完了した相談", "削除した相談", "中止した", "終了した", " × "):
        assert title not in html


def test_a_hub_the_person_left_is_not_shown(client, login, make_user, consultation, matching):
    """Membership decides, not past assignments: a coordinator moved to Welltech no longer
    sees (nor is reminded of) the talents of K-NIC's matchings."""
    moved = make_user("staff", ["welltech"])
    matching(moved, days(-1))
    consultation(moved, days(-1), title="ウェルテックの相談")
    login(moved)
    html = panel(client)
    assert "ウェルテックの相談" in html and " × " not in html


def test_a_viewer_has_no_panel(client, login, make_user):
    login(make_user("viewer", []))
    assert "自分のフォローアップ" not in client.get("/").text


def test_the_record_page_and_list_show_the_due_state(client, login, person, consultation):
    overdue = consultation(person, days(-2), title="遅れている相談")
    login(person)
    shown = client.get(f"/welltech/consultations/{overdue.id}")
    assert "期限切れ" in shown.text
    listed = client.get("/welltech/consultations")
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*遅れている相談.*?</tr>", listed.text, re.S)
    assert row and "期限切れ" in row.group(0)

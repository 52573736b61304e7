"""Lab staff run a case and an evaluation in chromium, as they would on a working day."""

from __future__ import annotations

import pytest

from hub_app.core import clock
from hub_app.extensions import db
from tests.factories import PASSWORD, make_organization, make_user

pytestmark = pytest.mark.e2e


def _sign_in(page, server: str, email: str) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン").click()
    page.get_by_role("heading", name="ダッシュボード").or_(
        page.locator("h1", has_text="ダッシュボード")
    ).first.wait_for()


def test_consultation_from_opening_to_closing(live_app, live_server, page):
    with live_app.app_context():
        email = make_user("staff", ["welltech"], name="福祉 花子").email
        make_organization("株式会社みどりケア")
        db.session.remove()
    today = clock.today().isoformat()

    _sign_in(page, live_server, email)
    page.goto(f"{live_server}/welltech/consultations/new")
    page.get_by_role("combobox", name="企業・団体").fill("みどり")
    page.get_by_role("option", name="株式会社みどりケア").click()
    page.locator("#opened_on").fill(today)
    page.locator("#kind").select_option("technical_advice")
    page.locator("#channel").select_option("visit")
    page.locator("#topic").select_option("safety")
    page.locator("#title").fill("移乗リフトの安全性評価の相談")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="移乗リフトの安全性評価の相談").wait_for()

    timeline = page.locator("#timeline")
    timeline.locator("#occurred_on").fill(today)
    timeline.locator("#notes").fill("模擬環境ラボで試作機を確認した。")
    timeline.get_by_role("button", name="対応履歴を追加").click()
    page.locator("ol.timeline").get_by_text("模擬環境ラボで試作機を確認した。").wait_for()

    page.locator("#timeline #closed_on").fill(today)
    page.get_by_role("button", name="完了にする").click()
    page.get_by_role("button", name="対応中に戻す").wait_for()
    assert "完了" in page.locator("h1").inner_text()

    page.goto(f"{live_server}/welltech/consultations?status=closed")
    assert page.get_by_role("link", name="移乗リフトの安全性評価の相談").count() == 1


def test_project_evaluation_flags_a_figure_over_its_threshold(live_app, live_server, page):
    with live_app.app_context():
        email = make_user("staff", ["welltech"]).email
        make_organization("有限会社あおば工房")
        db.session.remove()
    today = clock.today().isoformat()

    _sign_in(page, live_server, email)
    page.goto(f"{live_server}/welltech/projects/new")
    page.locator("#title").fill("見守りセンサーの改良")
    page.locator("#kind").select_option("improvement")
    page.get_by_role("combobox", name="主体企業").fill("あおば")
    page.get_by_role("option", name="有限会社あおば工房").click()
    page.locator("#product_category").select_option("monitoring")
    page.locator("#stage").select_option("evaluating")
    page.locator("#started_on").fill(today)
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="見守りセンサーの改良").wait_for()

    page.get_by_role("link", name="製品評価を記録").click()
    page.locator("#evaluated_on").fill(today)
    page.locator("#aspect").select_option("safety")
    page.locator("#setting").select_option("mock_lab")
    page.locator("#method").select_option("measurement")
    page.locator("#result").select_option("conditional")
    page.locator("#measurements-0-name").fill("誤報率")
    page.locator("#measurements-0-value").fill("7.5")
    page.locator("#measurements-0-unit").fill("%")
    page.locator("#measurements-0-threshold").fill("5")
    page.locator("#measurements-0-direction").select_option("max")
    page.get_by_role("button", name="保存").click()

    row = page.locator("table.measurement-table tr", has_text="誤報率")
    row.wait_for()
    assert "基準外" in row.inner_text()
    assert "outside" in (row.get_attribute("class") or "")

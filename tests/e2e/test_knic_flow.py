"""A coordinator takes a professional from registration to a placement, in chromium."""

from __future__ import annotations

import pytest

from hub_app.core import clock
from hub_app.extensions import db
from tests.e2e.test_welltech_flow import _sign_in
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.e2e


def test_register_train_propose_and_place_a_talent(live_app, live_server, page):
    with live_app.app_context():
        email = make_user("staff", ["knic"], name="連携 一郎").email
        startup_id = make_organization(
            "合同会社ミライラボ", kind="startup", skills_wanted=["finance", "ip"]
        ).id
        db.session.remove()
    today = clock.today().isoformat()
    _sign_in(page, live_server, email)

    page.goto(f"{live_server}/knic/talents/new")
    page.locator("#full_name").fill("山田 架空")
    page.locator("#full_name_kana").fill("ヤマダ カクウ")
    page.locator("#consent_on").fill(today)
    page.locator("#email").fill("yamada@example.jp")
    page.locator("#side_job_permitted").check()
    page.locator("input[name=skills][value=finance]").check()
    page.locator("#hours_per_month").fill("20")
    page.get_by_role("button", name="保存").click()
    page.locator("h1", has_text="山田 架空").wait_for()

    page.goto(f"{live_server}/events/new")
    page.locator("#title").fill("副業人材育成セミナー 第1回")
    page.locator("#kind").select_option("seminar")
    page.locator("#held_on").fill(today)
    page.get_by_role("button", name="保存").click()
    page.locator("h1", has_text="副業人材育成セミナー 第1回").wait_for()
    page.get_by_role("link", name="参加者をまとめて追加").click()
    option = page.locator("#talent_ids option", has_text="山田 架空")
    page.locator("#talent_ids").select_option(option.get_attribute("value"))
    page.get_by_role("button", name="選んだ参加者を追加").click()
    page.get_by_role("link", name="山田 架空").first.wait_for()

    page.goto(f"{live_server}/organizations/{startup_id}")
    suggestion = page.locator("li", has_text="山田 架空").first
    assert "財務" in suggestion.inner_text()
    suggestion.get_by_role("link", name="候補として登録").click()
    page.locator("#proposed_on").fill(today)
    page.locator("#role").fill("CFO候補")
    page.get_by_role("button", name="保存").click()
    page.locator("h1", has_text="マッチング").wait_for()

    for stage in ("introduced", "interviewing", "agreed"):
        page.locator("#stage").select_option(stage)
        page.locator("#on").fill(today)
        page.get_by_role("button", name="移す").click()
        page.locator("h1", has_text="マッチング").wait_for()
    assert "成立" in page.locator("h1").inner_text()

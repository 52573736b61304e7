"""A coordinator records a start-up consultation with a follow-up due today and finds it
on the dashboard, in chromium."""

from __future__ import annotations

import pytest

from hub_app.core import clock
from hub_app.extensions import db
from tests.e2e.test_welltech_flow import _sign_in
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.e2e


def test_startup_consultation_with_a_follow_up_today(live_app, live_server, page):
    with live_app.app_context():
        email = make_user("staff", ["knic"], name="創業 支援子").email
        make_organization("株式会社ミライ創業", kind="startup")
        db.session.remove()
    today = clock.today().isoformat()
    _sign_in(page, live_server, email)

    page.get_by_role("link", name="起業・創業相談").first.click()
    page.locator("h1", has_text="K-NIC 起業・創業相談").wait_for()
    page.get_by_role("link", name="新規登録").click()
    page.get_by_role("combobox", name="企業・団体").fill("ミライ")
    page.get_by_role("option", name="株式会社ミライ創業").click()
    assert page.locator("#opened_on").input_value() == today
    page.locator("#kind").select_option("consultation")
    page.locator("#channel").select_option("visit")
    page.locator("#topic").select_option(label="起業・創業")
    page.locator("#title").fill("法人設立の時期の相談")
    page.locator("#summary").fill("年内に株式会社を設立したい。専門家を紹介する。")
    page.locator("#next_action_on").fill(today)
    page.locator("#next_action").fill("司法書士の紹介を連絡")
    page.get_by_role("button", name="保存").click()
    page.locator("h1", has_text="法人設立の時期の相談").wait_for()
    assert "相談「法人設立の時期の相談」を登録しました。" in page.content()

    page.goto(f"{live_server}/")
    panel = page.locator("#follow-ups")
    today_column = panel.locator(
        ".panel-columns > div", has=page.locator("h3", has_text="今日(1件)")
    )
    assert "法人設立の時期の相談" in today_column.inner_text()
    assert "司法書士の紹介を連絡" in today_column.inner_text()
    today_column.get_by_role("link", name="法人設立の時期の相談(株式会社ミライ創業)").click()
    page.locator("h1", has_text="法人設立の時期の相談").wait_for()
    assert "/knic/consultations/" in page.url

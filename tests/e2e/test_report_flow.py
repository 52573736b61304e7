"""A manager writes FY2022's Welltech page with a live figure, submits it, closes the
year, approves it and downloads the approved Word document."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from docx import Document

from hub_app.events.models import Event
from hub_app.extensions import db
from tests.e2e.test_welltech_flow import _sign_in
from tests.factories import make_user

pytestmark = pytest.mark.e2e


def test_write_submit_close_approve_download(live_app, live_server, page, tmp_path):
    with live_app.app_context():
        email = make_user("manager", [], name="報告 担当").email
        for day in (date(2022, 7, 1), date(2023, 1, 20)):
            db.session.add(
                Event(hub="welltech", title="福祉製品開発勉強会", kind="study_session", held_on=day)
            )
        db.session.commit()
        db.session.remove()
    page.on("dialog", lambda dialog: dialog.accept())

    _sign_in(page, live_server, email)
    page.get_by_role("link", name="実績報告書(6事業)").click()
    page.get_by_label("年度").select_option("2022")
    page.get_by_role("button", name="表示").click()
    page.get_by_role("link", name="川崎型中小企業福祉産業創出事業").click()
    page.get_by_role("link", name="報告を書く・直す").click()
    page.get_by_label("主な取組", exact=True).fill(
        "福祉製品開発勉強会({welltech.study_sessions}回)の開催\n相談への対応"
    )
    page.get_by_role("button", name="保存する").click()
    page.get_by_text("報告を保存しました。").wait_for()
    assert page.locator("li", has_text="福祉製品開発勉強会(2回)の開催").count() == 1

    page.get_by_role("button", name="確認を依頼する(確認待ちにする)").click()
    page.get_by_text("報告を「確認待ち」にしました。").wait_for()
    page.get_by_role("button", name="令和4年度を締める(年度締め)").click()
    page.get_by_text("ウェルテックの令和4年度を締めました。").wait_for()
    page.get_by_role("button", name="承認する").click()
    page.get_by_text("報告を「承認済み」にしました。").wait_for()
    sha256 = page.locator(".report-workflow code").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word出力(承認版)").click()
    path = tmp_path / "welltech-2022.docx"
    download_info.value.save_as(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "川崎型中小企業福祉産業創出事業" in text
    assert "福祉製品開発勉強会（2回）の開催" in text or "福祉製品開発勉強会(2回)の開催" in text
    page.screenshot(path=str(tmp_path / "approved.png"), full_page=True)

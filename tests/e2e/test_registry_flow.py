"""A member of staff signs in, adds an organisation and finds it in the list, in chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hub_app.extensions import db
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.e2e

SCREENSHOTS = (
    Path(os.environ.get("E2E_SCREENSHOTS", "")) if os.environ.get("E2E_SCREENSHOTS") else None
)


def _shot(page, tmp_path: Path, name: str) -> Path:
    folder = SCREENSHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_sign_in_add_organization_and_see_it_listed(live_app, live_server, page, tmp_path):
    with live_app.app_context():
        user = make_user("staff", ["welltech"], name="川崎 太郎")
        email = user.email
        db.session.remove()

    page.goto(f"{live_server}/")
    assert page.url.startswith(f"{live_server}/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    _shot(page, tmp_path, "01-login")
    page.get_by_role("button", name="サインイン").click()
    page.get_by_role("heading", name="川崎 太郎さんのダッシュボード").wait_for()
    _shot(page, tmp_path, "02-dashboard")

    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="企業・団体"
    ).click()
    page.get_by_role("link", name="新規登録").click()
    page.get_by_role("button", name="保存").click()  # nothing filled in: errors at the fields
    page.locator("#name-errors").wait_for()
    assert "必須" in page.locator("#name-errors").inner_text()
    assert "種別を選んでください" in page.locator("#kind-errors").inner_text()
    _shot(page, tmp_path, "03-form-errors")

    page.get_by_label("名称", exact=True).fill("株式会社かわさきケア")
    page.get_by_label("名称(カナ)").fill("カワサキケア")
    page.get_by_label("種別").select_option(label="中小企業")
    page.get_by_label("市内").check()
    page.get_by_label("法人番号").fill("7000012050002")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("「株式会社かわさきケア」を登録しました。").wait_for()
    assert page.get_by_role("heading", name="株式会社かわさきケア").is_visible()
    _shot(page, tmp_path, "04-detail")

    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="企業・団体"
    ).click()
    page.get_by_label("検索").fill("カワサキ")
    page.get_by_role("button", name="絞り込む").click()
    row = page.get_by_role("row").filter(has_text="株式会社かわさきケア")
    assert row.count() == 1
    assert "市内" in row.inner_text() and "中小企業" in row.inner_text()
    _shot(page, tmp_path, "05-list")

"""A member of staff signs in, adds an organisation and finds it in the list, in chromium."""

from __future__ import annotations

import os
import re
from datetime import date
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
    page.get_by_label("法人番号", exact=True).fill("7000012050002")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("「株式会社かわさきケア」を登録しました。").wait_for()
    assert page.get_by_role("heading", name="株式会社かわさきケア").is_visible()
    _shot(page, tmp_path, "04-detail")

    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="企業・団体"
    ).click()
    page.get_by_label("検索", exact=True).fill("カワサキ")
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r".*/organizations\?q=.*"))
    row = page.get_by_role("row").filter(has_text="株式会社かわさきケア")
    row.first.wait_for()
    assert row.count() == 1
    assert "市内" in row.inner_text() and "中小企業" in row.inner_text()
    _shot(page, tmp_path, "05-list")

    page.get_by_role("button", name="サインアウト").click()
    page.get_by_text("サインアウトしました。").wait_for()
    page.goto(f"{live_server}/organizations")
    assert page.url.startswith(f"{live_server}/login")


def test_admin_adds_a_user_on_a_tablet(live_app, live_server, browser, tmp_path):
    """The admin pages at tablet width: add a user, then find the change in the audit log."""
    with live_app.app_context():
        admin = make_user("admin", [], name="管理 花子")
        email = admin.email
        db.session.remove()
    context = browser.new_context(locale="ja-JP", viewport={"width": 768, "height": 1024})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server}/login")
        page.get_by_label("メールアドレス").fill(email)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="サインイン").click()
        page.get_by_role("link", name="利用者").first.click()
        page.get_by_role("link", name="利用者を追加").click()
        page.get_by_label("メールアドレス").fill("tablet@example.jp")
        page.get_by_label("氏名").fill("端末 次郎")
        page.get_by_label("役割").select_option(label="職員")
        page.get_by_label("K-NIC").check()
        page.get_by_label("初期パスワード").fill("mizonokuchi-evening-2023")
        _shot(page, tmp_path, "06-tablet-user-form")
        page.get_by_role("button", name="保存").click()
        page.get_by_text("tablet@example.jp を登録しました").wait_for()
        _shot(page, tmp_path, "07-tablet-users")
        page.get_by_role("link", name="監査ログ").first.click()
        row = page.get_by_role("row").filter(has_text="利用者 #")
        assert "作成" in row.first.inner_text()
        _shot(page, tmp_path, "08-tablet-audit")
    finally:
        context.close()


def test_admin_merges_two_spellings_from_the_registry_check(live_app, live_server, page, tmp_path):
    """The NTA data says one spelling's corporation was absorbed into the other's: the admin
    opens the registry check, follows its merge link, previews, and merges."""
    import csv

    from hub_app.registry.corporations import import_corporations
    from hub_app.registry.nta import line, with_check_digit
    from tests.factories import make_organization
    from tests.kpi import records as r

    old, new = with_check_digit("000000000031"), with_check_digit("000000000032")
    nta_file = tmp_path / "diff.csv"
    with nta_file.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                line(new, "株式会社かわさきケア", furigana="カワサキケア"),
                line(
                    old,
                    "有限会社カワサキケア",
                    process="71",
                    closeDate="2024-04-01",
                    closeCause="11",
                    successorCorporateNumber=new,
                ),
            ]
        )
    with live_app.app_context():
        admin = make_user("admin", [], name="管理 花子")
        email = admin.email
        kept = make_organization("株式会社かわさきケア", corporate_number=new)
        duplicate = make_organization(
            "カワサキケア(有)", corporate_number=old, website="https://care.example.jp"
        )
        r.consultation(date(2024, 5, 1), organization_id=duplicate.id, title="移乗機器の相談")
        import_corporations(nta_file)
        db.session.commit()
        kept_id = kept.id
        db.session.remove()

    page.goto(f"{live_server}/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン").click()
    page.get_by_role("navigation", name="メインメニュー").get_by_role(
        "link", name="登記の確認"
    ).click()
    row = page.get_by_role("row").filter(has_text="カワサキケア(有)")
    assert "合併により閉鎖" in row.inner_text()
    assert "承継先: 株式会社かわさきケア" in row.inner_text()
    _shot(page, tmp_path, "09-registry-check")

    row.get_by_role("link", name="承継先に統合").click()
    page.get_by_role(
        "heading", name="「カワサキケア(有)」を「株式会社かわさきケア」に統合"
    ).wait_for()
    moving = page.get_by_role("row").filter(has_text="相談・技術助言")
    assert "1" in moving.inner_text()
    website = page.get_by_role("row").filter(has_text="ウェブサイト")
    assert website.get_by_label("https://care.example.jp").is_checked()  # the kept one has none
    _shot(page, tmp_path, "10-merge-preview")

    page.get_by_role("button", name="統合する").click()
    page.get_by_text("「カワサキケア(有)」を「株式会社かわさきケア」に統合しました").wait_for()
    assert page.url.endswith(f"/organizations/{kept_id}")
    assert page.get_by_role("link", name="https://care.example.jp").is_visible()
    assert "移乗機器の相談" in page.content()
    _shot(page, tmp_path, "11-merged")

    # the header's box finds the survivor alone under 企業・団体, and opens it
    header_box = page.get_by_role("searchbox", name="すべての記録を検索")
    header_box.fill("かわさきけあ")
    header_box.press("Enter")
    group = page.get_by_role("region", name=re.compile(r"^企業・団体"))
    group.wait_for()
    assert group.get_by_role("heading").inner_text() == "企業・団体(1件)"
    assert group.get_by_role("link").all_inner_texts() == ["株式会社かわさきケア"]
    assert "カワサキケア(有)" not in page.locator("main").inner_text()
    _shot(page, tmp_path, "12-header-search")
    group.get_by_role("link", name="株式会社かわさきケア").click()
    page.get_by_role("heading", name="株式会社かわさきケア").wait_for()
    assert page.url.endswith(f"/organizations/{kept_id}")

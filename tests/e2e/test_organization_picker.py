"""Picking an organisation in a form among many, in chromium: with the live list, with the
inline registration (its duplicate rule included), and without JavaScript."""

from __future__ import annotations

from datetime import date

import pytest

from hub_app.core import clock
from hub_app.extensions import db
from tests.factories import PASSWORD, make_organization, make_user
from tests.kpi import records as r

pytestmark = pytest.mark.e2e


def _staff(live_app) -> str:
    with live_app.app_context():
        email = make_user("staff", ["welltech"], name="福祉 花子").email
        care = make_organization("株式会社みどりケア", name_kana="ミドリケア")
        machines = make_organization("みどり精機")
        r.consultation(date(2024, 5, 1), organization_id=care.id, title="みどりケアの相談")
        r.consultation(date(2024, 5, 2), organization_id=machines.id, title="みどり精機の相談")
        db.session.commit()
        for n in range(40):
            make_organization(f"川崎福祉機器{n:02d}")
        db.session.remove()
    return email


def _sign_in(page, server: str, email: str) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン").click()
    page.locator("h1", has_text="ダッシュボード").wait_for()


def _name_of(option_text: str) -> str:
    """An option reads "name detail" (the kind after the name)."""
    return option_text.split(" ")[0]


def _fill_the_rest(page, title: str) -> None:
    page.locator("#opened_on").fill(clock.today().isoformat())
    page.locator("#kind").select_option("consultation")
    page.locator("#channel").select_option("phone")
    page.locator("#topic").select_option("commercialization")
    page.locator("#title").fill(title)


def test_type_three_characters_choose_from_the_live_list_and_save(live_app, live_server, page):
    email = _staff(live_app)
    _sign_in(page, live_server, email)
    page.goto(f"{live_server}/welltech/consultations/new")
    assert page.locator("select#organization_id").count() == 0  # the combobox replaced it

    box = page.get_by_role("combobox", name="企業・団体")
    box.press_sequentially("みどり", delay=30)
    listbox = page.get_by_role("listbox")
    listbox.get_by_role("option", name="株式会社みどりケア").wait_for()
    assert listbox.get_by_role("option").filter(has_text="川崎福祉機器").count() == 0
    box.press("ArrowDown")
    box.press("ArrowDown")
    chosen = listbox.locator("[aria-selected=true]").inner_text()
    box.press("Enter")
    assert box.input_value() == _name_of(chosen)
    assert listbox.is_hidden()

    _fill_the_rest(page, "販路開拓の相談")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="販路開拓の相談").wait_for()
    assert page.get_by_role("link", name=_name_of(chosen)).count() >= 1

    # the list's filter is the same picker
    page.goto(f"{live_server}/welltech/consultations")
    assert page.get_by_role("link", name="みどり精機の相談").count() == 1
    other = "みどり精機" if _name_of(chosen) == "株式会社みどりケア" else "株式会社みどりケア"
    page.get_by_role("combobox", name="企業・団体").fill("みどり")
    page.get_by_role("option", name=_name_of(chosen), exact=False).first.click()
    page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(lambda url: "organization_id=" in url)
    texts = page.locator("table.list tbody tr").all_inner_texts()
    assert len(texts) == 2 and any("販路開拓の相談" in text for text in texts)
    assert other not in page.locator("table.list").inner_text()
    assert page.get_by_role("combobox", name="企業・団体").input_value() == _name_of(chosen)


def test_typing_only_a_legal_form_asks_for_the_name(live_app, live_server, page):
    email = _staff(live_app)
    _sign_in(page, live_server, email)
    page.goto(f"{live_server}/welltech/consultations/new")
    box = page.get_by_role("combobox", name="企業・団体")
    box.press_sequentially("株式会社", delay=30)
    page.get_by_text("「株式会社」は法人の種類だけのため検索できません。").wait_for()
    assert page.get_by_role("option", name="「株式会社」を新しく登録…").count() == 0
    box.fill("")
    box.press_sequentially("みどりケ", delay=30)
    page.get_by_role("option", name="株式会社みどりケア").wait_for()


def test_register_a_new_one_in_place_and_the_duplicate_rule(live_app, live_server, page):
    email = _staff(live_app)
    _sign_in(page, live_server, email)
    page.goto(f"{live_server}/welltech/consultations/new")
    page.locator("#title").fill("新しい会社の相談")

    box = page.get_by_role("combobox", name="企業・団体")
    box.fill("みどりケア株式会社")
    page.get_by_role("option", name="「みどりケア株式会社」を新しく登録…").click()
    dialog = page.get_by_role("dialog", name="企業・団体の新規登録")
    dialog.get_by_label("種別").select_option("sme")
    dialog.get_by_role("button", name="登録して選ぶ").click()
    dialog.get_by_text("「株式会社みどりケア」").first.wait_for()  # the duplicate rule names it
    dialog.get_by_role("button", name="「株式会社みどりケア」を選ぶ").click()
    assert box.input_value() == "株式会社みどりケア"

    box.fill("あおば工房")
    page.get_by_role("option", name="「あおば工房」を新しく登録…").click()
    dialog = page.get_by_role("dialog", name="企業・団体の新規登録")
    assert dialog.get_by_label("名称").input_value() == "あおば工房"
    dialog.get_by_label("種別").select_option("startup")
    dialog.get_by_label("市内").check()
    dialog.get_by_role("button", name="登録して選ぶ").click()
    dialog.wait_for(state="detached")
    assert box.input_value() == "あおば工房"
    assert page.locator("#title").input_value() == "新しい会社の相談"  # the form is kept

    _fill_the_rest(page, "新しい会社の相談")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("heading", name="新しい会社の相談").wait_for()
    page.get_by_role("link", name="あおば工房").first.click()
    page.get_by_role("heading", name="あおば工房").wait_for()
    assert "スタートアップ" in page.content() and "市内" in page.content()


def test_without_javascript_the_search_step_completes_the_form(live_app, live_server, browser):
    email = _staff(live_app)
    context = browser.new_context(locale="ja-JP", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _sign_in(page, live_server, email)
        page.goto(f"{live_server}/welltech/consultations/new")
        assert page.locator("select#organization_id option").count() == 1  # only 選択してください
        _fill_the_rest(page, "JavaScriptなしの相談")
        page.get_by_label("企業・団体を名称・カナ・法人番号で探す").fill("みどりけあ")
        page.get_by_role("button", name="検索").last.click()
        page.get_by_text("「みどりけあ」の候補 1件").wait_for()
        assert page.locator("#title").input_value() == "JavaScriptなしの相談"  # kept
        select = page.locator("select#organization_id")
        assert select.locator("option:checked").inner_text().startswith("株式会社みどりケア")
        page.get_by_role("button", name="保存").click()
        page.get_by_role("heading", name="JavaScriptなしの相談").wait_for()
        assert page.get_by_role("link", name="株式会社みどりケア").count() >= 1
    finally:
        context.close()

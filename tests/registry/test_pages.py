"""Do the registry check, the lookup page and the merge pages work as a user clicks them?"""

from __future__ import annotations

import csv
import io

from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.registry.nta import line, with_check_digit
from tests.factories import post_form

CLOSED = with_check_digit("000000000021")
ABSORBED = with_check_digit("000000000022")
SUCCESSOR = with_check_digit("000000000023")
RENAMED = with_check_digit("000000000024")


def _load(runner, tmp_path) -> None:
    rows = [
        line(CLOSED, "株式会社とじた", closeDate="2024-04-20", closeCause="01", process="21"),
        line(
            ABSORBED,
            "株式会社のまれた",
            process="71",
            closeDate="2024-04-25",
            closeCause="11",
            successorCorporateNumber=SUCCESSOR,
        ),
        line(SUCCESSOR, "株式会社のみこんだ", furigana="ノミコンダ"),
        line(RENAMED, "株式会社あたらしい名前", furigana="アタラシイナマエ"),
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = tmp_path / "nta.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert runner.invoke(args=["import-corporations", str(path)]).exit_code == 0


def test_registry_check_lists_and_updates(
    runner, tmp_path, make_organization, make_user, login, client
):
    _load(runner, tmp_path)
    closed = make_organization("とじた", corporate_number=CLOSED)
    absorbed = make_organization("のまれた", corporate_number=ABSORBED)
    make_organization("のみこんだ", corporate_number=SUCCESSOR)
    renamed = make_organization("古い名前", corporate_number=RENAMED)
    login(make_user("admin", []))
    page = client.get("/registry/check").text
    assert "閉鎖" in page and "合併により閉鎖" in page and "名称の変更" in page
    assert "承継先: 株式会社のみこんだ" in page and "承継先に統合" in page
    assert "のみこんだ</a><br><small>" not in page  # the successor itself is fine

    response = post_form(client, f"/registry/check/{renamed.id}", {}, form_path="/registry/check")
    assert response.status_code == 302
    db.session.refresh(renamed)
    assert (renamed.name, renamed.name_kana) == ("株式会社あたらしい名前", "アタラシイナマエ")
    post_form(client, f"/registry/check/{closed.id}", {}, form_path="/registry/check")
    db.session.refresh(closed)
    assert "登記記録の閉鎖(清算の結了等)" in closed.notes
    page = client.get("/registry/check").text
    assert "古い名前" not in page and "とじた</a>" not in page
    assert f"/organizations/{absorbed.id}" in page
    history = client.get(f"/organizations/{renamed.id}").text
    assert "法人番号公表サイトのデータで更新" in history


def test_registry_check_is_for_registry_writers(make_user, login, client):
    login(make_user("manager", []))
    assert client.get("/registry/check").status_code == 403


def test_lookup_page_fills_a_new_organisation(runner, tmp_path, make_user, login, client):
    _load(runner, tmp_path)
    login(make_user("staff", ["welltech"]))
    page = client.get("/registry/corporations", query_string={"q": "のみこ"}).text
    assert "株式会社のみこんだ" in page and f"corporation={SUCCESSOR}" in page
    form = client.get(f"/organizations/new?corporation={SUCCESSOR}").text
    assert 'value="株式会社のみこんだ"' in form and f'value="{SUCCESSOR}"' in form
    assert "ノミコンダ" in form
    found = client.get("/registry/corporations.json?q=ノミコ").json
    assert found["items"][0]["corporate_number"] == SUCCESSOR


def test_merge_pages_preview_then_merge(pair, make_user, login, client):
    kept, duplicate = pair
    login(make_user("admin", []))
    choose = client.get(f"/registry/merge/{duplicate.id}", query_string={"q": "かわさき"}).text
    assert "株式会社かわさきケア" in choose
    url = f"/registry/merge/{duplicate.id}/into/{kept.id}"
    preview = client.get(url).text
    assert "付け替える記録" in preview and "相談・技術助言" in preview
    response = post_form(client, url, {"name": "into", "website": "from"})
    assert response.status_code == 302, response.text
    assert db.session.get(Organization, duplicate.id).merged_into_id == kept.id
    assert db.session.get(Organization, kept.id).website == "https://kawasaki-care.example.jp"


def test_merge_pages_are_for_admins(pair, make_user, login, client):
    kept, duplicate = pair
    login(make_user("staff", ["welltech"]))
    assert client.get(f"/registry/merge/{duplicate.id}").status_code == 403
    assert client.get(f"/registry/merge/{duplicate.id}/into/{kept.id}").status_code == 403
    assert "統合…" not in client.get(f"/organizations/{duplicate.id}").text

"""Does the header search find what each user may read, however it was typed, best first?"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, update

from hub_app.bookings.models import Booking
from hub_app.extensions import db
from hub_app.knic.models import Talent
from hub_app.organizations.models import Organization
from hub_app.search import index
from hub_app.search.models import SearchEntry
from tests.factories import post_form
from tests.kpi import records


def found(api_client, q: str, **params) -> list[tuple[str, str]]:
    response = api_client.get("/api/v1/search", query_string={"q": q, **params})
    assert response.status_code == 200, response.text
    body = response.get_json()
    assert body["total"] >= len(body["items"])
    return [(item["type"], item["title"]) for item in body["items"]]


@pytest.mark.parametrize(
    "typed",
    ["ｶﾌﾞｼｷｶﾞｲｼｬ", "カブシキガイシャ", "かぶしきがいしゃ", "ｶﾌﾞｼｷ", "しきがい"],
)
def test_kana_in_any_width_and_script_finds_the_name(api, make_user, make_organization, typed):
    make_organization("カブシキガイシャ商会")
    make_organization("別の会社")
    assert found(api(make_user("admin")), typed) == [("organization", "カブシキガイシャ商会")]


@pytest.mark.parametrize("typed", ["ＡＢＣ", "abc", "ABC", "ａｂｃ"])
def test_latin_in_any_width_and_case(api, make_user, make_organization, typed):
    make_organization("ABCケア株式会社")
    assert found(api(make_user("admin")), typed) == [("organization", "ABCケア株式会社")]


def test_legal_form_words_do_not_count(api, make_user, make_organization):
    make_organization("㈱ケアテック")
    client = api(make_user("admin"))
    for typed in ("株式会社ケアテック", "ケアテック株式会社", "(株)ケアテック", "けあてっく"):
        assert found(client, typed) == [("organization", "㈱ケアテック")], typed


def test_kana_reading_and_corporate_number(api, make_user, make_organization):
    make_organization("川崎精機", name_kana="カワサキセイキ", corporate_number="7000012050002")
    client = api(make_user("admin"))
    assert found(client, "かわさきせいき") == [("organization", "川崎精機")]
    assert found(client, "7000012050002") == [("organization", "川崎精機")]
    assert found(client, "7-0000-1205-0002") == [("organization", "川崎精機")]
    assert found(client, "12050") == [("organization", "川崎精機")]


def test_free_text_of_a_consultation(api, make_user):
    records.consultation(date(2022, 6, 1), title="移乗リフトの相談", summary="夜間の見守りセンサー")
    db.session.commit()
    assert found(api(make_user("admin")), "見守りセンサー") == [
        ("consultation", "移乗リフトの相談")
    ]


def test_exact_then_prefix_then_substring(api, make_user, make_organization):
    make_organization("福祉ケアテック")
    make_organization("ケアテック研究所")
    make_organization("ケアテック")
    assert [title for _, title in found(api(make_user("admin")), "ケアテック")] == [
        "ケアテック",
        "ケアテック研究所",
        "福祉ケアテック",
    ]


def test_one_or_two_characters_match_the_start_of_a_name(api, make_user, make_organization):
    make_organization("ケア商事")
    make_organization("福祉ケア")
    assert found(api(make_user("admin")), "けあ") == [("organization", "ケア商事")]


def test_several_words_must_all_match(api, make_user, make_organization):
    make_organization("川崎ケアテック", notes="移乗支援ロボット")
    make_organization("横浜ケアテック", notes="見守り")
    assert found(api(make_user("admin")), "ケアテック ロボット") == [
        ("organization", "川崎ケアテック")
    ]


def test_nothing_to_search_for(api, make_user, make_organization):
    make_organization("株式会社テスト")
    client = api(make_user("admin"))
    for typed in ("", "   ", "株式会社"):
        response = client.get("/api/v1/search", query_string={"q": typed})
        assert response.get_json() == {"items": [], "total": 0, "page": 1, "per_page": 20}


def test_bad_parameters_are_refused(api, make_user):
    client = api(make_user("admin"))
    assert client.get("/api/v1/search?q=abc&type=nothing").status_code == 422
    assert client.get("/api/v1/search?q=abc&page=0").status_code == 422
    assert client.get('/api/v1/search?q="%25_\\').status_code == 200
    assert client.get("/api/v1/search?q=abc").status_code == 200
    assert client.get("/api/v1/search").get_json()["total"] == 0


def test_without_a_token(client):
    assert client.get("/api/v1/search?q=abc").status_code == 401


def test_paging_and_total(api, make_user, make_organization):
    for number in range(7):
        make_organization(f"ページ送り商会{number}")
    response = api(make_user("admin")).get(
        "/api/v1/search", query_string={"q": "ページ送り", "per_page": 3, "page": 3}
    )
    body = response.get_json()
    assert (body["total"], len(body["items"]), body["page"]) == (7, 1, 3)


# --- who finds what -------------------------------------------------------------------


@pytest.fixture
def one_of_each(make_organization):
    """A record of every type whose text holds 「ミライ」."""
    organization = make_organization("ミライ機器")
    project = records.project(
        date(2022, 5, 1), title="ミライ歩行器", lead_organization_id=organization.id
    )
    records.consultation(date(2022, 6, 1), title="ミライ相談", organization_id=organization.id)
    records.invitation(date(2022, 6, 2), organization_id=organization.id)
    from hub_app.welltech.models import Evaluation

    db.session.add(
        Evaluation(
            project_id=project.id,
            evaluated_on=date(2022, 7, 1),
            aspect="safety",
            setting="mock_lab",
            method="measurement",
            summary="評価",
        )
    )
    talent = records.talent(full_name="ミライ太郎", email="mirai@example.jp", phone="090-1234-5678")
    welltech_event = records.event(date(2022, 8, 1), kind="study_session", hub="welltech")
    welltech_event.title = "ミライ勉強会"
    knic_event = records.event(date(2022, 8, 2))
    knic_event.title = "ミライ研修"
    records.matching(
        date(2022, 9, 1), talent_id=talent.id, organization_id=organization.id, role="ミライ顧問"
    )
    records.partnership(date(2022, 9, 1), organization_id=organization.id, summary="ミライ協定")
    db.session.add(
        Booking(
            facility="mock_lab",
            starts_at=datetime(2022, 7, 1, 1, 0, tzinfo=UTC),
            ends_at=datetime(2022, 7, 1, 3, 0, tzinfo=UTC),
            title="ミライ歩行器の撮影",
            organization_id=organization.id,
        )
    )
    db.session.commit()


def types_found(client, q="ミライ") -> set[str]:
    return {kind for kind, _ in found(client, q, per_page=100)}


WELLTECH = {"consultation", "project", "evaluation", "invitation", "booking"}
KNIC = {"matching", "partnership"}


@pytest.mark.parametrize(
    ("role", "hubs", "expected"),
    [
        ("admin", (), {"organization", "event", "talent", *WELLTECH, *KNIC}),
        ("staff", ("welltech",), {"organization", "event", *WELLTECH}),
        ("staff", ("knic",), {"organization", "event", "talent", *KNIC}),
        ("manager", (), {"organization", "event", *WELLTECH, *KNIC}),
        ("manager", ("knic",), {"organization", "event", "talent", *WELLTECH, *KNIC}),
        ("viewer", (), set()),
    ],
)
def test_each_user_finds_only_what_they_may_read(api, make_user, one_of_each, role, hubs, expected):
    assert types_found(api(make_user(role, hubs))) == expected


def test_a_welltech_staff_member_finds_no_talent_and_no_knic_event(api, make_user, one_of_each):
    client = api(make_user("staff", ("welltech",)))
    titles = [title for _, title in found(client, "ミライ", per_page=100)]
    assert "ミライ太郎" not in titles and "ミライ研修" not in titles
    assert "ミライ勉強会" in titles
    assert found(client, "ミライ", type="talent") == []


def test_a_talents_contacts_are_not_searchable(api, make_user, one_of_each):
    client = api(make_user("admin"))
    assert found(client, "mirai@example.jp") == []
    assert found(client, "1234-5678") == []
    bodies = db.session.scalars(select(SearchEntry.body).where(SearchEntry.type == "talent"))
    assert all("mirai" not in body and "5678" not in body for body in bodies)


def test_a_matching_names_its_talent_only_to_those_who_see_talents(api, make_user, one_of_each):
    knic = found(api(make_user("staff", ("knic",))), "ミライ顧問")
    manager = found(api(make_user("manager")), "ミライ顧問")
    assert knic == [("matching", "ミライ太郎 × ミライ機器")]
    assert manager == [("matching", "ミライ機器")]
    assert found(api(make_user("manager")), "ミライ太郎") == []


# --- the index follows every write path -------------------------------------------------


def test_api_create_update_delete(api, make_user):
    client = api(make_user("admin"))
    created = client.post("/api/v1/organizations", json={"name": "索引テスト商会", "kind": "sme"})
    assert created.status_code == 201
    organization_id = created.get_json()["id"]
    assert found(client, "索引テスト") == [("organization", "索引テスト商会")]
    client.patch(f"/api/v1/organizations/{organization_id}", json={"name": "改名後商会"})
    assert found(client, "索引テスト") == []
    assert found(client, "改名後") == [("organization", "改名後商会")]
    assert client.delete(f"/api/v1/organizations/{organization_id}").status_code == 204
    assert found(client, "改名後") == []


def test_form_delete_and_restore(client, login, api, make_user, make_organization):
    admin = make_user("admin", ())
    organization = make_organization("復元テスト工業")
    login(admin)
    path = f"/organizations/{organization.id}"
    assert post_form(client, f"{path}/delete", {}, form_path=path).status_code == 302
    assert found(api(admin), "復元テスト") == []
    assert post_form(client, f"{path}/restore", {}, form_path=path).status_code == 302
    assert found(api(admin), "復元テスト") == [("organization", "復元テスト工業")]


def test_import(api, make_user, tmp_path):
    from hub_app.imports import import_file
    from hub_app.imports.readers import csv_text

    path = tmp_path / "organizations.csv"
    path.write_bytes(csv_text([["名称", "種別"], ["取込テスト産業", "中小企業"]]))
    actor = make_user("staff")
    assert import_file("organizations", path, actor).stored
    db.session.commit()
    assert found(api(actor), "取込テスト") == [("organization", "取込テスト産業")]


def test_an_organisations_new_name_reaches_its_consultations(api, make_user, make_organization):
    organization = make_organization("旧名称工業")
    records.consultation(date(2022, 6, 1), title="相談A", organization_id=organization.id)
    db.session.commit()
    organization.name = "新名称工業"
    db.session.commit()
    client = api(make_user("admin"))
    assert ("consultation", "相談A") in found(client, "新名称")
    assert found(client, "旧名称") == []


def test_rebuild_after_changes_in_sql(runner, api, make_user, make_organization):
    organization = make_organization("SQLで変えた")
    db.session.execute(
        update(Organization).where(Organization.id == organization.id).values(name="直接更新")
    )
    db.session.commit()
    client = api(make_user("admin"))
    assert found(client, "直接更新") == []
    result = runner.invoke(args=["search-reindex"])
    assert result.exit_code == 0, result.output
    assert found(client, "直接更新") == [("organization", "直接更新")]


def test_init_db_fills_an_empty_index(runner, make_organization):
    make_organization("既存の企業")
    db.session.execute(SearchEntry.__table__.delete())
    db.session.commit()
    assert [s.entity for s in index.missing(db.session)] == ["organization"]
    db.session.rollback()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(SearchEntry)) == 1
    assert index.missing(db.session) == []


def test_anonymised_talent_is_found_by_its_new_name_only(api, make_user):
    talent = records.talent(full_name="山田花子")
    db.session.commit()
    talent.full_name = "匿名"
    db.session.commit()
    client = api(make_user("admin"))
    assert found(client, "山田") == []
    assert ("talent", "匿名") in found(client, "匿名")
    assert db.session.get(Talent, talent.id).full_name == "匿名"


# --- the page ---------------------------------------------------------------------------


def test_the_header_box_and_the_grouped_page(client, login, make_user, one_of_each):
    login(make_user("staff", ("welltech",)))
    home = client.get("/")
    assert 'action="/search"' in home.text and 'name="q"' in home.text
    page = client.get("/search?q=みらい")
    assert page.status_code == 200
    text = page.text
    assert "企業・団体(1件)" in text and "相談・技術助言(1件)" in text
    assert "ミライ太郎" not in text and "人材" not in text.split("<main", 1)[1]
    assert text.index("企業・団体(1件)") < text.index("相談・技術助言(1件)")
    assert 'href="/organizations/1"' in text


def test_the_page_of_one_type_pages_on(client, login, make_user, make_organization):
    for number in range(12):
        make_organization(f"多数商会{number:02d}")
    login(make_user("admin", ()))
    page = client.get("/search?q=多数商会")
    assert "企業・団体の結果をすべて見る(12件)" in page.text
    only = client.get("/search?q=多数商会&type=organization&per_page=5&page=3")
    assert only.status_code == 200 and "企業・団体(12件)" in only.text
    assert only.text.count("多数商会") >= 2 and 'rel="prev"' in only.text


def test_nothing_found_says_so(client, login, make_user):
    login(make_user("admin", ()))
    assert "該当する記録はありません" in client.get("/search?q=存在しない名前").text
    assert client.get("/search?q=%00").status_code == 400


def test_rebuild_reads_a_type_in_several_batches(make_organization):
    """The session is emptied between batches; reading a result while emptying it failed
    (search-reindex on more than one batch of records)."""
    for number in range(5):
        make_organization(f"分割索引{number}")
    assert index.rebuild(db.session, batch=2) == 5
    db.session.commit()
    titles = db.session.scalars(select(SearchEntry.title_key).order_by(SearchEntry.title_key))
    assert list(titles) == [f"分割索引{number}" for number in range(5)]

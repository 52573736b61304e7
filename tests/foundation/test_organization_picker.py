"""The organisation picker: does its lookup fold what people type, rank and limit the matches,
refuse those who may not read the registry, register a new one through the duplicate rules,
and does a form still work without JavaScript through its search step?"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.welltech.models import Consultation
from tests.factories import csrf_token, post_form

LOOKUP = "/organizations/picker"


def names(client, typed: str) -> list[str]:
    response = client.get(LOOKUP, query_string={"q": typed})
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.get_json()["items"]]


@pytest.fixture
def staff(make_user):
    return make_user("staff", ["welltech"])


@pytest.mark.parametrize("typed", ["ｶﾌﾞｼｷｶﾞｲｼｬ", "カブシキガイシャ", "かぶしきがいしゃ"])
def test_kana_in_any_width_and_script(client, login, staff, make_organization, typed):
    make_organization("カブシキガイシャ商会")
    make_organization("別の商会")
    login(staff)
    assert names(client, typed) == ["カブシキガイシャ商会"]


@pytest.mark.parametrize("typed", ["ＡＢＣ", "abc", "ABC"])
def test_latin_in_any_width_and_case(client, login, staff, make_organization, typed):
    make_organization("ABCケア株式会社")
    make_organization("XYZケア株式会社")
    login(staff)
    assert names(client, typed) == ["ABCケア株式会社"]


def test_exact_and_prefix_first_at_most_twenty(client, login, staff, make_organization):
    for n in range(25):
        make_organization(f"福祉ケアテック{n}")
    make_organization("ケアテック研究所")
    make_organization("㈱ケアテック")
    login(staff)
    response = client.get(LOOKUP, query_string={"q": "けあてっく"})
    items = response.get_json()["items"]
    assert len(items) == 20
    assert [i["name"] for i in items[:2]] == ["㈱ケアテック", "ケアテック研究所"]
    assert items[0]["detail"] == "中小企業"


def test_deleted_organisations_are_not_offered(client, login, staff, make_organization):
    from hub_app.core.models import utcnow

    make_organization("削除商会A").deleted_at = utcnow()
    make_organization("削除商会B")
    login(staff)
    assert names(client, "削除商会") == ["削除商会B"]


def test_signed_out_gets_401_as_json(client, make_organization):
    make_organization("見えない商会")
    response = client.get(LOOKUP, query_string={"q": "見えない"})
    assert response.status_code == 401
    assert "見えない商会" not in response.text and response.is_json


def test_a_viewer_gets_403(client, login, make_user, make_organization):
    make_organization("見えない商会")
    login(make_user("viewer"))
    response = client.get(LOOKUP, query_string={"q": "見えない"})
    assert response.status_code == 403
    assert "見えない商会" not in response.text
    refused = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "access_denied"))
    assert "/organizations/picker" in refused.one().note


@pytest.mark.parametrize(("role", "hubs"), [("staff", ["knic"]), ("manager", []), ("admin", [])])
def test_every_registry_reader_may_look_up(client, login, make_user, make_organization, role, hubs):
    make_organization("読める商会")
    login(make_user(role, hubs))
    assert names(client, "読める") == ["読める商会"]


# --- registering a new one from the picker ------------------------------------------------


def create(client, body: dict):
    token = csrf_token(client, "/welltech/consultations/new")
    return client.post(LOOKUP, json=body, headers={"X-CSRFToken": token})


def stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Organization))


def test_register_a_new_one(client, login, staff):
    login(staff)
    response = create(client, {"name": "株式会社あおば工房", "kind": "startup", "in_city": True})
    assert response.status_code == 201
    body = response.get_json()
    organization = db.session.get(Organization, body["id"])
    assert (organization.name, organization.kind, organization.in_city) == (
        "株式会社あおば工房",
        "startup",
        True,
    )
    assert body == {"id": organization.id, "name": "株式会社あおば工房", "detail": "スタートアップ"}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "organization")).one()
    assert entry.action == "create" and entry.user_id == staff.id
    assert names(client, "あおば") == ["株式会社あおば工房"]


def test_a_duplicate_names_the_existing_one_and_stores_nothing(
    client, login, staff, make_organization
):
    existing = make_organization("株式会社みどりケア")
    login(staff)
    response = create(client, {"name": "みどりケア(株)", "kind": "sme"})
    assert response.status_code == 409
    body = response.get_json()
    assert body["existing"] == {"id": existing.id, "name": "株式会社みどりケア"}
    assert "「株式会社みどりケア」" in body["errors"]["name"][0]
    assert stored() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [({"name": "種別なし商会"}, "kind"), ({"name": "", "kind": "sme"}, "name")],
)
def test_invalid_fields_are_422_and_store_nothing(client, login, staff, body, field):
    login(staff)
    response = create(client, body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert stored() == 0


def test_a_manager_may_not_register(client, login, make_user):
    login(make_user("manager"))
    response = create(client, {"name": "管理職の商会", "kind": "sme"})
    assert response.status_code == 403
    assert stored() == 0


def test_not_json_is_400_and_without_the_csrf_token_nothing_is_stored(client, login, staff):
    login(staff)
    token = csrf_token(client, "/welltech/consultations/new")
    assert client.post(LOOKUP, data="name", headers={"X-CSRFToken": token}).status_code == 400
    assert client.post(LOOKUP, json={"name": "偽の商会", "kind": "sme"}).status_code == 400
    assert stored() == 0


# --- forms and filters without JavaScript ---------------------------------------------


def consultation_form(**overrides) -> dict:
    return {
        "organization_id": "",
        "opened_on": "2022-06-01",
        "kind": "consultation",
        "channel": "phone",
        "topic": "safety",
        "title": "検索手順で選んだ相談",
        "status": "open",
        **overrides,
    }


def options(page: str, select_id: str) -> list[tuple[str, bool, str]]:
    block = page[page.index(f'<select id="{select_id}"') :]
    block = block[: block.index("</select>")]
    return [
        (value, bool(selected), text)
        for value, selected, text in re.findall(
            r'<option value="(\d*)"( selected)?>([^<]*)</option>', block
        )
    ]


def test_a_form_lists_no_organisation_until_searched(client, login, staff, make_organization):
    for n in range(30):
        make_organization(f"大量の商会{n}")
    login(staff)
    page = client.get("/welltech/consultations/new").text
    assert options(page, "organization_id") == [("", False, "選択してください")]
    assert "大量の商会" not in page


def test_the_search_step_keeps_the_form_and_offers_the_matches(
    client, login, staff, make_organization
):
    wanted = make_organization("株式会社みどりケア")
    make_organization("株式会社あおば工房")
    login(staff)
    data = consultation_form(organization_id_q="ﾐﾄﾞﾘｹｱ", search_step="organization_id")
    response = post_form(client, "/welltech/consultations/new", data)
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0
    page = response.text
    assert 'value="検索手順で選んだ相談"' in page  # what was entered stays
    assert 'value="ﾐﾄﾞﾘｹｱ"' in page
    assert 'class="errors"' not in page and "入力内容を確認してください" not in page
    assert options(page, "organization_id") == [
        ("", False, "選択してください"),
        (str(wanted.id), True, "株式会社みどりケア(中小企業)"),  # the one match is chosen
    ]
    saved = post_form(
        client,
        "/welltech/consultations/new",
        consultation_form(organization_id=str(wanted.id)),
    )
    assert saved.status_code == 302
    assert db.session.scalars(select(Consultation)).one().organization_id == wanted.id


def test_a_search_with_no_match_says_so(client, login, staff, make_organization):
    make_organization("株式会社みどりケア")
    login(staff)
    data = consultation_form(organization_id_q="存在しない", search_step="organization_id")
    page = post_form(client, "/welltech/consultations/new", data).text
    assert "「存在しない」に一致する企業・団体はありません。" in page


def test_typing_only_a_legal_form_asks_for_the_name(client, login, staff, make_organization):
    make_organization("株式会社みどりケア")
    login(staff)
    data = consultation_form(organization_id_q="株式会社", search_step="organization_id")
    page = post_form(client, "/welltech/consultations/new", data).text
    said = "「株式会社」は法人の種類だけのため検索できません。社名の部分を入力してください。"
    assert said in page
    answer = client.get("/organizations/picker?q=株式会社").get_json()
    assert answer["items"] == []
    assert answer["message"].startswith("「株式会社」は法人の種類だけ")
    assert answer["searchable"] is False
    assert client.get("/organizations/picker?q=存在しない").get_json()["searchable"] is True
    assert "message" not in client.get("/organizations/picker?q=みどり").get_json()


def test_the_chosen_name_shows_after_a_refusal_and_on_the_edit_form(
    client, login, staff, make_organization
):
    chosen = make_organization("株式会社選ばれた商会")
    make_organization("株式会社選ばれない商会")
    login(staff)
    refused = post_form(
        client,
        "/welltech/consultations/new",
        consultation_form(organization_id=str(chosen.id), title=""),
    )
    assert refused.status_code == 422
    assert options(refused.text, "organization_id")[1] == (
        str(chosen.id),
        True,
        "株式会社選ばれた商会",
    )
    assert "選ばれない" not in refused.text
    post_form(client, "/welltech/consultations/new", consultation_form(organization_id=chosen.id))
    consultation = db.session.scalars(select(Consultation)).one()
    edit = client.get(f"/welltech/consultations/{consultation.id}/edit").text
    assert (str(chosen.id), True, "株式会社選ばれた商会") in options(edit, "organization_id")


def test_partners_keep_the_chosen_ones_beside_the_matches(client, login, staff, make_organization):
    lead = make_organization("主体の工房")
    partner = make_organization("連携の大学", kind="university")
    other = make_organization("連携の研究所", kind="research_institute")
    login(staff)
    data = {
        "title": "歩行器の改良",
        "kind": "improvement",
        "lead_organization_id": str(lead.id),
        "partner_ids": str(partner.id),
        "partner_ids_q": "連携",
        "search_step": "partner_ids",
        "product_category": "mobility",
        "stage": "planning",
        "started_on": "2022-06-01",
    }
    page = post_form(client, "/welltech/projects/new", data).text
    assert options(page, "partner_ids") == [
        (str(partner.id), True, "連携の大学"),
        (str(other.id), False, "連携の研究所(研究機関)"),
    ]
    assert (str(lead.id), True, "主体の工房") in options(page, "lead_organization_id")


def test_the_list_filter_names_the_chosen_one_and_searches(
    client, login, staff, make_organization, make_user
):
    chosen = make_organization("絞り込みの商会")
    make_organization("絞り込み候補の商会")
    login(staff)
    page = client.get("/welltech/consultations", query_string={"organization_id": chosen.id}).text
    assert options(page, "filter-organization_id") == [
        ("", False, "すべて"),
        (str(chosen.id), True, "絞り込みの商会"),
    ]
    page = client.get("/welltech/consultations", query_string={"organization_id_q": "絞り込み"})
    values = [text for _, _, text in options(page.text, "filter-organization_id")]
    assert values == ["すべて", "絞り込み候補の商会(中小企業)", "絞り込みの商会(中小企業)"]


def test_enter_in_another_field_with_an_empty_search_box_saves(
    client, login, staff, make_organization
):
    """Without JavaScript, Enter presses the form's first button, the picker's 「検索」."""
    chosen = make_organization("株式会社みどりケア")
    login(staff)
    data = consultation_form(
        organization_id=str(chosen.id), organization_id_q="", search_step="organization_id"
    )
    assert post_form(client, "/welltech/consultations/new", data).status_code == 302
    assert db.session.scalars(select(Consultation)).one().organization_id == chosen.id

"""The registry's pages as a user meets them: search, filters, order, pages, delete, restore."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, select

from hub_app.core.models import utcnow
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from tests.factories import post_form


@pytest.fixture
def registry(make_organization):
    make_organization(
        "株式会社ケアテック",
        name_kana="ケアテック",
        kind="sme",
        in_city=True,
        corporate_number="7000012050002",
    )
    make_organization("アイ・ロボ合同会社", name_kana="アイロボ", kind="startup", in_city=False)
    make_organization(
        "川崎福祉会", name_kana="カワサキフクシカイ", kind="welfare_facility", in_city=True
    )
    make_organization("ゼータ・ラボ", name_kana="ゼータラボ", kind="startup", in_city=True)


def _names(page) -> list[str]:
    body = page.text.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<a href="/organizations/\d+">([^<]+)</a>', body)


@pytest.fixture
def reader(client, login, make_user):
    login(make_user("staff", ["knic"]))
    return client


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=ケアテック", ["株式会社ケアテック"]),
        ("q=カワサキ", ["川崎福祉会"]),  # by kana
        ("q=7000012050002", ["株式会社ケアテック"]),  # by corporate number
        ("q=ｾﾞｰﾀ", []),  # half-width kana is not folded by LIKE
        ("q=ゼータ ラボ", ["ゼータ・ラボ"]),  # every word must match
        ("q=100%25", []),  # LIKE wildcards are literal
        ("kind=startup", ["アイ・ロボ合同会社", "ゼータ・ラボ"]),
        ("in_city=1", ["株式会社ケアテック", "川崎福祉会", "ゼータ・ラボ"]),
        ("in_city=0", ["アイ・ロボ合同会社"]),
        ("kind=startup&in_city=1", ["ゼータ・ラボ"]),
        (
            "kind=nonsense",
            ["アイ・ロボ合同会社", "株式会社ケアテック", "川崎福祉会", "ゼータ・ラボ"],
        ),
    ],
)
def test_search_and_filters(reader, registry, query, expected):
    page = reader.get(f"/organizations?{query}&sort=kana")
    assert page.status_code == 200
    assert sorted(_names(page)) == sorted(expected)


def test_sorted_by_kana_by_default(reader, registry):
    assert _names(reader.get("/organizations")) == [
        "アイ・ロボ合同会社",
        "川崎福祉会",
        "株式会社ケアテック",
        "ゼータ・ラボ",
    ]


def test_pagination_keeps_filters(reader, make_organization):
    for number in range(30):
        make_organization(f"ページ企業{number:02d}", name_kana=f"ページ{number:02d}", in_city=True)
    make_organization("市外の会社", in_city=False)
    first = reader.get("/organizations?in_city=1&per_page=25")
    assert len(_names(first)) == 25 and "全30件" in first.text
    assert "in_city=1" in re.search(r'<a href="([^"]+)" rel="next">', first.text).group(1)
    second = reader.get("/organizations?in_city=1&page=2")
    assert _names(second) == [f"ページ企業{n:02d}" for n in range(25, 30)]
    assert reader.get("/organizations?page=99").status_code == 200
    assert reader.get("/organizations?page=abc&per_page=-1").status_code == 200


def test_list_uses_a_fixed_number_of_queries(app, reader, make_organization):
    def count_queries(path: str) -> int:
        statements = []

        def record(*_args) -> None:
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            assert reader.get(path).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    for number in range(5):
        make_organization(f"少数{number}")
    few = count_queries("/organizations?per_page=100")
    for number in range(45):
        make_organization(f"多数{number}")
    assert count_queries("/organizations?per_page=100") == few


def test_export_csv_and_xlsx_follow_the_filters(reader, registry):
    with reader.get("/organizations/export.csv?kind=startup") as exported:
        assert exported.status_code == 200
        data = exported.data
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ID", "名称", "名称(カナ)"]
    assert sorted(r[1] for r in rows[1:]) == sorted(["ゼータ・ラボ", "アイ・ロボ合同会社"])
    workbook = load_workbook(io.BytesIO(reader.get("/organizations/export.xlsx?in_city=0").data))
    sheet = workbook.active
    assert [c.value for c in sheet[2]][1] == "アイ・ロボ合同会社" and sheet.max_row == 2


def test_errors_next_to_their_fields_in_japanese(client, login, make_user):
    login(make_user("staff"))
    response = post_form(
        client,
        "/organizations/new",
        {"name": "", "kind": "", "website": "not a url", "corporate_number": "12345"},
    )
    assert response.status_code == 422
    for field, message in [
        ("name", "必須"),
        ("kind", "種別を選んでください"),
        ("website", "URLの形式が正しくありません"),
        ("corporate_number", "法人番号は13桁"),
    ]:
        errors = re.search(
            rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', response.text, re.S
        )
        assert errors and message in errors.group(1), field
    assert db.session.scalar(select(db.func.count()).select_from(Organization)) == 0


def test_too_long_name_refused(client, login, make_user):
    login(make_user("staff"))
    response = post_form(client, "/organizations/new", {"name": "あ" * 201, "kind": "sme"})
    assert response.status_code == 422 and 'id="name-errors"' in response.text


def test_full_width_corporate_number_is_accepted(client, login, make_user):
    login(make_user("staff"))
    response = post_form(
        client,
        "/organizations/new",
        {"name": "全角の会社", "kind": "sme", "corporate_number": "７０００-０１２０５-０００２"},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Organization.corporate_number)) == "7000012050002"


def test_duplicate_corporate_number_names_the_existing_record(client, login, make_user, registry):
    login(make_user("staff"))
    response = post_form(
        client,
        "/organizations/new",
        {"name": "別名の会社", "kind": "sme", "corporate_number": "7000012050002"},
    )
    assert response.status_code == 409
    assert "株式会社ケアテック" in response.text and 'id="corporate_number-errors"' in response.text


def test_soft_delete_hides_and_admin_restores(app, client, login, make_user, make_organization):
    organization = make_organization("消される会社")
    staff = app.test_client()
    login(make_user("staff"), test_client=staff)
    deleted = post_form(
        staff, f"/organizations/{organization.id}/delete", {}, f"/organizations/{organization.id}"
    )
    assert deleted.status_code == 302
    assert "消される会社" not in _names(staff.get("/organizations"))
    assert staff.get(f"/organizations/{organization.id}").status_code == 404
    assert _names(staff.get("/organizations?deleted=1")) == []
    db.session.refresh(organization)
    assert organization.deleted_at is not None  # still stored

    login(make_user("admin", []))
    assert _names(client.get("/organizations?deleted=1")) == ["消される会社"]
    assert "削除済み" in client.get(f"/organizations/{organization.id}").text
    restored = post_form(
        client, f"/organizations/{organization.id}/restore", {}, f"/organizations/{organization.id}"
    )
    assert restored.status_code == 302
    assert "消される会社" in _names(staff.get("/organizations"))


def test_restore_refused_when_a_twin_was_registered_meanwhile(
    client, login, make_user, make_organization
):
    old = make_organization("株式会社ふたご", deleted_at=utcnow())
    twin = make_organization("ふたご")
    login(make_user("admin", []))
    response = post_form(client, f"/organizations/{old.id}/restore", {}, f"/organizations/{old.id}")
    assert response.status_code == 409
    assert "ふたご" in response.text
    db.session.refresh(old)
    assert old.deleted_at is not None and twin.deleted_at is None


def test_deleted_name_can_be_registered_again(client, login, make_user, make_organization):
    make_organization("再登録株式会社", deleted_at=utcnow())
    login(make_user("staff"))
    response = post_form(client, "/organizations/new", {"name": "再登録株式会社", "kind": "sme"})
    assert response.status_code == 302


def test_edit_shows_stored_values_and_saves(client, login, make_user, make_organization):
    organization = make_organization("編集前の会社", name_kana="ヘンシュウ", in_city=True)
    login(make_user("staff"))
    form = client.get(f"/organizations/{organization.id}/edit")
    assert 'value="編集前の会社"' in form.text and "checked" in form.text
    response = post_form(
        client,
        f"/organizations/{organization.id}/edit",
        {"name": "編集後の会社", "kind": "university"},
    )
    assert response.status_code == 302
    db.session.refresh(organization)
    assert organization.name == "編集後の会社" and organization.in_city is False


def test_unknown_organization_is_404_in_japanese(reader):
    response = reader.get("/organizations/424242")
    assert response.status_code == 404 and "ページが見つかりません" in response.text


def test_repeated_delete_and_restore_write_one_audit_row_each(
    client, login, make_user, make_organization
):
    from hub_app.core.audit import AuditEntry

    organization = make_organization("二度押し株式会社")
    login(make_user("admin", []))
    path = f"/organizations/{organization.id}"
    for _ in range(2):
        assert post_form(client, f"{path}/delete", {}, path).status_code == 302
    assert client.get(f"{path}/edit").status_code == 404  # a deleted record is restored first
    for _ in range(2):
        assert post_form(client, f"{path}/restore", {}, path).status_code == 302
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.entity == "organization", AuditEntry.entity_id == organization.id)
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["delete", "restore"]

"""Export → import round trip, the upload pages and the command line."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, func, select

from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.imports.readers import csv_text
from hub_app.organizations.models import Organization
from tests.factories import csrf_token

FIELDS = (
    "name",
    "name_kana",
    "kind",
    "in_city",
    "corporate_number",
    "address",
    "website",
    "notes",
    "skills_wanted",
    "roles_wanted",
)


def records() -> list[tuple]:
    rows = db.session.scalars(select(Organization).order_by(Organization.name))
    return [tuple(getattr(o, f) for f in FIELDS) for o in rows]


def seed_registry(make_organization) -> None:
    make_organization(
        "株式会社ケアテック",
        kind="sme",
        in_city=True,
        corporate_number="7000012050002",
        name_kana="ケアテック",
        address="川崎市幸区",
        website="https://example.jp/",
        notes="一行目\n二行目, 「引用」",
    )
    make_organization(
        "架空スタートアップ",
        kind="startup",
        skills_wanted=["finance", "ip"],
        roles_wanted="CFO候補",
    )
    make_organization("架空大学", kind="university")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_empty_registry_gives_same_records(
    fmt, client, login, make_user, make_organization, tmp_path
):
    seed_registry(make_organization)
    before = records()
    login(make_user("admin", []))
    exported = client.get(f"/organizations/export.{fmt}")
    assert exported.status_code == 200
    content = exported.data
    exported.close()
    db.session.execute(delete(Organization))
    db.session.commit()
    path = tmp_path / f"organizations.{fmt}"
    path.write_bytes(content)
    response = client.post(
        "/imports/preview",
        data={
            "kind": "organizations",
            "file": (io.BytesIO(content), path.name),
            "csrf_token": csrf_token(client, "/imports"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "新規 3件" in response.text
    assert records() == []  # the preview stores nothing
    token = response.text.split('name="token" value="')[1].split('"')[0]
    confirmed = client.post(
        "/imports/confirm", data={"token": token, "csrf_token": csrf_token(client, "/imports")}
    )
    assert confirmed.status_code == 302
    assert records() == before
    again = client.post(
        "/imports/preview",
        data={
            "kind": "organizations",
            "file": (io.BytesIO(content), path.name),
            "csrf_token": csrf_token(client, "/imports"),
        },
        content_type="multipart/form-data",
    )
    assert "新規 0件、更新 0件、変更なし 3件" in again.text


def test_preview_lists_bad_rows_and_offers_no_confirm(client, login, make_user):
    login(make_user("staff"))
    content = csv_text([["名称", "種別"], ["良い会社", "sme"], ["", "sme"]])
    response = client.post(
        "/imports/preview",
        data={
            "kind": "organizations",
            "file": (io.BytesIO(content), "bad.csv"),
            "csrf_token": csrf_token(client, "/imports"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "3行目" in response.text and "名称" in response.text
    assert "取り込む</button>" not in response.text
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 0


def test_unknown_column_refused_next_to_the_file_field(client, login, make_user):
    login(make_user("staff"))
    response = client.post(
        "/imports/preview",
        data={
            "kind": "organizations",
            "file": (io.BytesIO(csv_text([["名称", "色"], ["a", "b"]])), "x.csv"),
            "csrf_token": csrf_token(client, "/imports"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "この種類にない列があります: 色" in response.text


def test_confirm_without_preview_stores_nothing(client, login, make_user):
    login(make_user("staff"))
    response = client.post(
        "/imports/confirm", data={"token": "abc", "csrf_token": csrf_token(client, "/imports")}
    )
    assert response.status_code == 302


def test_template_has_the_exports_header(client, login, make_user):
    login(make_user("staff"))
    page = client.get("/imports")
    assert page.status_code == 200 and "データ取込" in page.text
    assert "<td>企業・団体</td>" in page.text
    assert 'href="/imports"' in client.get("/").text  # in the menu under 共通
    csv_template = client.get("/imports/templates/organizations.csv")
    text = csv_template.data.decode("utf-8-sig")
    csv_template.close()
    assert text.startswith("ID,名称,名称(カナ),種別")
    xlsx = client.get("/imports/templates/organizations.xlsx")
    header = next(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert header[:3] == ("ID", "名称", "名称(カナ)")
    assert client.get("/imports/templates/nothing.csv").status_code == 404


def test_viewer_and_manager_cannot_open_imports(client, login, make_user):
    login(make_user("viewer", []))
    assert client.get("/imports").status_code == 403


def test_cli_imports_and_refuses(runner, make_user, tmp_path):
    make_user("admin", [])
    good = tmp_path / "good.csv"
    good.write_bytes(csv_text([["名称", "種別"], *[[f"架空企業{n}", "sme"] for n in range(2500)]]))
    result = runner.invoke(args=["import", "organizations", str(good)])
    assert result.exit_code == 0, result.output
    assert "2500行を取り込みました" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_text([["名称", "種別"], ["架空X", "宇宙"]]))
    refused = runner.invoke(args=["import", "organizations", str(bad)])
    assert refused.exit_code == 1 and "2行目「種別」" in refused.output
    wrong = runner.invoke(args=["import", "rockets", str(bad)])
    assert wrong.exit_code == 1 and "取り込める種類ではありません" in wrong.output
    total = db.session.scalar(select(func.count()).select_from(Organization))
    assert total == 2500
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")
        )
        == 1
    )


def test_upload_over_the_size_limit_refused(app, client, login, make_user):
    app.config["IMPORT_MAX_BYTES"] = 200
    login(make_user("staff"))
    content = csv_text([["名称", "種別"], *[[f"架空企業{n}", "sme"] for n in range(50)]])
    response = client.post(
        "/imports/preview",
        data={
            "kind": "organizations",
            "file": (io.BytesIO(content), "big.csv"),
            "csrf_token": csrf_token(client, "/imports"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code in (413, 422)
    assert "大きすぎます" in response.text
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 0


def test_uploads_may_exceed_the_ordinary_request_limit(app, client, login, make_user):
    """Import files are allowed up to IMPORT_MAX_BYTES, not MAX_CONTENT_LENGTH."""
    login(make_user("staff"))
    token = csrf_token(client, "/imports")
    app.config["MAX_CONTENT_LENGTH"] = 500
    content = csv_text([["名称", "種別"], *[[f"架空企業{n}", "sme"] for n in range(50)]])
    response = client.post(
        "/imports/preview",
        data={
            "kind": "organizations",
            "file": (io.BytesIO(content), "ok.csv"),
            "csrf_token": token,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "新規 50件" in response.text


def test_audit_pages_show_an_imports_summary_row(client, login, make_user, tmp_path):
    """The summary row keeps counts, not [before, after] pairs; the log still reads it."""
    admin = make_user("admin", [])
    path = tmp_path / "orgs.csv"
    path.write_bytes(csv_text([["名称", "種別"], ["架空サマリー株式会社", "sme"]]))
    assert import_file("organizations", path, admin).stored
    login(admin)
    page = client.get("/admin/audit")
    assert page.status_code == 200
    assert "ファイル: orgs.csv" in page.text and "新規: 1" in page.text and "行数: 1" in page.text

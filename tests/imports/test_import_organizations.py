"""Importing organisations: formats, header mapping, all-or-nothing, idempotence."""

from datetime import date

import pytest
from sqlalchemy import func, select

from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.imports import ImportRefused, import_file
from hub_app.organizations.models import Organization

HEADER = ["名称", "種別", "市内", "法人番号", "求めるスキル"]


def count(model=Organization) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_japanese_headers_labels_booleans_and_lists(make_user, write_csv):
    actor = make_user("staff")
    path = write_csv(
        [
            HEADER,
            ["株式会社ケアテック", "中小企業", "はい", "7000012050002", ""],
            ["スタートアップA", "startup", "0", "", "財務;engineering"],
        ]
    )
    report = import_file("organizations", path, actor)
    assert report.stored and report.created == 2
    care = db.session.scalars(select(Organization).where(Organization.kind == "sme")).one()
    assert care.in_city is True and care.corporate_number == "7000012050002"
    startup = db.session.scalars(select(Organization).where(Organization.kind == "startup")).one()
    assert startup.skills_wanted == ["engineering", "finance"] and startup.in_city is False


def test_audit_rows_name_the_import(make_user, write_csv):
    actor = make_user("staff")
    import_file("organizations", write_csv([["name", "kind"], ["架空商事", "sme"]], "a.csv"), actor)
    create = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "organization")).one()
    assert create.note == "取込: a.csv" and create.user_id == actor.id
    summary = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
    assert summary.entity == "organizations" and summary.changes["created"] == 1


def test_every_bad_row_reported_with_line_and_nothing_stored(make_user, write_csv):
    """Is a file with bad rows refused whole, each row named by line (header = 1)?"""
    path = write_csv(
        [
            ["名称", "種別", "市内", "法人番号", "求めるスキル"],
            ["良い会社", "中小企業", "TRUE", "", ""],
            ["", "中小企業", "FALSE", "", ""],
            ["不明種別", "宇宙企業", "FALSE", "", ""],
            ["真偽", "sme", "たぶん", "", ""],
            [],
            ["番号", "sme", "1", "8000012050002", ""],
            ["タグ", "startup", "1", "", "財務;占い"],
        ]
    )
    audit_rows = count(AuditEntry)
    report = import_file("organizations", path, make_user("staff"))
    assert not report.stored and count() == 0 and count(AuditEntry) == audit_rows
    found = {(e.line, e.column) for e in report.errors}
    assert found == {(3, "名称"), (4, "種別"), (5, "市内"), (7, "法人番号"), (8, "求めるスキル")}
    messages = {e.line: e.message for e in report.errors}
    assert "宇宙企業" in messages[4] and "中小企業" in messages[4]
    assert "チェックデジット" in messages[7] and "占い" in messages[8]


def test_reimport_updates_instead_of_duplicating(make_user, make_organization, write_csv):
    existing = make_organization("株式会社ケアテック", corporate_number="7000012050002")
    path = write_csv(
        [["名称", "種別", "法人番号", "所在地"], ["㈱ケアテック", "sme", "", "川崎市幸区"]]
    )
    actor = make_user("staff")
    first = import_file("organizations", path, actor)
    assert (first.created, first.updated) == (0, 1)
    again = import_file("organizations", path, actor)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    db.session.refresh(existing)
    assert count() == 1 and existing.address == "川崎市幸区"


def test_shift_jis_file(make_user, write_csv):
    path = write_csv(
        [["名称", "種別", "市内"], ["架空ソフト㈱", "中小企業", "○"]], encoding="cp932"
    )
    report = import_file("organizations", path, make_user("staff"))
    assert report.stored
    assert db.session.scalar(select(Organization.name)) == "架空ソフト㈱"


def test_xlsx_file_with_dates_numbers_and_booleans(make_user, write_xlsx):
    path = write_xlsx(
        [
            ["name", "kind", "in_city", "corporate_number", "notes"],
            ["架空工業", "中小企業", True, 7000012050002, date(2022, 4, 1)],
        ]
    )
    report = import_file("organizations", path, make_user("staff"))
    assert report.stored, report.errors
    organization = db.session.scalars(select(Organization)).one()
    assert organization.in_city and organization.corporate_number == "7000012050002"
    assert organization.notes == "2022-04-01"


@pytest.mark.parametrize(
    ("rows", "kind", "fragment"),
    [
        ([["名称", "色"], ["a", "赤"]], "organizations", "色"),
        ([["種別"], ["sme"]], "organizations", "名称"),
        ([["名称", "name"], ["a", "b"]], "organizations", "同じ項目"),
        ([["名称"], ["a"]], "spaceships", "spaceships"),
        ([["名称", "種別"]], "organizations", "行がありません"),
    ],
)
def test_file_refused_whole(make_user, write_csv, rows, kind, fragment):
    with pytest.raises(ImportRefused) as refusal:
        import_file(kind, write_csv(rows), make_user("staff"))
    assert fragment in refusal.value.message
    assert count() == 0


def test_size_limit(app, make_user, write_csv):
    app.config["IMPORT_MAX_BYTES"] = 10
    with pytest.raises(ImportRefused, match="大きすぎます"):
        import_file("organizations", write_csv([["名称", "種別"], ["架空", "sme"]]), make_user())


def test_viewer_cannot_import(make_user, write_csv):
    report = import_file(
        "organizations", write_csv([["名称", "種別"], ["架空", "sme"]]), make_user("viewer", [])
    )
    assert not report.stored and report.errors[0].line == 2 and count() == 0

"""A list exported, corrected in Excel and imported again updates the records its ID
column names, instead of adding each one a second time."""

import csv
import io

from sqlalchemy import func, select

from hub_app.core.audit import AuditEntry
from hub_app.demo import load_demo_data
from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.welltech.models import Consultation

HEADER = ["企業・団体", "受付日", "種別", "受付方法", "テーマ", "件名"]


def consultations() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Consultation).where(Consultation.deleted_at.is_(None))
    )


def exported(client, login, admin, make_organization, write_csv) -> list[list[str]]:
    """Two consultations stored, then the list page's CSV export as a user downloads it."""
    make_organization("株式会社架空ケア")
    rows = [["株式会社架空ケア", "2022-06-01", "相談", "来所", "資金", f"相談{n}"] for n in (1, 2)]
    assert import_file("consultations", write_csv([HEADER, *rows]), admin).stored
    login(admin)
    with client.get("/welltech/consultations/export.csv") as response:
        assert response.status_code == 200
        return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_unchanged_export_imported_again_changes_nothing(
    client, login, make_user, make_organization, write_csv
):
    admin = make_user("admin", [])
    table = exported(client, login, admin, make_organization, write_csv)
    assert table[0][0] == "ID"
    report = import_file("consultations", write_csv(table), admin)
    assert report.stored and (report.created, report.unchanged) == (0, 2), report.errors
    assert consultations() == 2


def row_of(table: list[list[str]], title: str) -> list[str]:
    return next(row for row in table[1:] if row[table[0].index("件名")] == title)


def test_a_corrected_row_updates_its_record_and_a_new_row_is_added(
    client, login, make_user, make_organization, write_csv
):
    admin = make_user("admin", [])
    table = exported(client, login, admin, make_organization, write_csv)
    header, first, second = table[0], row_of(table, "相談1"), row_of(table, "相談2")
    title = header.index("件名")
    first[title] = "相談1(件名を修正)"
    new_row = [*second]
    new_row[header.index("ID")] = ""
    new_row[title] = "新しい相談"
    report = import_file("consultations", write_csv([header, first, second, new_row]), admin)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1), report.errors
    titles = db.session.scalars(select(Consultation.title).order_by(Consultation.id)).all()
    assert titles == ["相談1(件名を修正)", "相談2", "新しい相談"]
    updates = select(AuditEntry).where(AuditEntry.action == "update")
    assert db.session.scalars(updates).one().changes["title"] == ["相談1", "相談1(件名を修正)"]


def test_ids_from_elsewhere_never_match(client, login, make_user, make_organization, write_csv):
    """An id above every stored one (a file from another database), or one naming a deleted
    record, adds the row; an id that is not a number is refused with its column."""
    admin = make_user("admin", [])
    table = exported(client, login, admin, make_organization, write_csv)
    header, first, second = table[0], row_of(table, "相談1"), row_of(table, "相談2")
    deleted = db.session.scalar(select(Consultation).where(Consultation.title == "相談2"))
    deleted.deleted_at = deleted.created_at
    db.session.commit()
    first[0] = str(deleted.id + 100)
    report = import_file("consultations", write_csv([header, first, second]), admin)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0), report.errors
    assert consultations() == 3
    first[0] = "八十"
    report = import_file("consultations", write_csv([header, first]), admin)
    assert not report.stored
    assert [(e.line, e.column) for e in report.errors] == [(2, "ID")]


LIST_EXPORTS = {
    "organizations": "/organizations/export.csv",
    "consultations": "/welltech/consultations/export.csv",
    "invitations": "/welltech/invitations/export.csv",
    "projects": "/welltech/projects/export.csv",
    "evaluations": "/welltech/evaluations/export.csv",
    "events": "/events/export.csv",
    "talents": "/knic/talents/export.csv",
    "matchings": "/knic/matchings/export.csv",
    "partnerships": "/knic/partnerships/export.csv",
}


def test_every_list_export_imports_back_unchanged(client, login, make_user, write_csv):
    """Each list page's CSV as an admin downloads it: every column is one the importer
    knows (read-only ones such as an event's attendee count included) and nothing changes."""
    admin = make_user("admin", [])
    load_demo_data()
    login(admin)
    for kind, url in LIST_EXPORTS.items():
        with client.get(url) as response:
            assert response.status_code == 200, kind
            table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
        report = import_file(kind, write_csv(table), admin, commit=False)
        assert report.ok, (kind, report.errors[:3])
        assert (report.created, report.updated) == (0, 0), kind
        assert report.unchanged == len(table) - 1, kind

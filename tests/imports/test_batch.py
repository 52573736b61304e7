"""Batch mode (core.records.batch): INSERTs flushed together, still one audit row per
record naming the import, the closed-year lock still refused, all in one transaction."""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from hub_app.core import records
from hub_app.core.audit import AuditEntry
from hub_app.core.errors import Conflict
from hub_app.extensions import db
from hub_app.imports import import_file, importer
from hub_app.kpi.models import FiscalYearClosure
from hub_app.organizations.models import Organization
from hub_app.welltech.models import Consultation, ConsultationActivity

HEADER = ["企業・団体", "受付日", "種別", "受付方法", "テーマ", "件名", "外部参照ID"]


def row(number: int, opened_on: str = "2022-06-01") -> list[str]:
    return ["株式会社架空ケア", opened_on, "相談", "来所", "資金", f"相談{number}", f"C-{number}"]


def consultations() -> int:
    return db.session.scalar(select(func.count()).select_from(Consultation))


def test_batched_rows_each_get_their_audit_row(
    monkeypatch, make_user, make_organization, write_csv
):
    monkeypatch.setattr(importer, "BATCH_SIZE", 3)
    make_organization("株式会社架空ケア")
    path = write_csv([HEADER, *(row(n) for n in range(1, 8)), row(3)])
    report = import_file("consultations", path, make_user("admin", []), filename="相談.csv")
    # the repeated ref C-3 updates the record its earlier row created, even unflushed
    assert report.stored and (report.created, report.unchanged) == (7, 1), report.errors
    assert consultations() == 7
    audits = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "consultation").order_by(AuditEntry.id)
    ).all()
    ids = sorted(db.session.scalars(select(Consultation.id)))
    assert [a.entity_id for a in audits] == ids
    assert {a.action for a in audits} == {"create"}
    assert all(a.note == "取込: 相談.csv" for a in audits)
    assert audits[0].changes["title"] == [None, "相談1"]


def test_closed_year_refused_in_batch_mode_and_nothing_stored(
    monkeypatch, make_user, make_organization, write_csv
):
    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    make_organization("株式会社架空ケア")
    db.session.add(
        FiscalYearClosure(
            hub="welltech", fiscal_year=2021, closed_at=datetime(2022, 5, 1), snapshot={}
        )
    )
    db.session.commit()
    rows = [row(1), row(2), row(3, "2021-06-01"), row(4), row(5, "2021-07-01")]
    report = import_file("consultations", write_csv([HEADER, *rows]), make_user("admin", []))
    assert not report.stored
    assert [e.line for e in report.errors] == [4, 6]
    assert all("締め" in e.message for e in report.errors)
    assert consultations() == 0


def test_duplicate_organisation_within_the_file_is_found_and_audited_in_order(make_user, write_csv):
    """Creations wait for a flush, yet the duplicate rule sees the earlier row (autoflush)
    and the audit log shows the creation before the update."""
    path = write_csv([["名称", "種別"], ["株式会社架空", "sme"], ["架空(株)", "startup"]])
    report = import_file("organizations", path, make_user("admin", []))
    assert report.stored and (report.created, report.updated) == (1, 1), report.errors
    stored = db.session.scalars(select(Organization)).one()
    assert stored.kind == "startup"
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.entity == "organization", AuditEntry.entity_id == stored.id)
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["create", "update"]


def test_bulk_written_ids_follow_the_file_and_each_audit_row_names_its_record(
    monkeypatch, make_user, make_organization, write_csv
):
    """Bulk mode takes the INSERT's ids back in the rows' order (on SQLite by the rowid
    rule, elsewhere by SQLAlchemy's sentinel); a mix-up would audit one record under
    another's id."""
    monkeypatch.setattr(importer, "BATCH_SIZE", 4)
    make_organization("株式会社架空ケア")
    report = import_file(
        "consultations", write_csv([HEADER, *(row(n) for n in range(1, 11))]), make_user("admin")
    )
    assert report.stored and report.created == 10, report.errors
    stored = db.session.scalars(select(Consultation).order_by(Consultation.id)).all()
    assert [c.title for c in stored] == [f"相談{n}" for n in range(1, 11)]
    assert [c.ref for c in stored] == [f"C-{n}" for n in range(1, 11)]
    audits = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "consultation"))
    titles = {a.entity_id: a.changes["title"][1] for a in audits}
    assert titles == {c.id: c.title for c in stored}


def new_consultation(organization_id: int, title: str) -> Consultation:
    return Consultation(
        hub="welltech",
        organization_id=organization_id,
        opened_on=date(2022, 6, 1),
        kind="consultation",
        channel="visit",
        topic="funding",
        title=title,
        status="open",
    )


def test_a_record_written_in_bulk_is_refused_if_added_again(make_user, make_organization):
    actor, organization = make_user("admin"), make_organization("株式会社架空ケア")
    with records.batch(10, bulk=True):
        consultation = records.create(actor, new_consultation(organization.id, "一度だけ"))
        records.flush_batch()
        assert consultation.id is not None
        db.session.add(consultation)  # not through records.attached
        with pytest.raises(Conflict):
            records.flush()


def test_attached_gives_the_stored_record_with_its_relations(make_user, make_organization):
    actor, organization = make_user("admin"), make_organization("株式会社架空ケア")
    with records.batch(10, bulk=True):
        consultation = records.create(actor, new_consultation(organization.id, "続けて使う"))
        assert consultation.id is None  # waiting for the batch's INSERT
        consultation = records.attached(consultation)
        assert consultation.id is not None and consultation in db.session
        assert consultation.organization.name == "株式会社架空ケア"
        assert consultation.activities == []
        assert consultation.created_at is not None
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 1
    audits = select(AuditEntry.action).where(AuditEntry.entity == "consultation")
    assert list(db.session.scalars(audits)) == ["create"]


def test_activities_across_batch_boundaries_are_stored_once_under_their_case(
    monkeypatch, make_user, make_organization, write_csv
):
    """A created record may still join a collection after its service returns (an
    activity joins its case's timeline): a batch written right after it would lose that."""
    monkeypatch.setattr(importer, "BATCH_SIZE", 2)
    make_organization("株式会社架空ケア")
    timeline = "2022-06-02 一回目\n2022-06-03 二回目\n2022-06-04 三回目"
    rows = [[*row(n)[:-1], timeline, f"C-{n}"] for n in range(1, 4)]
    report = import_file(
        "consultations", write_csv([[*HEADER[:-1], "対応履歴", "外部参照ID"], *rows]), make_user()
    )
    assert report.stored and report.created == 3, report.errors
    activities = db.session.scalars(
        select(ConsultationActivity).order_by(ConsultationActivity.id)
    ).all()
    by_case = {}
    for activity in activities:
        by_case.setdefault(activity.consultation.ref, []).append(activity.notes)
    assert by_case == {f"C-{n}": ["一回目", "二回目", "三回目"] for n in range(1, 4)}
    created = select(func.count()).where(AuditEntry.action == "create")
    assert db.session.scalar(created.where(AuditEntry.entity == "consultation_activity")) == 9


@pytest.mark.parametrize("bulk", [False, True])
def test_a_default_the_service_left_out_is_stored_and_audited_alike(
    bulk, make_user, make_organization
):
    actor, organization = make_user("admin"), make_organization("株式会社架空ケア")
    consultation = new_consultation(organization.id, "状況は既定値")
    del consultation.status  # not given: the model's default "open" applies
    with records.batch(10, bulk=bulk):
        records.create(actor, consultation)
    db.session.commit()
    assert db.session.scalar(select(Consultation.status)) == "open"
    audits = select(AuditEntry).where(AuditEntry.entity == "consultation")
    audit = db.session.scalars(audits).one()
    assert audit.changes["status"] == [None, "open"]

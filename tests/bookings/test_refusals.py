"""Bookings refused through the form, PATCH and the import as through POST: a clear message
next to the field, the right status, nothing stored; and slots freed by a project's fate."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hub_app.bookings.models import Booking
from hub_app.core.models import utcnow
from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.kpi.models import FiscalYearClosure
from tests.bookings.conftest import body
from tests.factories import post_form

FORM = {
    "facility": "mock_lab",
    "starts_at": "2026-12-04T10:00",
    "ends_at": "2026-12-04T11:00",
    "title": "評価の準備",
}


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Booking))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"starts_at": "2026-12-04 25:00"}, "形式"),
        ({"ends_at": "明日の昼"}, "形式"),
        ({"ends_at": "2026-12-04T09:00"}, "開始日時より後"),
        ({"ends_at": "2026-12-04T10:00"}, "開始日時より後"),
        ({"facility": "gym"}, "施設を選んで"),
        ({"organization_id": "999"}, "企業・団体"),
        ({"project_id": "999"}, "プロジェクト"),
        ({"evaluation_id": "999"}, "製品評価"),
        ({"staff_id": "999"}, "担当者"),
    ],
)
def test_the_form_shows_the_reason_and_stores_nothing(client, login, staff, values, message):
    login(staff)
    refused = post_form(client, "/welltech/bookings/new", {**FORM, **values})
    assert refused.status_code == 422, refused.text[:500]
    assert message in refused.text
    assert count() == 0


def test_the_form_in_a_closed_year_is_a_409(client, login, staff):
    db.session.add(
        FiscalYearClosure(hub="welltech", fiscal_year=2026, closed_at=utcnow(), snapshot={})
    )
    db.session.commit()
    login(staff)
    refused = post_form(client, "/welltech/bookings/new", FORM)
    assert refused.status_code == 409
    assert "令和8年度は締め済みです。" in refused.text
    assert "管理者に締めの解除を依頼してください" in refused.text
    assert count() == 0


def test_the_form_names_the_booking_in_the_way(api, client, login, staff):
    held = api(staff).post("/api/v1/bookings", json=body(title="午前の評価")).json
    login(staff)
    overlapping = {**FORM, "starts_at": "2026-12-02T11:00", "ends_at": "2026-12-02T12:30"}
    refused = post_form(client, "/welltech/bookings/new", overlapping)
    assert refused.status_code == 409
    assert f"「午前の評価」(予約ID {held['id']})で予約済みです" in refused.text
    touching = {**FORM, "starts_at": "2026-12-02T12:00", "ends_at": "2026-12-02T13:00"}
    assert post_form(client, "/welltech/bookings/new", touching).status_code == 302
    assert count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ends_at": "2026-12-02T09:00:00+09:00"}, "ends_at"),
        ({"starts_at": "2026-02-30T10:00"}, "starts_at"),
        ({"facility": "pool"}, "facility"),
        ({"organization_id": 999}, "organization_id"),
        ({"evaluation_id": 999}, "evaluation_id"),
    ],
)
def test_a_bad_patch_is_a_422_and_changes_nothing(api, staff, values, field):
    client = api(staff)
    created = client.post("/api/v1/bookings", json=body()).json
    refused = client.patch(f"/api/v1/bookings/{created['id']}", json=values)
    assert refused.status_code == 422 and field in refused.json["errors"]
    assert client.get(f"/api/v1/bookings/{created['id']}").json == created


def test_a_time_without_offset_is_japan_time(api, staff):
    created = api(staff).post(
        "/api/v1/bookings", json=body(starts_at="2026-12-02T10:00", ends_at="2026-12-02T11:30")
    )
    assert created.status_code == 201, created.text
    assert created.json["starts_at"] == "2026-12-02T10:00:00+09:00"
    assert created.json["ends_at"] == "2026-12-02T11:30:00+09:00"


def test_a_deleted_project_frees_its_slot_and_cannot_be_booked(api, staff, evaluation):
    client = api(staff)
    project = evaluation.project
    held = client.post("/api/v1/bookings", json=body(project_id=project.id)).json
    assert client.post("/api/v1/bookings", json=body()).status_code == 409
    project.deleted_at = utcnow()
    db.session.commit()
    shown = client.get(f"/api/v1/bookings/{held['id']}").json
    assert shown["freed"] is True
    assert db.session.get(Booking, held["id"]).freed_reason == "プロジェクト削除のため解放"
    assert client.post("/api/v1/bookings", json=body(title="空いた枠")).status_code == 201
    refused = client.post(
        "/api/v1/bookings", json=body(project_id=project.id, facility="home", title="削除済み")
    )
    assert refused.status_code == 422 and "project_id" in refused.json["errors"]


def test_a_cancelled_project_cannot_take_a_new_slot(api, staff, evaluation):
    evaluation.project.stage = "cancelled"
    db.session.commit()
    refused = api(staff).post("/api/v1/bookings", json=body(project_id=evaluation.project_id))
    assert refused.status_code == 422
    assert refused.json["errors"]["project_id"] == ["中止したプロジェクトの予約は登録できません。"]
    assert count() == 0


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("体育館,2026-12-04T09:00,2026-12-04T10:00,撮影", "施設", "体育館"),
        ("在宅(撮影環境),2026-12-04T09:00,2026-12-04T08:00,撮影", "終了日時", "開始日時より後"),
        ("在宅(撮影環境),12月4日 9時,2026-12-04T10:00,撮影", "開始日時", "形式"),
    ],
)
def test_the_import_names_the_bad_line_and_stores_nothing(tmp_path, staff, row, column, reason):
    lines = [
        "施設,開始日時,終了日時,件名",
        "模擬環境ラボ,2026-12-04T09:00,2026-12-04T10:00,正しい行",
        row,
    ]
    path = tmp_path / "bookings.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = import_file("bookings", path, staff)
    assert not report.ok
    [error] = report.errors
    assert error.line == 3 and error.column == column and reason in error.message, error
    assert count() == 0

"""Bookings through the API and the service: stored with their offset, refused when they
overlap (409 naming the booking in the way) or are wrong (422), nothing stored then."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from hub_app.bookings.models import Booking
from hub_app.core.audit import AuditEntry
from hub_app.core.models import utcnow
from hub_app.extensions import db
from hub_app.kpi.models import FiscalYearClosure
from tests.bookings.conftest import body


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Booking))


def test_a_booking_is_stored_with_its_offset_and_served_in_japan_time(api, staff, evaluation):
    client = api(staff)
    created = client.post("/api/v1/bookings", json=body(evaluation_id=evaluation.id))
    assert created.status_code == 201, created.text
    assert created.json["starts_at"] == "2026-12-02T10:00:00+09:00"
    assert created.json["project_id"] == evaluation.project_id  # the evaluation's project
    booking = db.session.get(Booking, created.json["id"])
    assert booking.starts_at == datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    assert booking.starts_at.utcoffset() is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "booking"))
    assert entry.changes["starts_at"] == [None, "2026-12-02T10:00:00+09:00"]


def test_utc_input_is_the_same_instant(api, staff):
    created = api(staff).post(
        "/api/v1/bookings",
        json=body(starts_at="2026-12-02T01:00:00Z", ends_at="2026-12-02T03:00:00Z"),
    )
    assert created.json["starts_at"] == "2026-12-02T10:00:00+09:00"


def test_an_overlap_is_refused_with_409_naming_the_booking_in_the_way(api, staff):
    client = api(staff)
    first = client.post("/api/v1/bookings", json=body(title="午前の評価"))
    assert first.status_code == 201
    refused = client.post(
        "/api/v1/bookings",
        json=body(
            title="重なる予約",
            starts_at="2026-12-02T11:30:00+09:00",
            ends_at="2026-12-02T13:00:00+09:00",
        ),
    )
    assert refused.status_code == 409
    [message] = refused.json["errors"]["starts_at"]
    assert "「午前の評価」" in message and "模擬環境ラボ" in message
    assert "令和8年12月2日(水) 10:00〜12:00" in message
    assert count() == 1


def test_touching_ends_and_other_facilities_are_fine(api, staff):
    client = api(staff)
    assert client.post("/api/v1/bookings", json=body()).status_code == 201
    after = body(starts_at="2026-12-02T12:00:00+09:00", ends_at="2026-12-02T13:00:00+09:00")
    assert client.post("/api/v1/bookings", json=after).status_code == 201
    elsewhere = body(facility="meeting_room")
    assert client.post("/api/v1/bookings", json=elsewhere).status_code == 201
    assert count() == 3


def test_moving_a_booking_onto_another_is_refused(api, staff):
    client = api(staff)
    client.post("/api/v1/bookings", json=body())
    later = client.post(
        "/api/v1/bookings",
        json=body(starts_at="2026-12-02T13:00:00+09:00", ends_at="2026-12-02T14:00:00+09:00"),
    ).json
    moved = client.patch(
        f"/api/v1/bookings/{later['id']}", json={"starts_at": "2026-12-02T11:00:00+09:00"}
    )
    assert moved.status_code == 409
    kept = client.get(f"/api/v1/bookings/{later['id']}").json
    assert kept["starts_at"] == "2026-12-02T13:00:00+09:00"
    unchanged = client.patch(f"/api/v1/bookings/{later['id']}", json={"title": "改題"})
    assert unchanged.status_code == 200  # its own slot never stands in its way


@pytest.mark.parametrize(
    ("values", "field", "reason"),
    [
        ({"starts_at": "2026-12-02 25:00"}, "starts_at", "形式"),
        ({"starts_at": "明日の10時"}, "starts_at", "形式"),
        ({"ends_at": "2026-12-02T10:00:00+09:00"}, "ends_at", "開始日時より後"),
        ({"ends_at": "2026-12-02T09:00:00+09:00"}, "ends_at", "開始日時より後"),
        ({"ends_at": "2027-02-02T09:00:00+09:00"}, "ends_at", "31日以内"),
        ({"starts_at": "1999-01-01T10:00", "ends_at": "1999-01-01T11:00"}, "starts_at", "年度"),
        ({"starts_at": "0001-01-01T00:00"}, "starts_at", "形式"),
        ({"facility": "gym"}, "facility", "施設を選んで"),
        ({"title": " "}, "title", "件名"),
        ({"project_id": 999}, "project_id", "プロジェクト"),
        ({"evaluation_id": 999}, "evaluation_id", "製品評価"),
        ({"organization_id": 999}, "organization_id", "企業・団体"),
        ({"staff_id": 999}, "staff_id", "担当者"),
        ({"hub": "knic"}, "hub", "welltech"),
    ],
)
def test_bad_input_is_a_422_in_japanese_and_stores_nothing(api, staff, values, field, reason):
    refused = api(staff).post("/api/v1/bookings", json=body(**values))
    assert refused.status_code == 422, refused.text
    assert any(reason in message for message in refused.json["errors"][field])
    assert count() == 0


def test_a_booking_in_a_closed_year_is_refused_with_409(api, staff):
    db.session.add(
        FiscalYearClosure(hub="welltech", fiscal_year=2026, closed_at=utcnow(), snapshot={})
    )
    db.session.commit()
    refused = api(staff).post("/api/v1/bookings", json=body())
    assert refused.status_code == 409
    assert "締め" in refused.json["errors"]["fiscal_year"][0]
    assert count() == 0


def test_an_evaluation_of_another_project_is_refused(api, staff, evaluation, make_organization):
    from hub_app.welltech.models import Project

    other = Project(
        hub="welltech",
        title="別の計画",
        kind="improvement",
        lead_organization_id=make_organization().id,
        product_category="other",
        started_on=evaluation.project.started_on,
    )
    db.session.add(other)
    db.session.commit()
    refused = api(staff).post(
        "/api/v1/bookings", json=body(evaluation_id=evaluation.id, project_id=other.id)
    )
    assert refused.status_code == 422
    assert "project_id" in refused.json["errors"]


def test_a_cancelled_project_or_deleted_evaluation_frees_the_slot(api, staff, evaluation):
    client = api(staff)
    held = client.post("/api/v1/bookings", json=body(evaluation_id=evaluation.id)).json
    assert client.post("/api/v1/bookings", json=body()).status_code == 409
    evaluation.deleted_at = utcnow()
    db.session.commit()
    assert client.get(f"/api/v1/bookings/{held['id']}").json["freed"] is True
    assert client.post("/api/v1/bookings", json=body(title="空いた枠")).status_code == 201
    evaluation.deleted_at = None
    evaluation.project.stage = "cancelled"
    db.session.commit()
    assert db.session.get(Booking, held["id"]).freed_reason == "プロジェクト中止のため解放"


def test_a_deleted_booking_frees_its_slot_and_restoring_it_is_refused_when_taken(
    api, staff, make_user
):
    client = api(staff)
    first = client.post("/api/v1/bookings", json=body()).json
    assert client.delete(f"/api/v1/bookings/{first['id']}").status_code == 204
    assert client.get(f"/api/v1/bookings/{first['id']}").status_code == 404
    assert client.post("/api/v1/bookings", json=body(title="後から")).status_code == 201
    from hub_app.bookings import services
    from hub_app.core.errors import Conflict

    admin = make_user("admin", [])
    with pytest.raises(Conflict, match="後から"):
        services.restore_booking(admin, db.session.get(Booking, first["id"]))


@pytest.mark.parametrize(
    ("role", "hubs", "read", "write"),
    [
        ("admin", [], 200, 201),
        ("manager", [], 200, 403),
        ("staff", ["welltech"], 200, 201),
        ("staff", ["knic"], 403, 403),
        ("viewer", [], 403, 403),
    ],
)
def test_permissions_follow_welltech_records(api, make_user, role, hubs, read, write):
    client = api(make_user(role, hubs))
    assert client.get("/api/v1/bookings").status_code == read
    assert client.post("/api/v1/bookings", json=body()).status_code == write
    assert count() == (1 if write == 201 else 0)


def test_list_filters_by_facility_and_fiscal_year(api, staff):
    client = api(staff)
    client.post("/api/v1/bookings", json=body())
    client.post("/api/v1/bookings", json=body(facility="home"))
    client.post(
        "/api/v1/bookings",
        json=body(starts_at="2027-04-01T00:00+09:00", ends_at="2027-04-01T01:00+09:00"),
    )
    assert client.get("/api/v1/bookings?facility=home").json["total"] == 1
    assert client.get("/api/v1/bookings?fiscal_year=2026").json["total"] == 2
    assert client.get("/api/v1/bookings?fiscal_year=2027").json["total"] == 1
    assert client.get("/api/v1/bookings?facility=gym").status_code == 422

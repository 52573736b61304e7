"""The roster: many attendees at once, no one twice, only once the event has been held."""

from datetime import timedelta

from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.events.models import Attendance
from hub_app.extensions import db
from tests.factories import post_form
from tests.knic.helpers import attend


def _attendances() -> int:
    return db.session.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.deleted_at.is_(None))
    )


def test_staff_adds_many_talents_and_organisations_at_once(
    client, login, knic_staff, make_event, make_talent, make_organization
):
    event = make_event("training")
    people = [make_talent(f"受講者{i}") for i in range(3)]
    company = make_organization("受講企業", kind="large_company")
    login(knic_staff)
    page = client.get(f"/events/{event.id}/roster")
    assert page.status_code == 200
    assert 'name="talent_ids" multiple' in page.text and "受講者2" in page.text
    assert "js/events.js" in page.text
    response = post_form(
        client,
        f"/events/{event.id}/roster",
        {"talent_ids": [str(p.id) for p in people], "organization_ids": [str(company.id)]},
    )
    assert response.status_code == 302, response.text
    assert _attendances() == 4
    shown = client.get(f"/events/{event.id}").text
    assert all(f"受講者{i}" in shown for i in range(3)) and "受講企業" in shown
    # those already attending are no longer offered
    again = client.get(f"/events/{event.id}/roster").text
    assert "受講者1" not in again and "受講企業" not in again


def test_search_narrows_the_choices_without_javascript(
    client, login, knic_staff, make_event, make_talent
):
    event = make_event("seminar")
    make_talent("山田 一郎", full_name_kana="ヤマダ イチロウ")
    make_talent("鈴木 二郎")
    login(knic_staff)
    page = client.get(f"/events/{event.id}/roster?q=ヤマダ").text
    assert "山田 一郎" in page and "鈴木 二郎" not in page


def test_no_one_twice_and_nothing_stored_on_refusal(
    client, login, knic_staff, make_event, make_talent
):
    event = make_event("seminar")
    here, new = make_talent("既に参加"), make_talent("新しい人")
    attend(event, here)
    login(knic_staff)
    response = post_form(
        client, f"/events/{event.id}/roster", {"talent_ids": [str(new.id), str(here.id)]}
    )
    assert response.status_code == 409
    assert "すでに参加者として記録されています: 既に参加" in response.text
    assert _attendances() == 1


def test_attendance_only_once_the_event_has_been_held(
    client, login, api, knic_staff, make_event, make_talent
):
    event = make_event("seminar", held_on=clock.today() + timedelta(days=7))
    talent = make_talent()
    login(knic_staff)
    response = post_form(
        client,
        f"/events/{event.id}/roster",
        {"talent_ids": [str(talent.id)]},
        form_path=f"/events/{event.id}/roster",
    )
    assert response.status_code == 422 and "開催日" in response.text
    refused = api(knic_staff).post(
        "/api/v1/attendances", json={"event_id": event.id, "talent_id": talent.id}
    )
    assert refused.status_code == 422 and "talent_id" in refused.json["errors"]
    assert _attendances() == 0
    today = make_event("seminar", held_on=clock.today())
    ok = api(knic_staff).post(
        "/api/v1/attendances", json={"event_id": today.id, "talent_id": talent.id}
    )
    assert ok.status_code == 201


def test_nothing_chosen_is_refused_next_to_the_field(client, login, knic_staff, make_event):
    event = make_event("seminar")
    login(knic_staff)
    response = post_form(client, f"/events/{event.id}/roster", {})
    assert response.status_code == 422 and "一人以上選んでください" in response.text


def test_api_attendances_rules(api, make_user, make_event, make_talent, make_organization):
    event = make_event("seminar")
    talent = make_talent()
    company = make_organization()
    staff = api(make_user("staff", ["knic"]))
    created = staff.post("/api/v1/attendances", json={"event_id": event.id, "talent_id": talent.id})
    assert created.status_code == 201 and created.json["talent_id"] == talent.id
    twice = staff.post("/api/v1/attendances", json={"event_id": event.id, "talent_id": talent.id})
    assert twice.status_code == 409
    both = staff.post(
        "/api/v1/attendances",
        json={"event_id": event.id, "talent_id": talent.id, "organization_id": company.id},
    )
    assert both.status_code == 422 and "talent_id" in both.json["errors"]
    neither = staff.post("/api/v1/attendances", json={"event_id": event.id})
    assert neither.status_code == 422 and "talent_id" in neither.json["errors"]
    unknown = staff.post("/api/v1/attendances", json={"event_id": 999, "organization_id": 1})
    assert unknown.status_code == 422 and "event_id" in unknown.json["errors"]
    ghost = staff.post("/api/v1/attendances", json={"event_id": event.id, "talent_id": 999})
    assert ghost.status_code == 422
    assert (
        staff.post(
            "/api/v1/attendances", json={"event_id": event.id, "organization_id": company.id}
        ).status_code
        == 201
    )
    # Welltech staff: no K-NIC writes, and no talents at all
    welltech = api(make_user("staff", ["welltech"]))
    study = make_event("study_session")
    assert (
        welltech.post(
            "/api/v1/attendances", json={"event_id": event.id, "organization_id": company.id}
        ).status_code
        == 403
    )
    assert (
        welltech.post(
            "/api/v1/attendances", json={"event_id": study.id, "talent_id": talent.id}
        ).status_code
        == 403
    )
    assert (
        welltech.post(
            "/api/v1/attendances", json={"event_id": study.id, "organization_id": company.id}
        ).status_code
        == 201
    )
    # a Welltech manager reads attendances but not whose talent they are
    manager = api(make_user("manager", ["welltech"]))
    items = manager.get("/api/v1/attendances").json["items"]
    assert items and all(item["talent_id"] is None for item in items)
    assert manager.get(f"/api/v1/attendances/{created.json['id']}").status_code == 403
    assert staff.delete(f"/api/v1/attendances/{created.json['id']}").status_code == 204
    assert _attendances() == 2


def test_an_attended_event_cannot_move_into_the_future(api, knic_staff, make_event, make_talent):
    event = make_event("seminar")
    attend(event, make_talent())
    ahead = (clock.today() + timedelta(days=3)).isoformat()
    response = api(knic_staff).patch(f"/api/v1/events/{event.id}", json={"held_on": ahead})
    assert response.status_code == 422 and "held_on" in response.json["errors"]


def test_removing_an_attendee(client, login, knic_staff, make_event, make_talent):
    event = make_event("seminar")
    attendance = attend(event, make_talent("外す人"))
    login(knic_staff)
    response = post_form(
        client,
        f"/events/{event.id}/attendances/{attendance.id}/delete",
        {},
        form_path=f"/events/{event.id}",
    )
    assert response.status_code == 302 and _attendances() == 0

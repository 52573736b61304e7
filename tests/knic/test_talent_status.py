"""A talent's status follows their matchings: matched while one is agreed (成立), active
again when none is; inactive, set by hand, stays. Form, API and import all get it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hub_app.core import clock
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.knic.models import Matching, Talent
from tests.factories import post_form

AGO = (clock.today() - timedelta(days=10)).isoformat()


@pytest.fixture
def talent(make_talent):
    return make_talent("成立 太郎")


@pytest.fixture
def startup(make_organization):
    return make_organization(kind="startup")


def status(talent) -> str:
    db.session.expire_all()
    return db.session.get(Talent, talent.id).status


def agreed(talent, organization, **values):
    return {
        "talent_id": talent.id,
        "organization_id": organization.id,
        "stage": "agreed",
        "introduced_on": AGO,
        "agreed_on": AGO,
        **values,
    }


def test_an_agreed_matching_makes_the_talent_matched_and_ending_it_active(
    api, knic_staff, talent, startup
):
    client = api(knic_staff)
    created = client.post("/api/v1/matchings", json=agreed(talent, startup))
    assert created.status_code == 201, created.text
    assert status(talent) == "matched"
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.entity == "talent", AuditEntry.action == "update")
    )
    assert entry.changes == {"status": ["active", "matched"]}
    assert entry.user_id == knic_staff.id and entry.note == "マッチングの段階に合わせて更新"
    assert client.get(f"/api/v1/talents/{talent.id}").json["status"] == "matched"
    url = f"/api/v1/matchings/{created.json['id']}"
    ended = client.patch(url, json={"stage": "ended", "ended_on": clock.today().isoformat()})
    assert ended.status_code == 200, ended.text
    assert status(talent) == "active"


def test_one_agreed_matching_of_two_keeps_the_talent_matched(
    api, knic_staff, talent, startup, make_organization
):
    client = api(knic_staff)
    first = client.post("/api/v1/matchings", json=agreed(talent, startup)).json
    second = client.post(
        "/api/v1/matchings", json=agreed(talent, make_organization(kind="startup"))
    ).json
    declined = client.patch(f"/api/v1/matchings/{first['id']}", json={"stage": "declined"})
    assert declined.status_code == 200, declined.text
    assert status(talent) == "matched"
    assert client.delete(f"/api/v1/matchings/{second['id']}").status_code == 204
    assert status(talent) == "active"


def test_a_proposal_changes_nothing(api, knic_staff, talent, startup):
    proposed = {"talent_id": talent.id, "organization_id": startup.id, "stage": "proposed"}
    assert api(knic_staff).post("/api/v1/matchings", json=proposed).status_code == 201
    assert status(talent) == "active"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "talent")) is None


def test_moving_on_the_page_to_agreed_and_back(client, login, knic_staff, talent, startup):
    login(knic_staff)
    created = post_form(
        client,
        "/knic/matchings/new",
        {"talent_id": str(talent.id), "organization_id": str(startup.id), "stage": "proposed"},
    )
    assert created.status_code == 302
    matching = db.session.scalars(select(Matching)).one()
    move, show = f"/knic/matchings/{matching.id}/move", f"/knic/matchings/{matching.id}"
    today = clock.today().isoformat()
    assert post_form(client, move, {"stage": "introduced", "on": today}, show).status_code == 302
    assert post_form(client, move, {"stage": "agreed", "on": today}, show).status_code == 302
    assert status(talent) == "matched"
    assert "成立 太郎" in client.get(f"/knic/talents/{talent.id}").text
    assert post_form(client, move, {"stage": "ended", "on": today}, show).status_code == 302
    assert status(talent) == "active"


def test_inactive_set_by_hand_stays(api, knic_staff, make_talent, startup):
    paused = make_talent("休止 花子", status="inactive")
    client = api(knic_staff)
    created = client.post("/api/v1/matchings", json=agreed(paused, startup))
    assert created.status_code == 201
    assert status(paused) == "inactive"
    client.patch(f"/api/v1/matchings/{created.json['id']}", json={"stage": "declined"})
    assert status(paused) == "inactive"


def test_moving_a_matching_to_another_talent_updates_both(
    api, knic_staff, talent, startup, make_talent
):
    client = api(knic_staff)
    created = client.post("/api/v1/matchings", json=agreed(talent, startup)).json
    other = make_talent("交代 次郎")
    moved = client.patch(f"/api/v1/matchings/{created['id']}", json={"talent_id": other.id})
    assert moved.status_code == 200, moved.text
    assert (status(talent), status(other)) == ("active", "matched")


def test_deleting_and_restoring_an_agreed_matching(api, knic_staff, talent, startup, make_user):
    from hub_app.knic.matchings import services

    created = api(knic_staff).post("/api/v1/matchings", json=agreed(talent, startup)).json
    matching = db.session.get(Matching, created["id"])
    services.delete_matching(knic_staff, matching)
    db.session.commit()
    assert status(talent) == "active"
    services.restore_matching(make_user("admin", []), db.session.get(Matching, created["id"]))
    db.session.commit()
    assert status(talent) == "matched"


def test_an_import_of_agreed_matchings_marks_the_talents(
    tmp_path, knic_staff, talent, startup, make_talent
):
    waiting = make_talent("候補 三郎")
    lines = [
        "人材ID,企業・団体,段階,紹介日,成立日",
        f"{talent.id},{startup.name},成立,{AGO},{AGO}",
        f"{waiting.id},{startup.name},候補,,",
    ]
    path = tmp_path / "matchings.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = import_file("matchings", path, knic_staff)
    assert report.ok, report.errors
    assert (status(talent), status(waiting)) == ("matched", "active")


def test_a_matching_entered_after_the_fact_stays_editable(api, knic_staff, talent, startup):
    """Without 候補登録日 the proposal takes the first date given, not today's: an
    introduction of last month then still passes the form's order of dates on every edit."""
    client = api(knic_staff)
    created = client.post("/api/v1/matchings", json=agreed(talent, startup))
    assert created.json["proposed_on"] == AGO
    edited = client.patch(f"/api/v1/matchings/{created.json['id']}", json={"role": "CFO補佐"})
    assert edited.status_code == 200, edited.text

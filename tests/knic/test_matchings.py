"""The matching pipeline: 候補 → 紹介済 → 面談中 → 成立 / 不成立 → 終了."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.extensions import db
from hub_app.knic.models import Matching
from tests.factories import post_form
from tests.knic.helpers import count_queries


@pytest.fixture
def pair(make_talent, make_organization):
    return make_talent("候補 花子"), make_organization("スタートアップF", kind="startup")


def _matchings() -> int:
    return db.session.scalar(select(func.count()).select_from(Matching))


def test_coordinator_moves_a_matching_through_the_pipeline(client, login, knic_staff, pair):
    talent, startup = pair
    login(knic_staff)
    response = post_form(
        client,
        "/knic/matchings/new",
        {
            "talent_id": str(talent.id),
            "organization_id": str(startup.id),
            "role": "CFO補佐",
            "stage": "proposed",
        },
    )
    assert response.status_code == 302, response.text
    matching = db.session.scalars(select(Matching)).one()
    assert matching.hub == "knic" and matching.proposed_on == clock.today()
    # introduced before it was proposed: refused next to the date
    move = f"/knic/matchings/{matching.id}/move"
    show = f"/knic/matchings/{matching.id}"
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    early = post_form(client, move, {"stage": "introduced", "on": yesterday}, show)
    assert early.status_code == 422
    assert f"紹介日は候補登録日({clock.today().isoformat()})以降" in early.text
    two_weeks_ago = (clock.today() - timedelta(days=14)).isoformat()
    edit = post_form(
        client,
        f"/knic/matchings/{matching.id}/edit",
        {
            "talent_id": str(talent.id),
            "organization_id": str(startup.id),
            "stage": "proposed",
            "proposed_on": two_weeks_ago,
        },
    )
    assert edit.status_code == 302, edit.text
    assert matching.coordinator_id == knic_staff.id
    last_week = (clock.today() - timedelta(days=7)).isoformat()
    assert (
        post_form(client, move, {"stage": "introduced", "on": last_week}, show).status_code == 302
    )
    db.session.refresh(matching)
    assert matching.stage == "introduced" and matching.introduced_on.isoformat() == last_week
    # 成立 before the introduction: refused next to the date, nothing changes
    too_early = (clock.today() - timedelta(days=8)).isoformat()
    refused = post_form(client, move, {"stage": "agreed", "on": too_early}, show)
    assert refused.status_code == 422 and "紹介日" in refused.text and "以降" in refused.text
    db.session.refresh(matching)
    assert matching.stage == "introduced" and matching.agreed_on is None
    # the date defaults to today
    assert post_form(client, move, {"stage": "agreed", "on": ""}, show).status_code == 302
    db.session.refresh(matching)
    assert matching.stage == "agreed" and matching.agreed_on == clock.today()
    board = client.get("/knic/matchings/board").text
    assert "成立" in board and "候補 花子" in board


def test_board_move_form_returns_to_the_board(client, login, knic_staff, pair, make_matching):
    matching = make_matching(*pair)
    login(knic_staff)
    response = post_form(
        client,
        f"/knic/matchings/{matching.id}/move",
        {"stage": "introduced", "on": clock.today().isoformat(), "next": "board"},
        form_path="/knic/matchings/board",
    )
    assert response.status_code == 302 and response.location.endswith("/knic/matchings/board")


def test_api_stage_rules(api, knic_staff, pair):
    talent, startup = pair
    client = api(knic_staff)
    base = {"talent_id": talent.id, "organization_id": startup.id}
    no_date = client.post("/api/v1/matchings", json={**base, "stage": "agreed"})
    assert no_date.status_code == 422 and "agreed_on" in no_date.json["errors"]
    backwards = client.post(
        "/api/v1/matchings",
        json={
            **base,
            "stage": "agreed",
            "introduced_on": "2024-06-10",
            "agreed_on": "2024-06-01",
        },
    )
    assert backwards.status_code == 422 and "agreed_on" in backwards.json["errors"]
    future = (clock.today() + timedelta(days=2)).isoformat()
    ahead = client.post("/api/v1/matchings", json={**base, "stage": "agreed", "agreed_on": future})
    assert ahead.status_code == 422
    ended = client.post(
        "/api/v1/matchings", json={**base, "stage": "ended", "agreed_on": "2024-06-01"}
    )
    assert ended.status_code == 422 and "ended_on" in ended.json["errors"]
    welltech = client.post("/api/v1/matchings", json={**base, "hub": "welltech"})
    assert welltech.status_code == 422 and "hub" in welltech.json["errors"]
    unknown = client.post("/api/v1/matchings", json={**base, "talent_id": 999})
    assert unknown.status_code == 422 and "talent_id" in unknown.json["errors"]
    assert _matchings() == 0
    ok = client.post(
        "/api/v1/matchings",
        json={
            **base,
            "stage": "agreed",
            "introduced_on": "2024-06-01",
            "agreed_on": "2024-06-01",
            "hours_per_month": 10,
            "compensation": "paid",
            "role": "経営企画",
        },
    )
    assert ok.status_code == 201, ok.json
    assert ok.json["hub"] == "knic" and ok.json["compensation"] == "paid"


def test_one_open_matching_per_pair(api, knic_staff, pair):
    talent, startup = pair
    client = api(knic_staff)
    base = {"talent_id": talent.id, "organization_id": startup.id}
    first = client.post("/api/v1/matchings", json=base)
    assert first.status_code == 201
    second = client.post("/api/v1/matchings", json=base)
    assert second.status_code == 409
    assert "進行中のマッチング" in second.json["errors"]["talent_id"][0]
    assert _matchings() == 1
    declined = client.patch(f"/api/v1/matchings/{first.json['id']}", json={"stage": "declined"})
    assert declined.status_code == 200
    assert client.post("/api/v1/matchings", json=base).status_code == 201
    # reopening the declined one would make two open matchings
    reopened = client.patch(f"/api/v1/matchings/{first.json['id']}", json={"stage": "proposed"})
    assert reopened.status_code == 409


def test_duplicate_shown_on_the_form(client, login, knic_staff, pair, make_matching):
    make_matching(*pair)
    login(knic_staff)
    talent, startup = pair
    response = post_form(
        client,
        "/knic/matchings/new",
        {"talent_id": str(talent.id), "organization_id": str(startup.id), "stage": "proposed"},
    )
    assert response.status_code == 409 and "進行中のマッチング" in response.text
    assert _matchings() == 1


def test_permissions(client, api, login, make_user, pair, make_matching):
    matching = make_matching(*pair)
    welltech_staff = api(make_user("staff", ["welltech"]))
    body = {"talent_id": pair[0].id, "organization_id": pair[1].id}
    assert welltech_staff.post("/api/v1/matchings", json=body).status_code == 403
    assert welltech_staff.get("/api/v1/matchings").status_code == 403
    assert welltech_staff.delete(f"/api/v1/matchings/{matching.id}").status_code == 403
    knic_manager = api(make_user("manager", ["knic"]))
    assert knic_manager.get("/api/v1/matchings").json["total"] == 1
    assert (
        knic_manager.patch(f"/api/v1/matchings/{matching.id}", json={"role": "x"}).status_code
        == 403
    )
    # a Welltech manager reads K-NIC matchings but not who the talent is
    login(make_user("manager", ["welltech"]))
    page = client.get("/knic/matchings").text
    assert "スタートアップF" in page and "候補 花子" not in page and f"人材 ID {pair[0].id}" in page
    assert client.get("/knic/matchings/new").status_code == 403


@pytest.mark.parametrize("path", ["/knic/matchings?per_page=100", "/knic/matchings/board"])
def test_matching_pages_run_a_fixed_number_of_queries(
    path, client, login, knic_staff, make_talent, make_organization, make_matching
):
    login(knic_staff)
    startup = make_organization("スタートアップG", kind="startup")

    def measure() -> int:
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter[0]

    for _ in range(5):
        make_matching(make_talent(), startup, coordinator_id=knic_staff.id)
    five = measure()
    for _ in range(45):
        make_matching(make_talent(), startup, coordinator_id=knic_staff.id)
    assert measure() == five


def test_board_filters_by_organisation(
    client, login, knic_staff, make_talent, make_organization, make_matching
):
    first = make_organization("スタートアップP", kind="startup")
    second = make_organization("スタートアップQ", kind="startup")
    make_matching(make_talent("Pの候補"), first)
    make_matching(make_talent("Qの候補"), second)
    login(knic_staff)
    board = client.get(f"/knic/matchings/board?organization_id={first.id}").text
    assert "Pの候補" in board and "Qの候補" not in board
    listed = client.get(f"/knic/matchings?organization_id={second.id}").text
    assert "Qの候補" in listed and "Pの候補" not in listed


def test_export_lists_the_filtered_matchings(client, login, knic_staff, pair, make_matching):
    make_matching(*pair, stage="agreed", introduced_on=date(2022, 5, 1), agreed_on=date(2022, 6, 1))
    login(knic_staff)
    response = client.get("/knic/matchings/export.csv?fiscal_year=2022")
    text = response.get_data(as_text=True)
    response.close()
    assert "候補 花子" in text and "スタートアップF" in text and "成立" in text
    response = client.get("/knic/matchings/export.csv?fiscal_year=2023")
    text = response.get_data(as_text=True)
    response.close()
    assert "候補 花子" not in text

"""The KPI endpoints and the budgets collection of the JSON API."""

import pytest
from sqlalchemy import select

from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.kpi.models import Budget


def test_kpis_answer_the_fy2022_table(fy2022, api, make_user):
    body = api(make_user("viewer", [])).get("/api/v1/kpis?fiscal_year=2022").json
    assert body["fiscal_year"] == 2022 and body["label"] == "令和4年度"
    items = {item["code"]: item for item in body["items"] if item["hub"]}
    assert {code: item["actual"] for code, item in items.items()} == fy2022
    assert items["welltech.consultations"] == {
        **items["welltech.consultations"],
        "hub": "welltech",
        "name": "相談・技術助言件数",
        "unit": "件",
        "plan": 15,
        "achievement_rate": pytest.approx(5 / 15),
    }


def test_kpis_filter_by_hub_and_refuse_bad_values(fy2022, api, make_user):
    client = api(make_user("viewer", []))
    items = client.get("/api/v1/kpis?fiscal_year=2022&hub=knic").json["items"]
    assert {item["hub"] for item in items} == {"knic"} and len(items) == 3
    assert client.get("/api/v1/kpis?fiscal_year=22x").status_code == 422
    assert client.get("/api/v1/kpis?hub=nowhere").json == {
        "errors": {"hub": ["拠点が正しくありません。"]}
    }
    empty = client.get("/api/v1/kpis?fiscal_year=2030").json["items"]
    assert all(item["plan"] is None and item["achievement_rate"] is None for item in empty)


@pytest.mark.parametrize(
    "code",
    [
        "welltech.projects",
        "welltech.invitations",
        "welltech.consultations",
        "welltech.commercialized",
        "knic.trained_talents",
        "knic.matchings",
        "knic.partnerships",
    ],
)
def test_records_total_equals_the_figure(fy2022, api, make_user, code):
    client = api(make_user("admin", []))
    body = client.get(f"/api/v1/kpis/{code}/records?fiscal_year=2022").json
    assert body["total"] == fy2022[code] == len(body["items"])
    assert all({"type", "id"} <= item.keys() for item in body["items"])


def test_records_hide_talents_and_other_hubs(fy2022, api, make_user):
    manager = api(make_user("manager", []))
    body = manager.get("/api/v1/kpis/knic.trained_talents/records?fiscal_year=2022").json
    assert body["total"] == 2 and {item["full_name"] for item in body["items"]} == {None}
    assert body["items"][0]["type"] == "talent"
    staff = api(make_user("staff", ["welltech"]))
    assert staff.get("/api/v1/kpis/knic.matchings/records?fiscal_year=2022").status_code == 403
    viewer = api(make_user("viewer", []))
    assert viewer.get("/api/v1/kpis/welltech.projects/records").status_code == 403
    assert viewer.get("/api/v1/kpis/unknown/records").status_code == 404


def test_put_target_by_manager_is_stored_and_audited(api, make_user):
    manager = make_user("manager", [])
    client = api(manager)
    response = client.put("/api/v1/kpis/knic.partnerships/targets/2023", json={"plan": 7})
    assert response.status_code == 200
    assert response.json == {"code": "knic.partnerships", "fiscal_year": 2023, "plan": 7}
    again = client.put("/api/v1/kpis/knic.partnerships/targets/2023", json={"plan": 9})
    assert again.json["plan"] == 9
    body = client.get("/api/v1/kpis?fiscal_year=2023&hub=knic").json
    assert {i["code"]: i["plan"] for i in body["items"]}["knic.partnerships"] == 9
    actions = db.session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.entity == "kpi_target", AuditEntry.user_id == manager.id
        )
    ).all()
    assert sorted(actions) == ["create", "update"]


def test_put_target_refusals(api, make_user):
    manager = api(make_user("manager", []))
    url = "/api/v1/kpis/knic.partnerships/targets/2023"
    assert manager.put(url, json={"plan": -1}).status_code == 422
    assert manager.put(url, json={"plan": "many"}).status_code == 422
    assert manager.put(url, json={"goal": 3}).status_code == 422
    assert manager.put(url, data="{", content_type="application/json").status_code == 400
    assert manager.put("/api/v1/kpis/nope/targets/2023", json={"plan": 1}).status_code == 404
    assert (
        manager.put("/api/v1/kpis/knic.partnerships/targets/1900", json={"plan": 1}).status_code
        == 422
    )
    for role in ("staff", "viewer"):
        other = api(make_user(role, ["knic"]))
        assert other.put(url, json={"plan": 1}).status_code == 403


def test_budgets_collection(api, make_user):
    manager = api(make_user("manager", []))
    created = manager.post(
        "/api/v1/budgets",
        json={
            "hub": "welltech",
            "fiscal_year": 2024,
            "kind": "budget",
            "total_cost": 20000,
            "grant": 10000,
        },
    )
    assert created.status_code == 201, created.json
    budget_id = created.json["id"]
    listed = manager.get("/api/v1/budgets?hub=welltech&fiscal_year=2024").json
    assert listed["total"] == 1 and listed["items"][0]["grant"] == 10000
    duplicate = manager.post(
        "/api/v1/budgets",
        json={
            "hub": "welltech",
            "fiscal_year": 2024,
            "kind": "budget",
            "total_cost": 1,
            "grant": 1,
        },
    )
    assert duplicate.status_code == 409
    assert manager.patch(f"/api/v1/budgets/{budget_id}", json={"grant": 30000}).status_code == 422
    assert manager.patch(f"/api/v1/budgets/{budget_id}", json={"grant": 9000}).json["grant"] == 9000
    viewer = api(make_user("viewer", []))
    assert viewer.get(f"/api/v1/budgets/{budget_id}").status_code == 200
    assert viewer.patch(f"/api/v1/budgets/{budget_id}", json={"grant": 1}).status_code == 403
    staff = api(make_user("staff", ["welltech"]))
    assert staff.delete(f"/api/v1/budgets/{budget_id}").status_code == 403
    assert manager.delete(f"/api/v1/budgets/{budget_id}").status_code == 204
    assert db.session.get(Budget, budget_id).deleted_at is not None
    assert manager.get(f"/api/v1/budgets/{budget_id}").status_code == 404

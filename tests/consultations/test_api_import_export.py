"""Do the API, the importer and the exports take the hub, through the same one service?"""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.imports.readers import csv_text
from hub_app.welltech.models import Consultation


def body(organization_id: int, **overrides):
    values = {
        "hub": "knic",
        "organization_id": organization_id,
        "opened_on": "2022-06-01",
        "kind": "consultation",
        "channel": "online",
        "topic": "business_plan",
        "title": "事業計画の壁打ち",
    }
    values.update(overrides)
    return values


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Consultation))


def test_coordinator_posts_a_knic_consultation(api, knic_staff, make_organization):
    client = api(knic_staff)
    startup = make_organization(kind="startup")
    created = client.post("/api/v1/consultations", json=body(startup.id, staff_id=knic_staff.id))
    assert created.status_code == 201, created.json
    item = created.json
    assert item["hub"] == "knic" and item["topic"] == "business_plan"
    assert item["matching_id"] is None and item["staff_id"] == knic_staff.id
    url = f"/api/v1/consultations/{item['id']}"
    note = client.post(url + "/activities", json={"occurred_on": "2022-06-02", "notes": "面談"})
    assert note.status_code == 201
    assert client.get(url).json["activities"][0]["notes"] == "面談"
    moved = client.patch(url, json={"hub": "welltech"})
    assert moved.status_code == 422
    assert moved.json["errors"] == {"hub": ["登録済みの相談の拠点は変更できません。"]}
    assert client.get("/api/v1/consultations?hub=knic").json["total"] == 1


def test_api_refusals_for_knic_store_nothing(api, knic_staff, make_organization):
    client = api(knic_staff)
    startup = make_organization(kind="startup")
    cases = [
        (body(startup.id, hub="tokyo"), "hub"),
        (body(startup.id, staff_id=999999), "staff_id"),
        (body(startup.id, topic="unknown"), "topic"),
    ]
    for values, field in cases:
        response = client.post("/api/v1/consultations", json=values)
        assert response.status_code == 422, (field, response.json)
        assert field in response.json["errors"], (field, response.json)
    no_hub = client.post("/api/v1/consultations", json={**body(startup.id), "hub": None})
    assert no_hub.status_code == 403  # without a hub a case is Welltech's, as it always was
    assert count() == 0


def test_a_welltech_member_of_staff_is_no_knic_coordinator(
    api, knic_staff, welltech_staff, make_organization
):
    startup = make_organization(kind="startup")
    response = api(knic_staff).post(
        "/api/v1/consultations", json=body(startup.id, staff_id=welltech_staff.id)
    )
    assert response.status_code == 422
    assert response.json["errors"] == {
        "staff_id": ["指定された担当者はK-NICの職員として登録されていません。"]
    }
    assert count() == 0


def test_import_takes_the_hub_and_checks_its_permission(
    tmp_path, knic_staff, welltech_staff, make_organization
):
    make_organization("株式会社ミライ創業", kind="startup")
    header = ["拠点", "企業・団体", "受付日", "種別", "受付方法", "テーマ", "件名"]
    row = [
        "knic",
        "株式会社ミライ創業",
        "2022-06-01",
        "相談",
        "オンライン",
        "起業・創業",
        "創業相談",
    ]
    path = tmp_path / "knic.csv"
    path.write_bytes(csv_text([header, row]))

    refused = import_file("consultations", path, welltech_staff)
    assert not refused.stored and count() == 0
    assert "K-NIC" in refused.errors[0].message, refused.errors

    stored = import_file("consultations", path, knic_staff)
    assert stored.stored, stored.errors
    consultation = db.session.scalar(select(Consultation))
    assert consultation.hub == "knic" and consultation.topic == "founding"


def test_each_hubs_export_holds_its_own_cases(client, login, make_user, make_case):
    make_case("knic", title="K-NICの起業相談")
    make_case("welltech", title="ウェルテックの製品相談")
    login(make_user("admin", []))
    exported = client.get("/knic/consultations/export.csv")
    assert exported.status_code == 200
    text = exported.data.decode("utf-8-sig")
    exported.close()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["拠点"], r["件名"]) for r in rows] == [("knic", "K-NICの起業相談")]
    assert "関連マッチングID" in rows[0]
    response = client.get("/welltech/consultations/export.csv")
    welltech = response.data.decode("utf-8-sig")
    response.close()
    assert "ウェルテックの製品相談" in welltech and "K-NICの起業相談" not in welltech

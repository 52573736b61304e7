"""The consultations collection and its activities sub-resource."""

from datetime import date, timedelta

from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.extensions import db
from hub_app.welltech.models import Consultation, ConsultationActivity


def body(organization, **overrides):
    values = {
        "organization_id": organization.id,
        "opened_on": "2022-06-01",
        "kind": "consultation",
        "channel": "online",
        "topic": "funding",
        "title": "補助金の相談",
    }
    values.update(overrides)
    return values


def test_api_create_read_activity_close_delete(api, staff, make_organization):
    client = api(staff)
    organization = make_organization()
    created = client.post("/api/v1/consultations", json=body(organization, staff_id=staff.id))
    assert created.status_code == 201, created.json
    item = created.json
    assert item["hub"] == "welltech" and item["status"] == "open" and item["activities"] == []
    url = f"/api/v1/consultations/{item['id']}"

    activity = client.post(url + "/activities", json={"occurred_on": "2022-06-03", "notes": "面談"})
    assert activity.status_code == 201, activity.json
    assert activity.json["user_id"] == staff.id
    shown = client.get(url).json
    assert [a["notes"] for a in shown["activities"]] == ["面談"]
    assert client.get(url + "/activities").json["total"] == 1

    refused = client.patch(url, json={"status": "closed", "closed_on": "2022-05-01"})
    assert refused.status_code == 422
    assert refused.json == {"errors": {"closed_on": ["完了日は受付日以降の日付にしてください。"]}}
    missing = client.patch(url, json={"status": "closed"})
    assert missing.json["errors"]["closed_on"] == ["完了にするには完了日を入力してください。"]
    closed = client.patch(url, json={"status": "closed", "closed_on": "2022-06-30"})
    assert closed.status_code == 200 and closed.json["closed_on"] == "2022-06-30"
    assert closed.json["title"] == "補助金の相談"
    reopened = client.patch(url, json={"status": "open"})
    assert reopened.json["closed_on"] is None

    listed = client.get("/api/v1/consultations?fiscal_year=2022&status=open").json
    assert listed["total"] == 1 and listed["items"][0]["activities"][0]["notes"] == "面談"
    assert client.get("/api/v1/consultations?fiscal_year=2021").json["total"] == 0
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_api_refusals_store_nothing(api, staff, make_organization):
    client = api(staff)
    organization = make_organization()
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    cases = [
        (body(organization, organization_id=999999), "organization_id"),
        (body(organization, opened_on=tomorrow), "opened_on"),
        (body(organization, hub="nowhere"), "hub"),
        (body(organization, kind="visit"), "kind"),
        (body(organization, activities=[]), "activities"),
        (body(organization, staff_id="abc"), "staff_id"),
        ({"title": "件名だけ"}, "organization_id"),
    ]
    for values, field in cases:
        response = client.post("/api/v1/consultations", json=values)
        assert response.status_code == 422, (field, response.json)
        assert field in response.json["errors"], (field, response.json)
    other_hub = client.post("/api/v1/consultations", json=body(organization, hub="knic"))
    assert other_hub.status_code == 403  # K-NIC's cases are K-NIC's staff's to record
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0
    echoed = client.post("/api/v1/consultations", json=body(organization, hub="welltech"))
    assert echoed.status_code == 201


def test_api_activity_rules(api, staff, make_consultation):
    client = api(staff)
    consultation = make_consultation(opened_on=date(2022, 6, 1))
    url = f"/api/v1/consultations/{consultation.id}/activities"
    early = client.post(url, json={"occurred_on": "2022-05-31", "notes": "x"})
    assert early.status_code == 422 and "occurred_on" in early.json["errors"]
    assert client.post(url, json={"notes": "x"}).status_code == 422
    assert client.post(url, data="[", content_type="application/json").status_code == 400
    assert client.post("/api/v1/consultations/999/activities", json={}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(ConsultationActivity)) == 0


def test_api_knic_staff_forbidden(api, make_user, make_organization, make_consultation):
    consultation = make_consultation()
    client = api(make_user("staff", ["knic"]))
    assert client.get("/api/v1/consultations").json["total"] == 0  # only K-NIC's are listed
    assert client.get("/api/v1/consultations?hub=welltech").status_code == 403
    assert client.get(f"/api/v1/consultations/{consultation.id}").status_code == 403
    created = client.post("/api/v1/consultations", json=body(make_organization()))
    assert created.status_code == 403
    patched = client.patch(f"/api/v1/consultations/{consultation.id}", json={"title": "x"})
    assert patched.status_code == 403
    activity = client.post(
        f"/api/v1/consultations/{consultation.id}/activities",
        json={"occurred_on": "2022-06-02", "notes": "x"},
    )
    assert activity.status_code == 403
    assert client.delete(f"/api/v1/consultations/{consultation.id}").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 1
    manager = api(make_user("manager", []))
    assert manager.get("/api/v1/consultations").json["total"] == 1
    assert manager.post("/api/v1/consultations", json=body(make_organization())).status_code == 403


def test_api_list_query_count_is_fixed(api, staff, make_consultation, make_activity, count_queries):
    client = api(staff)
    client.get("/api/v1/consultations?per_page=1")  # the token's first use is noted once

    def seed(n):
        for _ in range(n):
            make_activity(make_consultation(), date(2022, 6, 2))

    seed(5)
    _r, five = count_queries(lambda: client.get("/api/v1/consultations?per_page=100"))
    seed(45)
    response, fifty = count_queries(lambda: client.get("/api/v1/consultations?per_page=100"))
    assert response.json["total"] == 50
    assert five == fifty, (five, fifty)


def test_api_oversized_ids_and_nul_characters_are_not_500(api, staff, make_organization):
    """Input a database would choke on answers 422/404, never 500."""
    client = api(staff)
    organization = make_organization()
    huge = 10**20
    response = client.post("/api/v1/consultations", json=body(organization, staff_id=huge))
    assert response.status_code == 422 and "staff_id" in response.json["errors"]
    assert client.post(f"/api/v1/consultations/{huge}/activities", json={}).status_code == 404
    created = client.post("/api/v1/consultations", json=body(organization, title="a\x00b"))
    assert created.status_code == 201 and created.json["title"] == "ab"
    # beyond the documented range of an id, as organization_id always was
    listed = client.get(f"/api/v1/consultations?staff_id={huge}")
    assert listed.status_code == 422 and "staff_id" in listed.json["errors"]

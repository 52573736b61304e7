"""Does the API merge as the pages do, refuse as documented, and look corporations up?"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hub_app.core.audit import AuditEntry
from hub_app.core.forms import form_from_mapping
from hub_app.extensions import db
from hub_app.kpi import closures
from hub_app.kpi.forms import CloseYearForm
from hub_app.organizations.models import Organization
from tests.kpi import records as r
from tests.registry.test_corporations import SAMPLE


def test_an_admin_merges_through_the_api(pair, make_user, api):
    kept, duplicate = pair
    response = api(make_user("admin", [])).post(
        f"/api/v1/organizations/{duplicate.id}/merge",
        json={"into": kept.id, "fields": {"website": "from"}},
    )
    assert response.status_code == 200, response.json
    assert response.json["id"] == kept.id
    assert response.json["website"] == "https://kawasaki-care.example.jp"
    assert db.session.get(Organization, duplicate.id).merged_into_id == kept.id


@pytest.mark.parametrize(
    ("who", "body", "status"),
    [
        ("staff", "kept", 403),
        ("manager", "kept", 403),
        ("admin", "itself", 422),
        ("admin", "deleted", 422),
        ("admin", "unknown", 422),
        ("admin", "bad_field", 422),
        ("admin", "closed", 409),
    ],
)
def test_refusals_store_nothing(pair, make_user, api, who, body, status):
    kept, duplicate = pair
    target = {"kept": kept.id, "itself": duplicate.id, "unknown": 99999}.get(body, kept.id)
    payload: dict = {"into": target}
    if body == "deleted":
        other = r.organization()
        other.deleted_at = kept.created_at
        payload["into"] = other.id
    if body == "bad_field":
        payload["fields"] = {"name": "both"}
    if body == "closed":
        form = form_from_mapping(CloseYearForm, {"programme": "welltech", "fiscal_year": 2022})
        closures.close_year(make_user("manager", []), form)
    client = api(make_user(who, ["welltech", "knic"]))
    changes = db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action != "access_denied")
    )
    response = client.post(f"/api/v1/organizations/{duplicate.id}/merge", json=payload)
    assert response.status_code == status, response.json
    assert db.session.get(Organization, duplicate.id).deleted_at is None
    after = db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action != "access_denied")
    )
    assert after == changes


def test_corporations_lookup(runner, make_user, api):
    assert runner.invoke(args=["import-corporations", str(SAMPLE)]).exit_code == 0
    client = api(make_user("staff", ["welltech"]))
    found = client.get("/api/v1/corporations", query_string={"q": "ｓｏｕｖｅ"}).json
    assert [c["corporate_number"] for c in found["items"]] == ["1280001007263"]
    assert found["items"][0]["address"] == "島根県安来市安来町１１９３番地"
    by_number = client.get("/api/v1/corporations", query_string={"q": "12800010"}).json
    assert by_number["total"] == 3
    assert client.get("/api/v1/corporations", query_string={"q": "ｓｏ"}).json["total"] == 0
    assert client.get("/api/v1/corporations", query_string={"limit": "0"}).status_code == 422
    assert api(make_user("viewer", [])).get("/api/v1/corporations?q=abc").status_code == 403


def test_the_openapi_document_describes_both(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    merge = paths["/organizations/{record_id}/merge"]["post"]
    assert {"200", "403", "409", "422"} <= set(merge["responses"])
    assert "q" in {p["name"] for p in paths["/corporations"]["get"]["parameters"]}

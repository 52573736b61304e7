"""Every timestamp the API serves has its offset; a wrong method says which are allowed."""

import re
from datetime import date, datetime

import pytest

from hub_app.api.resources import COLLECTIONS
from hub_app.core.export import cell
from hub_app.core.models import rfc3339

#: RFC 3339 date-time: the offset is not optional
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def timestamps(value, key=""):
    """Every (key, value) pair of a JSON document whose key names a time (…_at)."""
    if isinstance(value, dict):
        for name, inner in value.items():
            yield from timestamps(inner, name)
    elif isinstance(value, list):
        for inner in value:
            yield from timestamps(inner, key)
    elif key.endswith("_at") and value is not None:
        yield key, value


def test_the_helper_writes_utc_with_z():
    assert rfc3339(datetime(2022, 6, 1, 1, 0)) == "2022-06-01T01:00:00.000000Z"
    assert rfc3339(None) is None


@pytest.fixture
def demo_admin(app, api, make_user):
    from hub_app.demo import build_demo_data

    build_demo_data()
    from hub_app.extensions import db

    db.session.commit()
    return api(make_user("admin", hubs=("welltech", "knic")))


def test_every_record_and_collection_serves_offsets(demo_admin):
    seen = set()
    for name in COLLECTIONS:
        listed = demo_admin.get(f"/api/v1/{name}?per_page=100").json
        assert listed["items"], name
        for key, value in timestamps(listed):
            assert RFC3339.fullmatch(value), (name, key, value)
            seen.add(key)
        first = listed["items"][0]["id"]
        for key, value in timestamps(demo_admin.get(f"/api/v1/{name}/{first}").json):
            assert RFC3339.fullmatch(value), (name, key, value)
    assert {"created_at", "updated_at"} <= seen


def test_a_year_close_serves_offsets(demo_admin):
    closed = demo_admin.post("/api/v1/programmes/night_economy/years/2022/close")
    assert closed.status_code == 201, closed.text
    assert RFC3339.fullmatch(closed.json["closed_at"])
    reopened = demo_admin.post("/api/v1/programmes/night_economy/years/2022/reopen").json
    assert RFC3339.fullmatch(reopened["reopened_at"])


def test_exports_keep_iso_dates_and_write_times_in_japan_time_with_offset():
    assert cell(date(2022, 4, 1)) == "2022-04-01"
    assert cell(datetime(2022, 6, 1, 1, 0, 5, 123)) == "2022-06-01T10:00:05+09:00"


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("TRACE", "/api/v1/consultations", {"GET", "POST"}),
        ("PUT", "/api/v1/consultations/1", {"GET", "PATCH", "DELETE"}),
        ("DELETE", "/api/v1/health", {"GET"}),
        ("POST", "/api/v1/programmes", {"GET"}),
        ("PATCH", "/login", {"GET", "POST"}),
    ],
)
def test_405_names_the_allowed_methods(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}
    if path.startswith("/api/"):
        assert response.is_json


def test_activities_document_their_404(client):
    document = client.get("/api/v1/openapi.json").json
    for method in ("get", "post"):
        responses = document["paths"]["/consultations/{record_id}/activities"][method]["responses"]
        assert {"404", "401", "403"} <= set(responses)

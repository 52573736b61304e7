"""Input that breaks naive apps: never a 500, a Japanese message, nothing stored."""

from __future__ import annotations

from sqlalchemy import select

from hub_app.extensions import db
from hub_app.organizations.models import Organization
from tests.factories import post_form


def test_nul_bytes_dropped_from_form_values(client, login, make_user):
    """PostgreSQL cannot store NUL in text: forms drop it rather than the database failing."""
    login(make_user("staff"))
    response = post_form(client, "/organizations/new", {"name": "ヌル\x00会社", "kind": "sme"})
    assert response.status_code == 302
    assert db.session.scalars(select(Organization.name)).all() == ["ヌル会社"]


def test_nul_bytes_in_search_and_sign_in(client, login, make_user):
    response = post_form(client, "/login", {"email": "a\x00@example.jp", "password": "x" * 12})
    assert response.status_code == 200 and "パスワードが違います" in response.text
    login(make_user("staff"))
    refused = client.get("/organizations", query_string={"q": "a\x00b"})
    assert refused.status_code == 400 and "使用できない文字" in refused.text
    assert client.get("/organizations/%00").status_code in (400, 404)
    client_api = client.get("/api/v1/organizations", query_string={"kind": "\x00"})
    assert client_api.status_code in (400, 401)


def test_nul_bytes_through_the_api(api, make_user):
    client = api(make_user("staff"))
    response = client.post(
        "/api/v1/organizations", json={"name": "a\x00b", "kind": "sme", "skills_wanted": []}
    )
    assert response.status_code == 201 and response.json["name"] == "ab"


def test_unexpected_error_is_a_japanese_500_page(app, client, login, make_user):
    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/_broken", "broken", broken)
    app.add_url_rule("/api/v1/_broken", "api_broken", broken)
    login(make_user("staff"))
    page = client.get("/_broken")
    assert page.status_code == 500 and "システムエラー" in page.text
    assert "boom" not in page.text and "Traceback" not in page.text
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    api_error = client.get("/api/v1/_broken")
    assert api_error.status_code == 500 and api_error.json["errors"]


def test_unknown_method_and_huge_body(client, login, make_user):
    login(make_user("staff"))
    assert client.delete("/organizations").status_code == 405
    huge = client.post("/organizations/new", data={"name": "x" * (21 * 1024 * 1024)})
    assert huge.status_code == 413 and "大きすぎます" in huge.text

"""The organisation registry through pages and the API."""

from datetime import timedelta

from sqlalchemy import select

from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.organizations.names import corporate_number_valid, name_key
from tests.factories import post_form


def test_name_key_treats_legal_forms_width_and_spaces_alike():
    assert name_key("㈱ ケアテック") == name_key("株式会社ケアテック") == name_key("ｹｱﾃｯｸ株式会社")
    assert name_key("ケアテック") != name_key("ケアテック川崎")


def test_corporate_number_check_digit():
    assert corporate_number_valid("7000012050002")
    assert not corporate_number_valid("8000012050002")
    assert not corporate_number_valid("700001205000")


def test_staff_creates_organization_and_audit_row_is_written(client, login, make_user):
    user = make_user("staff", ["welltech"])
    login(user)
    response = post_form(
        client,
        "/organizations/new",
        {"name": "株式会社ケアテック", "kind": "sme", "corporate_number": "7000012050002"},
    )
    assert response.status_code == 302
    organization = db.session.scalars(select(Organization)).one()
    assert organization.corporate_number == "7000012050002"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "organization")).one()
    assert entry.action == "create" and entry.user_id == user.id
    assert entry.changes["name"] == [None, "株式会社ケアテック"]


def test_duplicate_name_refused_with_link_to_existing(client, login, make_user, make_organization):
    existing = make_organization("株式会社ケアテック")
    login(make_user("staff"))
    response = post_form(client, "/organizations/new", {"name": "㈱ ケアテック", "kind": "sme"})
    assert response.status_code == 409
    assert f"/organizations/{existing.id}" in response.text
    assert db.session.scalar(select(db.func.count()).select_from(Organization)) == 1


def test_bad_check_digit_shown_next_to_field(client, login, make_user):
    login(make_user("staff"))
    response = post_form(
        client,
        "/organizations/new",
        {"name": "新しい会社", "kind": "sme", "corporate_number": "8000012050002"},
    )
    assert response.status_code == 422
    assert "チェックデジット" in response.text
    assert db.session.scalar(select(db.func.count()).select_from(Organization)) == 0


def test_api_crud_and_errors(api, make_user):
    client = api(make_user("staff", ["knic"]))
    created = client.post(
        "/api/v1/organizations",
        json={"name": "スタートアップA", "kind": "startup", "skills_wanted": ["finance"]},
    )
    assert created.status_code == 201, created.json
    body = created.json
    assert body["skills_wanted"] == ["finance"] and body["in_city"] is False
    assert (
        client.post("/api/v1/organizations", json={"name": "x", "kind": "nope"}).status_code == 422
    )
    assert client.post(
        "/api/v1/organizations", json={"name": "y", "kind": "sme", "colour": 1}
    ).json == {"errors": {"colour": ["この項目はありません。"]}}
    assert (
        client.post("/api/v1/organizations", data="{", content_type="application/json").status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/organizations", json={"name": "スタートアップＡ", "kind": "sme"}
        ).status_code
        == 409
    )
    patched = client.patch(f"/api/v1/organizations/{body['id']}", json={"in_city": True})
    assert patched.status_code == 200 and patched.json["in_city"] is True
    assert patched.json["skills_wanted"] == ["finance"]
    listed = client.get("/api/v1/organizations?per_page=1").json
    assert listed["total"] == 1 and listed["page"] == 1
    assert client.delete(f"/api/v1/organizations/{body['id']}").status_code == 204
    assert client.get(f"/api/v1/organizations/{body['id']}").status_code == 404


def test_api_requires_token(client):
    assert client.get("/api/v1/health").json == {"status": "ok", "database": "ok"}
    assert client.get("/api/v1/organizations").status_code == 401
    assert (
        client.get("/api/v1/organizations", headers={"Authorization": "Bearer nope"}).status_code
        == 401
    )


def test_api_token_stamped_by_reads_and_writes(app, api, make_user):
    """The token list shows its last use: a read counts as a use too (at most once a minute)."""
    from hub_app.auth.models import ApiToken

    client = api(make_user("staff"))
    assert db.session.scalars(select(ApiToken.last_used_at)).one() is None
    assert client.get("/api/v1/organizations").status_code == 200
    db.session.expire_all()
    first = db.session.scalars(select(ApiToken.last_used_at)).one()
    assert first is not None
    app.config["LAST_SEEN_INTERVAL"] = timedelta(0)
    assert (
        client.post("/api/v1/organizations", json={"name": "印", "kind": "sme"}).status_code == 201
    )
    db.session.expire_all()
    assert db.session.scalars(select(ApiToken.last_used_at)).one() >= first


def test_api_error_shapes(api, make_user, make_organization):
    """Each refusal of DESIGN §7 answers its status with {"errors": {field: [...]}}."""
    organization = make_organization("既存API株式会社", corporate_number="7000012050002")
    staff = api(make_user("staff", ["welltech"]))
    unknown = staff.get("/api/v1/organizations/99999")
    assert unknown.status_code == 404 and unknown.json["errors"]
    assert staff.patch("/api/v1/organizations/99999", json={}).status_code == 404
    duplicate = staff.patch(
        f"/api/v1/organizations/{make_organization('別会社').id}",
        json={"corporate_number": "7000012050002"},
    )
    assert duplicate.status_code == 409 and "corporate_number" in duplicate.json["errors"]
    wrong_type = staff.patch(f"/api/v1/organizations/{organization.id}", json={"in_city": "yes"})
    assert wrong_type.status_code == 422 and "in_city" in wrong_type.json["errors"]
    not_object = staff.post("/api/v1/organizations", json=["a list"])
    assert not_object.status_code == 400
    assert staff.get("/api/v1/organizations?per_page=1000").json["per_page"] == 100
    assert staff.get("/api/v1/organizations?page=50").json["items"] == []
    viewer = api(make_user("viewer", []))
    assert viewer.get("/api/v1/organizations").status_code == 403
    manager = api(make_user("manager", ["welltech", "knic"]))
    assert manager.get("/api/v1/organizations").json["total"] == 2
    assert manager.delete(f"/api/v1/organizations/{organization.id}").status_code == 403
    assert staff.delete(f"/api/v1/organizations/{organization.id}").status_code == 204
    assert staff.delete(f"/api/v1/organizations/{organization.id}").status_code == 404
    db.session.refresh(organization)
    assert organization.deleted_at is not None


def test_api_refusals_are_audited(client, api, make_user):
    from hub_app.core.audit import AuditEntry

    client.get("/api/v1/organizations")  # no token at all: refused, not worth a row
    client.get("/api/v1/organizations", headers={"Authorization": "Bearer stolen-or-revoked"})
    viewer = make_user("viewer", [])
    api(viewer).get("/api/v1/organizations")
    rows = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "access_denied").order_by(AuditEntry.id)
    ).all()
    assert [(r.user_id, r.note[:3]) for r in rows] == [(None, "401"), (viewer.id, "403")]

"""Who gets in where: every non-public URL refuses anonymous visitors; roles see what §6 allows."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from werkzeug.routing import AnyConverter, IntegerConverter

from hub_app.core.audit import AuditEntry
from hub_app.core.models import utcnow
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from tests.factories import csrf_token

#: the calendar feed answers a calendar service without a session: its secret URL is the
#: credential (a wrong one is 404, tests/bookings/test_pages_and_feed.py)
PUBLIC_ENDPOINTS = {"static", "auth.login", "api.health", "api.openapi", "calendar_feeds.ics"}
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
#: JSON that a page's script asks for with the session: a sign-in page would be no answer
SCRIPT_JSON = ("/organizations/picker",)


def _sample_url(rule) -> str:
    """A concrete URL for a rule: ids become 1, choices their first option."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = "x"
    return rule.build(values, append_unknown=False)[1]


def _protected_routes(app) -> list[tuple[str, str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, _sample_url(rule)))
    return routes


def test_every_non_public_url_refuses_anonymous_visitors(app, client):
    """Pages send anonymous visitors to /login; the API and the pages' scripts' JSON answer
    401; nothing slips through."""
    routes = _protected_routes(app)
    assert len(routes) >= 20  # the whole url_map, including later domains' pages
    token = csrf_token(client, "/login")  # a valid token: the refusal must be the sign-in
    failures = []
    for endpoint, method, url in routes:
        data = {"csrf_token": token} if method in WRITE_METHODS else None
        response = client.open(url, method=method, data=data)
        if url.startswith("/api/") or url in SCRIPT_JSON:
            ok = response.status_code == 401 and "errors" in (response.json or {})
        else:
            location = response.headers.get("Location", "")
            ok = response.status_code == 302 and location.startswith("/login")
        if not ok:
            failures.append((endpoint, method, url, response.status_code))
    assert failures == []
    assert db.session.scalar(select(db.func.count()).select_from(Organization)) == 0


def test_public_pages_answer_anonymous_visitors(client):
    assert client.get("/login").status_code == 200
    assert client.get("/api/v1/health").json == {"status": "ok", "database": "ok"}
    with client.get("/static/css/app.css") as stylesheet:
        assert stylesheet.status_code == 200


def test_dashboard_sends_anonymous_visitor_to_login_and_back(client, login, make_user):
    response = client.get("/organizations?q=abc")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    user = make_user("staff")
    token = csrf_token(client, response.headers["Location"])
    signed_in = client.post(
        response.headers["Location"],
        data={"email": user.email, "password": "kawasaki-welltech-2022", "csrf_token": token},
    )
    assert signed_in.headers["Location"] == "/organizations?q=abc"


# --- role × endpoint matrix -------------------------------------------------------------

ROLES = {
    "admin": ("admin", []),
    "manager": ("manager", ["welltech", "knic"]),
    "staff_welltech": ("staff", ["welltech"]),
    "staff_knic": ("staff", ["knic"]),
    "viewer": ("viewer", []),
}

ADMIN_PAGES = ["/admin/users", "/admin/users/new", "/admin/audit", "/admin/users/{own}"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_only_for_admins(client, login, make_user, role, path):
    """Can anyone but an admin open the administration pages?"""
    user = make_user(*ROLES[role])
    login(user)
    response = client.get(path.format(own=user.id))
    assert response.status_code == (200 if role == "admin" else 403)
    if role != "admin":
        assert "権限がありません" in response.text


@pytest.mark.parametrize("role", ROLES)
def test_admin_writes_only_for_admins(client, login, make_user, role):
    """Can a non-admin deactivate someone or reset a password by posting directly?"""
    victim = make_user("staff", ["knic"])
    before = victim.password_hash
    login(make_user(*ROLES[role]))
    token = csrf_token(client, "/")  # the sign-out form carries a token on every page
    deactivated = client.post(f"/admin/users/{victim.id}/deactivate", data={"csrf_token": token})
    reset = client.post(
        f"/admin/users/{victim.id}/password",
        data={"csrf_token": token, "new_password": "a-brand-new-passphrase"},
    )
    created = client.post(
        "/admin/users/new",
        data={
            "csrf_token": token,
            "email": f"new-{role}@example.jp",
            "name": "新規",
            "role": "admin",
            "password": "a-brand-new-passphrase",
        },
    )
    db.session.refresh(victim)
    if role == "admin":
        assert (deactivated.status_code, reset.status_code, created.status_code) == (302,) * 3
        assert victim.active is False and victim.password_hash != before
    else:
        assert (deactivated.status_code, reset.status_code, created.status_code) == (403,) * 3
        assert victim.active is True and victim.password_hash == before
        assert (
            db.session.scalar(
                select(db.func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "access_denied")
            )
            == 3
        )


# read, create, edit, delete, restore (a deleted record is invisible to non-admins: 404)
REGISTRY = {
    "admin": (200, 302, 302, 302, 302),
    "manager": (200, 403, 403, 403, 404),
    "staff_welltech": (200, 302, 302, 302, 404),
    "staff_knic": (200, 302, 302, 302, 404),
    "viewer": (403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role", ROLES)
def test_organization_registry_by_role(client, login, make_user, make_organization, role):
    """Staff of either hub and admins write the shared registry; managers read; viewers don't."""
    login(make_user(*ROLES[role]))
    existing = make_organization("既存の会社")
    deleted = make_organization("削除された会社")
    deleted.deleted_at = utcnow()
    db.session.commit()
    token = csrf_token(client, "/account/password")
    statuses = (
        client.get("/organizations").status_code,
        client.post(
            "/organizations/new", data={"csrf_token": token, "name": "新会社", "kind": "sme"}
        ).status_code,
        client.post(
            f"/organizations/{existing.id}/edit",
            data={"csrf_token": token, "name": "既存の会社 改", "kind": "sme"},
        ).status_code,
        client.post(f"/organizations/{existing.id}/delete", data={"csrf_token": token}).status_code,
        client.post(f"/organizations/{deleted.id}/restore", data={"csrf_token": token}).status_code,
    )
    assert statuses == REGISTRY[role]
    names = set(
        db.session.scalars(select(Organization.name).where(Organization.deleted_at.is_(None)))
    )
    if role == "admin" or role.startswith("staff"):
        assert "新会社" in names
    else:
        assert names == {"既存の会社"}


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_registry_api_writes_refused_by_role(api, make_user, role):
    client = api(make_user(*ROLES[role]))
    response = client.post("/api/v1/organizations", json={"name": "APIの会社", "kind": "sme"})
    assert response.status_code == 403
    assert response.json["errors"]
    assert db.session.scalar(select(db.func.count()).select_from(Organization)) == 0


def test_refused_page_is_audited(client, login, make_user):
    viewer = make_user("viewer", [])
    login(viewer)
    assert client.get("/admin/users").status_code == 403
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "access_denied")).one()
    assert entry.user_id == viewer.id and "/admin/users" in entry.note

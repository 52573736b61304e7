"""The administration pages: users, roles and hubs, deactivation, password resets."""

from __future__ import annotations

from sqlalchemy import select

from hub_app.auth.models import User
from hub_app.auth.passwords import verify_password
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from tests.factories import PASSWORD, post_form

NEW_USER = {
    "email": "Suzuki@Example.jp",
    "name": "鈴木 花子",
    "role": "staff",
    "hubs": ["knic"],
    "active": "y",
    "password": "nakahara-spring-2023-lab",
}


def _user_audit(user_id: int) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "user", AuditEntry.entity_id == user_id)
            .order_by(AuditEntry.id)
        )
    )


def test_admin_creates_user_who_can_sign_in(app, client, login, make_user):
    admin = make_user("admin", [])
    login(admin)
    response = post_form(client, "/admin/users/new", NEW_USER)
    assert response.status_code == 302, response.text
    user = db.session.scalars(select(User).where(User.email == "suzuki@example.jp")).one()
    assert user.role == "staff" and user.hub_codes == ["knic"] and user.active
    assert user.password_hash.startswith("$argon2id$")
    entry = _user_audit(user.id)[0]
    assert entry.action == "create" and entry.user_id == admin.id
    assert entry.changes["role"] == [None, "staff"] and "password" not in str(entry.changes)
    assert "suzuki@example.jp" in client.get("/admin/users").text
    newcomer = app.test_client()
    signed_in = post_form(
        newcomer, "/login", {"email": "suzuki@example.jp", "password": NEW_USER["password"]}
    )
    assert signed_in.status_code == 302


def test_create_user_errors_next_to_fields_in_japanese(client, login, make_user):
    login(make_user("admin", []))
    response = post_form(
        client,
        "/admin/users/new",
        {**NEW_USER, "email": "not-an-email", "password": "short", "hubs": []},
    )
    assert response.status_code == 422
    assert "メールアドレスの形式が正しくありません" in response.text
    staff_without_hub = post_form(client, "/admin/users/new", {**NEW_USER, "hubs": []})
    assert staff_without_hub.status_code == 422
    assert "少なくとも一つの拠点" in staff_without_hub.text
    weak = post_form(client, "/admin/users/new", {**NEW_USER, "password": "short"})
    assert weak.status_code == 422 and "12文字以上" in weak.text
    assert 'id="password-errors"' in weak.text  # the message sits at the password field
    taken = post_form(client, "/admin/users/new", {**NEW_USER, "email": client_email(client)})
    assert taken.status_code == 409 and "すでに登録されています" in taken.text
    assert db.session.scalar(select(User).where(User.name == "鈴木 花子")) is None


def client_email(client) -> str:
    return db.session.scalars(select(User.email).where(User.role == "admin")).first()


def test_admin_sets_role_and_hubs(client, login, make_user):
    login(make_user("admin", []))
    user = make_user("staff", ["welltech"])
    response = post_form(
        client,
        f"/admin/users/{user.id}",
        {"email": user.email, "name": user.name, "role": "manager", "hubs": ["welltech", "knic"]},
        form_path=f"/admin/users/{user.id}",
    )
    assert response.status_code == 302, response.text
    db.session.refresh(user)
    assert user.role == "manager" and user.hub_codes == ["knic", "welltech"]
    assert user.active is False  # an unticked checkbox means inactive, as the form shows
    changes = _user_audit(user.id)[-1].changes
    assert changes["role"] == ["staff", "manager"]
    assert changes["hubs"] == [["welltech"], ["knic", "welltech"]]


def test_admin_cannot_demote_or_deactivate_themselves(client, login, make_user):
    admin = make_user("admin", [])
    login(admin)
    response = post_form(
        client,
        f"/admin/users/{admin.id}",
        {"email": admin.email, "name": admin.name, "role": "viewer", "active": "y"},
    )
    assert response.status_code == 422 and "自分自身" in response.text
    db.session.refresh(admin)
    assert admin.role == "admin"


def test_admin_deactivates_user(app, client, login, make_user):
    login(make_user("admin", []))
    user = make_user("staff")
    victim = app.test_client()
    login(user, test_client=victim)
    response = post_form(client, f"/admin/users/{user.id}/deactivate", {}, "/admin/users")
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.active is False
    assert _user_audit(user.id)[-1].changes == {"active": [True, False]}
    assert victim.get("/").status_code == 302
    again = post_form(app.test_client(), "/login", {"email": user.email, "password": PASSWORD})
    assert again.status_code == 200 and "パスワードが違います" in again.text


def test_admin_resets_password(app, client, login, make_user):
    admin = make_user("admin", [])
    login(admin)
    user = make_user("staff")
    victim = app.test_client()
    login(user, test_client=victim)
    refused = post_form(
        client,
        f"/admin/users/{user.id}/password",
        {"new_password": "abc"},
        f"/admin/users/{user.id}",
    )
    assert refused.status_code == 422 and "12文字以上" in refused.text
    response = post_form(
        client,
        f"/admin/users/{user.id}/password",
        {"new_password": "kosugi-tower-view-2024"},
        f"/admin/users/{user.id}",
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, "kosugi-tower-view-2024")
    entry = _user_audit(user.id)[-1]
    assert entry.action == "password_change" and entry.user_id == admin.id
    assert victim.get("/").status_code == 302  # their sessions ended


def test_unknown_user_is_404(client, login, make_user):
    login(make_user("admin", []))
    assert client.get("/admin/users/9999").status_code == 404

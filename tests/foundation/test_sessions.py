"""Sign-in, sessions and the ways a session ends (DESIGN §6)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from hub_app.auth.models import User
from hub_app.core.audit import AuditEntry
from hub_app.core.models import utcnow
from hub_app.extensions import db
from tests.factories import PASSWORD, csrf_token, post_form

NEW_PASSWORD = "a-much-longer-secret-phrase"


def _cookie(client) -> str:
    cookie = client.get_cookie("hub_app_session")
    assert cookie is not None
    return cookie.value


def _replay(app, cookie_value: str):
    """A second browser that copied the session cookie."""
    thief = app.test_client()
    thief.set_cookie("hub_app_session", cookie_value)
    return thief.get("/")


def _actions(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_sign_in_shows_dashboard_and_is_audited(client, login, make_user):
    user = make_user("staff", ["welltech"])
    login(user)
    page = client.get("/")
    assert page.status_code == 200 and f"{user.name}さんのダッシュボード" in page.text
    assert [e.user_id for e in _actions("login")] == [user.id]


def test_wrong_password_shown_next_to_field_and_audited(client, make_user):
    user = make_user("staff")
    response = post_form(client, "/login", {"email": user.email, "password": "wrong-password!"})
    assert response.status_code == 200
    assert "メールアドレスまたはパスワードが違います" in response.text
    assert client.get("/").status_code == 302
    assert [e.note for e in _actions("login_failed")] == [user.email]


def test_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user("staff", active=False)
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 200 and "パスワードが違います" in response.text


def test_replayed_cookie_refused_after_sign_out(app, client, login, make_user):
    login(make_user("staff"))
    copied = _cookie(client)
    assert _replay(app, copied).status_code == 200
    response = post_form(client, "/logout", {}, form_path="/")
    assert response.status_code == 302
    assert _replay(app, copied).status_code == 302
    assert client.get("/").status_code == 302
    assert len(_actions("logout")) == 1


def test_replayed_cookie_refused_after_password_change(app, client, login, make_user):
    user = make_user("staff")
    login(user)
    copied = _cookie(client)
    other_device = app.test_client()
    login(user, test_client=other_device)
    response = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this browser carries on
    assert _replay(app, copied).status_code == 302
    assert other_device.get("/").status_code == 302
    assert [e.entity_id for e in _actions("password_change")] == [user.id]


def test_password_change_refusals_stay_on_the_form(client, login, make_user):
    user = make_user("staff")
    login(user)
    wrong = post_form(
        client,
        "/account/password",
        {
            "current_password": "not-my-password",
            "new_password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 422 and "現在のパスワードが違います" in wrong.text
    short = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    )
    assert short.status_code == 422 and "12文字以上" in short.text
    db.session.refresh(user)
    assert _actions("password_change") == []


def test_replayed_cookie_refused_after_deactivation(app, client, login, make_user):
    user = make_user("staff")
    login(user)
    copied = _cookie(client)
    admin_client = app.test_client()
    login(make_user("admin", []), test_client=admin_client)
    response = post_form(
        admin_client, f"/admin/users/{user.id}/deactivate", {}, form_path="/admin/users"
    )
    assert response.status_code == 302
    assert _replay(app, copied).status_code == 302
    assert client.get("/organizations").status_code == 302


def test_idle_timeout_ends_session(app, client, login, make_user):
    login(make_user("staff"))
    with client.session_transaction() as session:
        session["seen_at"] = (utcnow() - timedelta(minutes=31)).isoformat()
    response = client.get("/organizations")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    follow = client.get(response.headers["Location"])
    assert "一定時間操作がなかったため" in follow.text
    assert client.get("/").status_code == 302  # the session is gone, not just this request


def test_idle_timeout_is_configurable(app, client, login, make_user):
    app.config["SESSION_IDLE_TIMEOUT"] = timedelta(minutes=5)
    login(make_user("staff"))
    with client.session_transaction() as session:
        session["seen_at"] = (utcnow() - timedelta(minutes=4)).isoformat()
    assert client.get("/").status_code == 200  # activity pushes the idle window on
    with client.session_transaction() as session:
        session["seen_at"] = (utcnow() - timedelta(minutes=6)).isoformat()
    assert client.get("/").status_code == 302


def test_absolute_timeout_ends_busy_session(client, login, make_user):
    login(make_user("staff"))
    with client.session_transaction() as session:
        session["login_at"] = (utcnow() - timedelta(hours=12, minutes=1)).isoformat()
    assert client.get("/").status_code == 302


def test_session_without_timestamps_is_refused(client, login, make_user):
    login(make_user("staff"))
    with client.session_transaction() as session:
        session.pop("login_at")
    assert client.get("/").status_code == 302


def test_sign_in_starts_a_new_session(client, make_user):
    user = make_user("staff")
    with client.session_transaction() as session:
        session["planted"] = "by-someone-else"
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == f"{user.id}:{db.session.get(User, user.id).session_token}"


# --- the `next` parameter ---------------------------------------------------------------

PAYLOADS = [
    "//evil.example",
    "//evil.example/organizations",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "https://evil.example",
    "http:evil.example",
    "https:/evil.example",
    "///evil.example",
    "/\t/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "/login?next=//evil.example",
]


def _stays_on_site(location: str) -> bool:
    parts = urlsplit(location)
    return (
        parts.scheme in ("", "http")
        and parts.netloc in ("", "localhost")
        and location.startswith("/")
        and not location.startswith("//")
        and "\\" not in location
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_next_never_leaves_the_site(client, make_user, payload):
    user = make_user("staff")
    token = csrf_token(client, "/login")
    response = client.post(
        "/login",
        query_string={"next": payload},
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert _stays_on_site(location), location
    # and once signed in, /login?next=… redirects the same way
    again = client.get("/login", query_string={"next": payload})
    assert _stays_on_site(again.headers["Location"]), again.headers["Location"]


def test_next_keeps_local_paths_with_query(client, make_user):
    user = make_user("staff")
    token = csrf_token(client, "/login")
    response = client.post(
        "/login?next=/organizations%3Fq%3D%E5%B7%9D%E5%B4%8E",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/organizations?q=%E5%B7%9D%E5%B4%8E"

"""CSRF, sign-in throttling, the password policy and hash, headers and cookie flags."""

from __future__ import annotations

import multiprocessing
import re
from datetime import timedelta

import pytest
from argon2 import extract_parameters
from sqlalchemy import select

from hub_app.auth import passwords
from hub_app.auth.models import LoginAttempt
from hub_app.core.audit import AuditEntry
from hub_app.core.models import utcnow
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from tests.factories import PASSWORD, csrf_token, post_form
from tests.foundation import workers


def _count(model, *where) -> int:
    return db.session.scalar(select(db.func.count()).select_from(model).where(*where))


# --- CSRF -------------------------------------------------------------------------------


def test_post_without_csrf_token_refused_in_japanese(client, login, make_user):
    login(make_user("staff"))
    response = client.post("/organizations/new", data={"name": "偽の会社", "kind": "sme"})
    assert response.status_code == 400
    assert "不正な送信です" in response.text and 'lang="ja"' in response.text
    assert _count(Organization) == 0


def test_post_with_forged_csrf_token_refused(client, login, make_user):
    login(make_user("staff"))
    response = client.post(
        "/organizations/new", data={"name": "偽の会社", "kind": "sme", "csrf_token": "forged"}
    )
    assert response.status_code == 400
    assert _count(Organization) == 0


def test_csrf_token_of_another_session_refused(app, client, login, make_user):
    other = app.test_client()
    foreign_token = csrf_token(other, "/login")
    login(make_user("staff"))
    response = client.post(
        "/organizations/new", data={"name": "偽の会社", "kind": "sme", "csrf_token": foreign_token}
    )
    assert response.status_code == 400
    assert _count(Organization) == 0


def test_sign_out_and_sign_in_need_csrf(client, login, make_user):
    user = make_user("staff")
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 400
    )
    login(user)
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200  # still signed in: the forged sign-out failed


# --- throttling -------------------------------------------------------------------------


def _fail(client, email: str, address: str = "127.0.0.1"):
    token = csrf_token(client, "/login")
    return client.post(
        "/login",
        data={"email": email, "password": "not-the-password", "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )


def test_ten_failures_for_an_account_then_429(client, make_user):
    user = make_user("staff")
    for number in range(10):
        assert _fail(client, user.email, f"10.0.0.{number}").status_code == 200
    token = csrf_token(client, "/login")
    blocked = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "10.0.1.1"},
    )
    assert blocked.status_code == 429
    assert "しばらく" in blocked.text and 'lang="ja"' in blocked.text
    assert client.get("/").status_code == 302  # even the right password did not sign in
    assert _count(AuditEntry, AuditEntry.action == "login_failed") == 10
    assert _count(AuditEntry, AuditEntry.action == "login_throttled") == 1


def test_ten_failures_from_an_address_then_429(client, make_user):
    user = make_user("staff")
    for number in range(10):
        _fail(client, f"nobody{number}@example.jp", "192.0.2.7")
    assert _fail(client, user.email, "192.0.2.7").status_code == 429
    # another address may still sign in to that account
    token = csrf_token(client, "/login")
    ok = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "192.0.2.8"},
    )
    assert ok.status_code == 302


def test_nine_failures_still_let_the_owner_in(client, make_user):
    user = make_user("staff")
    for _ in range(9):
        _fail(client, user.email)
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_failures_older_than_the_window_do_not_count(client, make_user):
    user = make_user("staff")
    old = utcnow() - timedelta(minutes=16)
    for _ in range(12):
        db.session.add(
            LoginAttempt(
                email=user.email, remote_addr="127.0.0.1", succeeded=False, attempted_at=old
            )
        )
    db.session.commit()
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_throttle_count_is_shared_between_processes(app, client, make_user, db_url):
    """Two other worker processes each fail five times: the limit holds across all three."""
    email = make_user("staff").email
    db.session.commit()  # outside a request the session writes (BEGIN IMMEDIATE): end it
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        statuses = pool.starmap(workers.fail_sign_ins, [(db_url, email, 5)] * 2)
    assert statuses == [[200] * 5, [200] * 5]
    assert _count(LoginAttempt, LoginAttempt.email == email) == 10
    response = post_form(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 429


# --- passwords --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, reason",
    [
        ("short-pass1", "12文字以上"),
        ("", "12文字以上"),
        ("password1234", "よく使われる"),
        ("qwerty123456", "よく使われる"),
        ("Baseball2024!", "よく使われる"),
        ("aaaaaaaaaaaaaaaa", "よく使われる"),
        ("x" * 257, "256文字以内"),
    ],
)
def test_password_policy_refuses(password, reason):
    problems = passwords.policy_errors(password, "someone@example.jp")
    assert problems and reason in problems[0]


def test_password_policy_accepts_long_uncommon_passphrases():
    assert passwords.policy_errors("川崎の福祉テック2022年度", "a@example.jp") == []
    assert passwords.policy_errors("correct horse battery staple", "a@example.jp") == []


def test_password_hash_is_argon2id_at_owasp_strength(strong_password_hashing):
    stored = passwords.hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    parameters = extract_parameters(stored)
    assert parameters.memory_cost >= 19456 and parameters.time_cost >= 2
    assert passwords.verify_password(stored, "correct horse battery staple")
    assert not passwords.verify_password(stored, "correct horse battery stapler")
    assert not passwords.verify_password("not-a-hash", "anything")


def test_weak_hash_is_upgraded_at_sign_in(client, make_user, strong_password_hashing):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    user = make_user("staff", password_hash=weak)
    assert (
        post_form(client, "/login", {"email": user.email, "password": PASSWORD}).status_code == 302
    )
    db.session.refresh(user)
    assert extract_parameters(user.password_hash).memory_cost >= 19456


# --- headers and cookies ----------------------------------------------------------------


def _check_headers(response) -> None:
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert re.search(r"script-src 'self'(;|$)", policy)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in (
        "same-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    )


def test_security_headers_on_pages_and_errors(client, login, make_user):
    _check_headers(client.get("/login"))
    _check_headers(client.get("/organizations"))  # redirect
    _check_headers(client.post("/login", data={}))  # CSRF 400
    _check_headers(client.get("/api/v1/health"))
    _check_headers(client.get("/api/v1/organizations"))  # 401
    login(make_user("viewer", []))
    _check_headers(client.get("/admin/users"))  # 403
    _check_headers(client.get("/no-such-page"))  # 404
    assert "ページが見つかりません" in client.get("/no-such-page").text


def test_no_inline_script_or_style_in_pages(client, login, make_user, make_organization):
    login(make_user("admin", []))
    organization = make_organization("株式会社テスト")
    for path in (
        "/",
        "/organizations",
        "/organizations/new",
        f"/organizations/{organization.id}",
        "/admin/users",
        "/admin/audit",
        "/admin/users/new",
        "/account/password",
    ):
        page = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), path
        assert " style=" not in page and "<style" not in page, path
        assert not re.search(r"\son[a-z]+=", page), path


def test_session_cookie_flags(client, make_user):
    user = make_user("staff")
    post_form(client, "/login", {"email": user.email, "password": PASSWORD})
    header = _last_set_cookie(client.get("/"))
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" not in header  # plain http in development


def test_session_cookie_secure_over_https(app, make_user):
    user = make_user("staff")
    secure = app.test_client()
    page = secure.get("/login", base_url="https://localhost")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    response = secure.post(
        "/login",
        base_url="https://localhost",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        headers={"Referer": "https://localhost/login"},
    )
    assert response.status_code == 302
    header = _last_set_cookie(response)
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header


def _last_set_cookie(response) -> str:
    cookies = [
        v for v in response.headers.getlist("Set-Cookie") if v.startswith("hub_app_session=")
    ]
    assert cookies, response.headers
    return cookies[-1]

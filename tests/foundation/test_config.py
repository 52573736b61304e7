"""Configuration a new install relies on: the generated secret key, proxies, HTTPS."""

from __future__ import annotations

import multiprocessing
import re
import stat

from sqlalchemy import select

from hub_app import create_app
from hub_app.auth.models import LoginAttempt
from hub_app.config import load_secret_key
from hub_app.extensions import db


def test_secret_key_generated_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_secret_key(str(tmp_path))
    assert len(first) == 64 and load_secret_key(str(tmp_path)) == first
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary left behind


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert load_secret_key(str(tmp_path)) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_workers_starting_together_share_one_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        keys = pool.map(load_secret_key, [str(tmp_path)] * 8)
    assert len(set(keys)) == 1 and keys[0] == (tmp_path / "secret_key").read_text()


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_behind_a_trusted_proxy_the_visitor_address_is_counted(app, db_url, tmp_path):
    proxied = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": db_url,
            "TRUSTED_PROXIES": 1,
        }
    )
    client = proxied.test_client()
    headers = {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https"}
    page = client.get("/login", headers=headers)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    headers["Referer"] = "https://localhost/login"  # Flask-WTF checks it over HTTPS
    response = client.post(
        "/login",
        headers=headers,
        data={"email": "x@example.jp", "password": "wrong-password-here", "csrf_token": token},
    )
    assert response.status_code == 200
    assert any("Secure" in c for c in page.headers.getlist("Set-Cookie"))
    db.session.commit()
    assert db.session.scalars(select(LoginAttempt.remote_addr)).all() == ["203.0.113.5"]
    with proxied.app_context():
        db.engine.dispose()

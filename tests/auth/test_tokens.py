"""API tokens (DESIGN §6): made at /account/tokens or by the CLI, shown once, expiring,
optionally read-only, revocable by their owner and by admins."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import select

from hub_app.auth.models import ApiToken
from hub_app.core.audit import AuditEntry
from hub_app.core.models import utcnow
from hub_app.extensions import db
from tests.conftest import PG_URL
from tests.factories import post_form


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _make(client, **data):
    response = post_form(client, "/account/tokens", {"name": "集計", "days": "90", **data})
    found = re.search(r'<code class="secret">([^<]+)</code>', response.text)
    return response, found.group(1) if found else None


def test_token_made_on_the_page_is_shown_once_and_kept_as_a_hash(client, login, make_user):
    user = make_user("staff")
    login(user)
    response, token = _make(client)
    assert response.status_code == 200 and token
    stored = db.session.scalars(select(ApiToken)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.name == "集計" and not stored.read_only and stored.user_id == user.id
    assert timedelta(days=89, hours=23) < stored.expires_at - utcnow() <= timedelta(days=90)
    listing = client.get("/account/tokens").text
    assert token not in listing and "集計" in listing and "未使用" in listing
    assert client.get("/api/v1/organizations", headers=_bearer(token)).status_code == 200
    assert "未使用" not in client.get("/account/tokens").text  # the read counted as a use
    audit_text = str([(e.changes, e.note) for e in db.session.scalars(select(AuditEntry))])
    assert token not in audit_text


def test_expiry_defaults_to_90_days_and_stops_at_365(client, login, make_user):
    login(make_user("staff"))
    assert 'value="90"' in client.get("/account/tokens").text
    too_long, token = _make(client, days="366")
    assert too_long.status_code == 422 and token is None
    assert "365日" in too_long.text
    assert _make(client, days="0")[0].status_code == 422
    assert _make(client, days="365")[1]
    assert db.session.scalar(select(db.func.count()).select_from(ApiToken)) == 1


def test_read_only_token_reads_but_every_write_is_403(client, login, make_user):
    login(make_user("staff", ["welltech"]))
    _response, token = _make(client, read_only="y")
    assert client.get("/api/v1/organizations", headers=_bearer(token)).status_code == 200
    body = {"name": "書けない会社", "kind": "sme"}
    refused = client.post("/api/v1/organizations", json=body, headers=_bearer(token))
    assert refused.status_code == 403 and "読み取り専用" in refused.json["errors"]["_"][0]
    assert client.delete("/api/v1/organizations/1", headers=_bearer(token)).status_code == 403
    denied = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "access_denied"))
    assert len(denied.all()) == 2


def test_revoked_and_expired_tokens_answer_401(client, login, make_user):
    user = make_user("staff")
    login(user)
    _r, revoked = _make(client, name="古い")
    _r, expired = _make(client, name="期限切れ")
    record = db.session.scalars(select(ApiToken).where(ApiToken.name == "古い")).one()
    assert post_form(client, f"/account/tokens/{record.id}/revoke", {}, "/account/tokens")
    assert client.get("/api/v1/organizations", headers=_bearer(revoked)).status_code == 401
    late = db.session.scalars(select(ApiToken).where(ApiToken.name == "期限切れ")).one()
    late.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get("/api/v1/organizations", headers=_bearer(expired)).status_code == 401
    listing = client.get("/account/tokens").text
    assert "無効化済み" in listing and "期限切れ" in listing


def test_nobody_revokes_another_persons_token_on_their_page(app, client, login, make_user, api):
    owner = make_user("staff")
    api(owner)
    theirs = db.session.scalars(select(ApiToken)).one()
    login(make_user("staff"))
    response = post_form(client, f"/account/tokens/{theirs.id}/revoke", {}, "/account/tokens")
    assert response.status_code == 404
    db.session.refresh(theirs)
    assert theirs.revoked_at is None


def test_admin_sees_and_revokes_everyones_tokens(client, login, make_user, api):
    staff = make_user("staff")
    staff_api = api(staff)
    token = db.session.scalars(select(ApiToken)).one()
    login(make_user("admin", []))
    page = client.get("/admin/tokens")
    assert page.status_code == 200 and staff.email in page.text
    response = post_form(client, f"/admin/tokens/{token.id}/revoke", {}, "/admin/tokens")
    assert response.status_code == 302
    assert staff_api.get("/api/v1/organizations").status_code == 401
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "revoke")).one()
    assert entry.entity == "api_token" and entry.entity_id == token.id


def test_only_admins_open_the_token_list_of_everyone(client, login, make_user):
    login(make_user("manager", []))
    assert client.get("/admin/tokens").status_code == 403


def test_cli_days_and_read_only_and_token_alone_on_last_line(runner, client, make_user):
    user = make_user("staff")
    result = runner.invoke(
        args=["create-token", user.email, "--days", "7", "--read-only", "--name", "夜間バッチ"]
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    record = db.session.scalars(select(ApiToken)).one()
    assert record.read_only and record.name == "夜間バッチ"
    assert timedelta(days=6, hours=23) < record.expires_at - utcnow() <= timedelta(days=7)
    assert client.get("/api/v1/organizations", headers=_bearer(token)).status_code == 200
    assert client.post("/api/v1/organizations", json={}, headers=_bearer(token)).status_code == 403
    default = runner.invoke(args=["create-token", user.email])
    assert default.exit_code == 0
    newest = db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
    assert timedelta(days=89) < newest.expires_at - utcnow() <= timedelta(days=90)
    refused = runner.invoke(args=["create-token", user.email, "--days", "400"])
    assert refused.exit_code == 1 and "365日" in refused.output


@pytest.mark.skipif(bool(PG_URL), reason="the migration is replayed on a SQLite file")
def test_migration_gives_existing_tokens_an_expiry_90_days_on(tmp_path):
    """Tokens made before 0007 never expired: they get 90 days from the migration."""
    from flask_migrate import upgrade

    from hub_app import create_app

    path = tmp_path / "old.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "x"})
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0005")
        db.engine.dispose()
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO users (email, name, password_hash, role, active, session_token, "
        "created_at, updated_at) VALUES ('a@example.jp', 'a', '-', 'staff', 1, 't', "
        "'2024-01-01 00:00:00', '2024-01-01 00:00:00')"
    )
    connection.execute(
        "INSERT INTO api_tokens (user_id, token_hash, created_at) "
        "VALUES (1, 'h', '2024-01-01 00:00:00')"
    )
    connection.commit()
    connection.close()
    with app.app_context():
        upgrade(directory=directory)
        token = db.session.scalars(select(ApiToken)).one()
        left = token.expires_at - utcnow()
        assert timedelta(days=89, hours=23) < left <= timedelta(days=90)
        assert token.name == "移行前のトークン" and token.read_only is False
        db.engine.dispose()

"""Fixtures shared by every test: an app on a fresh database, clients, factories.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL names one
(.ci/run does both). Each test starts from a migrated, seeded database.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from hub_app import create_app
from hub_app.cli import init_database
from hub_app.extensions import db
from tests import factories

PG_URL = os.environ.get("TEST_DATABASE_URL", "")


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: its own `g` and
    database session. The test's session commits before and starts afresh after, so
    it never reads a stale snapshot."""

    def open(self, *args, **kwargs):
        db.session.commit()
        try:
            with self.application.app_context():
                return super().open(*args, **kwargs)
        finally:
            db.session.rollback()


def _config(url: str, tmp: Path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": url,
        "ATTACHMENT_FOLDER": str(tmp / "attachments"),
        "RATELIMIT_ENABLED": False,
        # the suite signs admins and managers in with a password alone; tests/auth turns it on
        "MFA_REQUIRED_ROLES": "",
    }


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing():
    """argon2id at OWASP strength costs a few tenths of a second per sign-in, and the suite
    signs in hundreds of times: tests hash with light parameters. The production strength
    is tested with the `strong_password_hashing` fixture."""
    from argon2 import PasswordHasher

    from hub_app.auth import passwords

    original = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield original
    passwords._hasher = original


@pytest.fixture
def strong_password_hashing(quick_password_hashing):
    from hub_app.auth import passwords

    light = passwords._hasher
    passwords._hasher = quick_password_hashing  # the production hasher
    yield
    passwords._hasher = light


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> str:
    """SQLite: one migrated, seeded file per run, copied for each test.
    PostgreSQL: the schema migrated once; tests truncate and reseed."""
    tmp = tmp_path_factory.mktemp("db")
    if PG_URL:
        app = create_app(_config(PG_URL, tmp))
        with app.app_context():
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
            init_database()
            db.session.remove()
            db.engine.dispose()
        return PG_URL
    path = tmp / "template.sqlite3"
    app = create_app(_config(f"sqlite:///{path}", tmp))
    with app.app_context():
        init_database()
        db.engine.dispose()
    return str(path)


def _reset_postgres() -> None:
    """Empty the tables the last test wrote to and restart the id sequences it used.

    TRUNCATE costs about the same for an empty table as for a full one, so only the tables
    holding rows are truncated (the audit log's trigger refuses DELETE). Every sequence that
    was used is restarted too, so ids start at 1 in each test, as on a fresh database.
    """
    from hub_app import seeds

    tables = [t.name for t in db.metadata.sorted_tables]
    probe = " UNION ALL ".join(
        f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM \"{name}\")" for name in tables
    )
    filled = list(db.session.scalars(text(probe)))
    if filled:
        names = ", ".join(f'"{t}"' for t in filled)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    used = db.session.scalars(
        text(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) "
            "FROM pg_sequences WHERE last_value IS NOT NULL"
        )
    ).all()
    for sequence in used:
        db.session.execute(text(f"ALTER SEQUENCE {sequence} RESTART"))
    seeds.seed()
    db.session.commit()


@pytest.fixture
def app(template_db, tmp_path):
    if PG_URL:
        application = create_app(_config(PG_URL, tmp_path))
        with application.app_context():
            _reset_postgres()
    else:
        path = tmp_path / "test.sqlite3"
        shutil.copy(template_db, path)
        application = create_app(_config(f"sqlite:///{path}", tmp_path))
    application.test_client_class = IsolatedClient
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db_url(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    return factories.make_user


@pytest.fixture
def make_organization(app):
    return factories.make_organization


@pytest.fixture
def login(client):
    """Sign a user in through the real form (CSRF included); returns the client."""

    def sign_in(user, password: str = factories.PASSWORD, test_client=None):
        test_client = test_client or client
        token = factories.csrf_token(test_client, "/login")
        response = test_client.post(
            "/login", data={"email": user.email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, response.text
        return test_client

    return sign_in


@pytest.fixture
def api(client):
    """A JSON client with a Bearer token for a user: api(user).get('/api/v1/…')."""
    return factories.ApiClient.for_user(client)

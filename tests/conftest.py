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
    }


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
            db.engine.dispose()  # else its pooled connection is garbage-collected mid-test
        return PG_URL
    path = tmp / "template.sqlite3"
    app = create_app(_config(f"sqlite:///{path}", tmp))
    with app.app_context():
        init_database()
        db.engine.dispose()
    return str(path)


def _reset_postgres() -> None:
    from hub_app import seeds

    tables = [t.name for t in db.metadata.sorted_tables]
    names = ", ".join(f'"{t}"' for t in tables)
    db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
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

"""The commands of DESIGN §7 and the schema's migrations."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from hub_app.auth.models import ApiToken, User
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from tests.conftest import PG_URL
from tests.foundation.workers import worker_app

PASSPHRASE = "tsurumi-river-morning-walk"


def _invoke(runner, *args: str, input: str | None = None):
    db.session.commit()  # the test's own session must not hold the write lock
    result = runner.invoke(args=list(args), input=input)
    db.session.rollback()
    return result


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(db.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


# --- init-db and migrations -------------------------------------------------------------


def test_init_db_twice_changes_nothing(runner):
    before = _row_counts()
    assert before["hubs"] == 2 and before["kpis"] >= 7
    first = _invoke(runner, "init-db")
    assert first.exit_code == 0, first.output
    assert "追加した初期データ: 0件" in first.output
    assert _row_counts() == before
    assert _invoke(runner, "init-db").exit_code == 0
    assert _row_counts() == before


@pytest.mark.skipif(bool(PG_URL), reason="a fresh SQLite file; PostgreSQL is covered below")
def test_init_db_on_a_fresh_sqlite_file_twice(tmp_path):
    app = worker_app(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["init-db"])
    assert first.exit_code == 0, first.output
    with app.app_context():
        counts = _row_counts()
        db.session.remove()
    second = runner.invoke(args=["init-db"])
    assert "追加した初期データ: 0件" in second.output
    with app.app_context():
        assert _row_counts() == counts and counts["hubs"] == 2
        db.engine.dispose()


def _migrate_down_and_up(app) -> None:
    with app.app_context():
        directory = app.extensions["migrate"].directory
        db.session.remove()
        tables = set(db.metadata.tables)
        downgrade(directory=directory, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=directory)
        assert tables <= set(inspect(db.engine).get_table_names())
        downgrade(directory=directory, revision="base")
        upgrade(directory=directory)
        db.session.remove()


def test_migrations_upgrade_downgrade_upgrade(app, tmp_path):
    if PG_URL:
        _migrate_down_and_up(app)
    else:
        fresh = worker_app(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")
        with fresh.app_context():
            upgrade(directory=fresh.extensions["migrate"].directory)
        _migrate_down_and_up(fresh)
        with fresh.app_context():
            db.engine.dispose()


def test_models_and_migrations_agree(app):
    """A model change without its migration shows up here, not on someone's server."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from hub_app.search.models import in_the_model

    db.session.remove()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": False, "include_name": in_the_model}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


# --- create-user ------------------------------------------------------------------------


def test_create_user_with_password_from_stdin(runner):
    result = _invoke(
        runner,
        "create-user",
        "Kanri@Example.jp",
        "--role",
        "staff",
        "--hub",
        "knic",
        "--hub",
        "welltech",
        "--password-stdin",
        input=PASSPHRASE + "\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalars(select(User).where(User.email == "kanri@example.jp")).one()
    assert user.role == "staff" and user.hub_codes == ["knic", "welltech"]
    assert user.password_hash.startswith("$argon2id$") and PASSPHRASE not in result.output
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "user")).one()
    assert entry.action == "create" and entry.user_id is None


def test_create_user_without_stdin_prints_a_generated_password(runner):
    result = _invoke(runner, "create-user", "viewer@example.jp", "--role", "viewer")
    assert result.exit_code == 0, result.output
    assert "初期パスワード:" in result.output


@pytest.mark.parametrize(
    "args, password",
    [
        (["--role", "boss"], PASSPHRASE),
        (["--role", "staff", "--hub", "yokohama"], PASSPHRASE),
        (["--role", "staff"], PASSPHRASE),  # staff without a hub
        (["--role", "admin"], "short"),
        (["--role", "admin"], "password1234"),
        (["--role", "admin"], ""),  # empty stdin: refused, not silently replaced
    ],
)
def test_create_user_refusals_exit_non_zero_and_store_nothing(runner, args, password):
    result = _invoke(
        runner, "create-user", "bad@example.jp", *args, "--password-stdin", input=password + "\n"
    )
    assert result.exit_code != 0
    assert db.session.scalar(select(User).where(User.email == "bad@example.jp")) is None


def test_create_user_refuses_a_taken_email(runner, make_user):
    make_user("staff", email="taken@example.jp")
    result = _invoke(
        runner,
        "create-user",
        "TAKEN@example.jp",
        "--role",
        "admin",
        "--password-stdin",
        input=PASSPHRASE + "\n",
    )
    assert result.exit_code == 1 and "すでに登録" in result.output


# --- create-token -----------------------------------------------------------------------


def test_create_token_prints_token_alone_and_stores_only_its_hash(runner, client, make_user):
    user = make_user("staff", ["knic"])
    result = _invoke(runner, "create-token", user.email)
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert len(token) >= 32 and " " not in token
    stored = db.session.scalars(select(ApiToken)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    audit_text = str([(e.changes, e.note) for e in db.session.scalars(select(AuditEntry))])
    assert token not in audit_text
    response = client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_create_token_for_unknown_or_inactive_user_fails(runner, make_user):
    assert _invoke(runner, "create-token", "nobody@example.jp").exit_code == 1
    inactive = make_user("staff", active=False)
    assert _invoke(runner, "create-token", inactive.email).exit_code == 1
    assert db.session.scalar(select(db.func.count()).select_from(ApiToken)) == 0


# --- backup -----------------------------------------------------------------------------


@pytest.mark.skipif(bool(PG_URL), reason="SQLite's online backup; PostgreSQL uses pg_dump")
def test_backup_is_a_valid_copy_while_another_connection_writes(app, runner, tmp_path, db_url):
    database = db.engine.url.database
    stop = threading.Event()
    written = []

    def writer() -> None:
        connection = sqlite3.connect(database, timeout=30)
        while not stop.is_set():
            with connection:
                connection.execute(
                    "INSERT INTO login_attempts (attempted_at, email, remote_addr, succeeded) "
                    "VALUES (CURRENT_TIMESTAMP, 'w@example.jp', '10.0.0.1', 0)"
                )
            written.append(1)
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            time.sleep(0.01)
        target = tmp_path / "backup.sqlite3"
        result = _invoke(runner, "backup", str(target))
        during = len(written)
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert during > 20  # the writer kept writing while the backup ran
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM hubs").fetchone() == (2,)
        copied = copy.execute("SELECT count(*) FROM login_attempts").fetchone()[0]
        assert 20 <= copied <= len(written)
    finally:
        copy.close()


def test_backup_refuses_to_overwrite_or_a_missing_folder(runner, tmp_path):
    existing = tmp_path / "exists.sqlite3"
    existing.write_text("keep me")
    assert _invoke(runner, "backup", str(existing)).exit_code == 1
    assert existing.read_text() == "keep me"
    missing = _invoke(runner, "backup", str(tmp_path / "no" / "such" / "dir.sqlite3"))
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def test_create_user_accepts_a_windows_line_ending(runner):
    result = _invoke(
        runner,
        "create-user",
        "crlf@example.jp",
        "--role",
        "viewer",
        "--password-stdin",
        input=PASSPHRASE + "\r\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalars(select(User).where(User.email == "crlf@example.jp")).one()
    from hub_app.auth.passwords import verify_password

    assert verify_password(user.password_hash, PASSPHRASE)

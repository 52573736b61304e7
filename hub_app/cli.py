"""Commands of `flask --app hub_app …` (DESIGN §7). Each commits once, or not at all."""

from __future__ import annotations

import secrets
import sqlite3
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask_migrate import upgrade
from sqlalchemy import func, select

from hub_app.auth import services as auth_services
from hub_app.auth.forms import UserCreateForm
from hub_app.auth.models import User
from hub_app.core.enums import HUBS, ROLES
from hub_app.core.errors import ServiceError
from hub_app.core.forms import form_from_mapping
from hub_app.extensions import db


def init_database() -> int:
    """Migrate to head and seed the reference data; safe to run any number of times."""
    from hub_app import seeds
    from hub_app.search import index

    upgrade(directory=current_app.extensions["migrate"].directory)
    added = seeds.seed()
    index.fill_missing(db.session)
    db.session.commit()
    return added


def create_user(email: str, role: str, hubs: list[str], password: str, name: str = "") -> User:
    form = form_from_mapping(
        UserCreateForm,
        {
            "email": email,
            "name": name or email.split("@")[0],
            "role": role,
            "hubs": hubs,
            "active": True,
            "password": password,
        },
    )
    return auth_services.create_user(None, form)


def ensure_first_admin() -> tuple[str, str] | None:
    """Create an admin with a random password when there are no users; return the sign-in."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return None
    email = "admin@example.jp"
    password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
    create_user(email, "admin", [], password, name="管理者")
    db.session.commit()
    return email, password


def fail(error: ServiceError) -> None:
    db.session.rollback()
    details = "; ".join(f"{k}: {' '.join(v)}" for k, v in (error.errors or {}).items())
    click.echo(f"エラー: {error.message} {details}".strip(), err=True)
    sys.exit(1)


def register_commands(app: Flask) -> None:
    from hub_app.imports.commands import demo_data_command, import_command
    from hub_app.registry.commands import import_corporations_command

    app.cli.add_command(import_command)
    app.cli.add_command(import_corporations_command)
    app.cli.add_command(demo_data_command)

    @app.cli.command("init-db")
    def init_db_command() -> None:
        """Create or migrate the schema and seed hubs, KPIs, plans and budgets."""
        added = init_database()
        click.echo(f"データベースを最新の構成にしました(追加した初期データ: {added}件)。")

    @app.cli.command("search-reindex")
    def search_reindex_command() -> None:
        """Index every record again for the header search (after changes made in SQL)."""
        from hub_app.search import index

        written = index.rebuild(db.session)
        db.session.commit()
        click.echo(f"検索用の索引を作り直しました({written}件)。")

    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--role", type=click.Choice(list(ROLES)), required=True)
    @click.option("--hub", "hubs", type=click.Choice(list(HUBS)), multiple=True)
    @click.option("--name", default="")
    @click.option("--password-stdin", is_flag=True, help="read the password from standard input")
    def create_user_command(email, role, hubs, name, password_stdin) -> None:
        """Create a user; without --password-stdin, a random password is printed."""
        generated = not password_stdin
        if password_stdin:  # an empty line is refused by the policy, never replaced
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
        try:
            user = create_user(email, role, list(hubs), password, name)
        except ServiceError as error:
            fail(error)
        db.session.commit()
        click.echo(f"{user.email} ({role}) を登録しました。")
        if generated:
            click.echo(f"初期パスワード: {password}")

    @app.cli.command("create-token")
    @click.argument("email")
    @click.option("--days", type=int, default=None, help="days until it expires (1-365, 90)")
    @click.option("--read-only", is_flag=True, help="refuse every write with 403")
    @click.option("--name", default="", help="what the token is for")
    def create_token_command(email, days, read_only, name) -> None:
        """Print a new API token for the user, alone on the last line (only its hash is stored)."""
        user = auth_services.find_by_email(email)
        if user is None or not user.active:
            click.echo(f"エラー: 有効な利用者 {email} が見つかりません。", err=True)
            sys.exit(1)
        try:
            token = auth_services.create_token(
                None, user, name or "コマンドで作成", days, read_only
            )
        except ServiceError as error:
            fail(error)
        db.session.commit()
        click.echo(token)

    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(path: Path) -> None:
        """Copy the SQLite database with SQLite's online backup API (safe while in use)."""
        url = db.engine.url
        if url.get_backend_name() != "sqlite" or not url.database:
            click.echo("エラー: PostgreSQL は pg_dump でバックアップしてください。", err=True)
            sys.exit(1)
        if path.exists():
            click.echo(f"エラー: {path} はすでにあります。別の名前を指定してください。", err=True)
            sys.exit(1)
        if not path.parent.is_dir():
            click.echo(f"エラー: フォルダ {path.parent} がありません。", err=True)
            sys.exit(1)
        source = sqlite3.connect(url.database, timeout=30)
        target = sqlite3.connect(path)
        try:
            # One step: a consistent snapshot read under WAL while writers carry on. Copying
            # in slices would restart each time another connection writes, possibly forever.
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        click.echo(f"{path} にバックアップしました。")

"""`flask --app hub_app import KIND FILE` and `flask --app hub_app demo-data`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy import select

from hub_app.auth.models import User
from hub_app.extensions import db
from hub_app.imports.errors import ImportRefused
from hub_app.imports.importer import import_file
from hub_app.imports.readers import estimate_rows

#: files with more rows than this show a progress bar
PROGRESS_FROM = 2000


def _actor(email: str | None) -> User:
    """The user the import is recorded under: --user, or the first active admin."""
    query = select(User).where(User.active.is_(True))
    if email:
        query = query.where(User.email == email.strip().lower())
    else:
        query = query.where(User.role == "admin")
    user = db.session.scalars(query.order_by(User.id).limit(1)).first()
    if user is None:
        wanted = f"有効な利用者 {email}" if email else "有効な管理者"
        raise ImportRefused(
            f"{wanted} が見つかりません。--user で取り込む利用者を指定してください。"
        )
    return user


@click.command("import")
@click.argument("kind")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "email", help="取込を記録する利用者のメールアドレス(既定: 最初の管理者)")
@click.option("--dry-run", is_flag=True, help="確認だけして保存しない")
def import_command(kind: str, file: Path, email: str | None, dry_run: bool) -> None:
    """Import a CSV/XLSX file into the collection KIND (organizations, consultations…)."""
    try:
        actor = _actor(email)
        total = estimate_rows(file)
        if total >= PROGRESS_FROM:
            with click.progressbar(length=total, label="取込中", file=sys.stderr) as bar:
                report = import_file(kind, file, actor, commit=not dry_run, progress=bar.update)
        else:
            report = import_file(kind, file, actor, commit=not dry_run)
    except ImportRefused as refusal:
        click.echo(f"エラー: {refusal.message}", err=True)
        sys.exit(1)
    for error in report.errors:
        click.echo(str(error), err=True)
    if report.error_count > len(report.errors):
        click.echo(f"…ほか{report.error_count - len(report.errors)}件の誤り", err=True)
    click.echo(report.summary(), err=not report.ok)
    sys.exit(0 if report.ok else 1)


@click.command("demo-data")
@click.option("--force", is_flag=True, help="記録があるデータベースにも入れる")
def demo_data_command(force: bool) -> None:
    """Load the fictitious demo dataset (both hubs, FY2020 to this fiscal year)."""
    from hub_app.demo import DemoRefused, build_demo_data

    try:
        click.echo(build_demo_data(force=force))
    except DemoRefused as refusal:
        db.session.rollback()
        click.echo(f"エラー: {refusal}", err=True)
        sys.exit(1)

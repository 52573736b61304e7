"""`flask --app hub_app import-corporations FILE`: the NTA download, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hub_app.extensions import db
from hub_app.imports.errors import ImportRefused
from hub_app.registry.corporations import import_corporations, total_size


@click.command("import-corporations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_corporations_command(file: Path) -> None:
    """Load the NTA's corporate-number data (全件 or 差分; the zip or the CSV inside)."""
    try:
        with click.progressbar(
            length=total_size(file), label="法人番号データを取込中", file=sys.stderr
        ) as bar:
            loaded = import_corporations(file, progress=bar.update)
    except ImportRefused as refusal:
        db.session.rollback()
        click.echo(f"エラー: {refusal.message}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(loaded.summary(file.name))

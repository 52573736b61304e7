"""Import a file into a collection: every row checked, all stored or nothing.

Each row goes through the collection's own form and service (the one write path of
DESIGN §8), inside one transaction. Any bad row means the transaction is rolled back and
the report lists every bad row; a good file commits once, with an audit row per record
naming the import and one "import" row summarising the file.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from hub_app.api.resources import COLLECTIONS, Collection
from hub_app.core import audit, records
from hub_app.core.errors import ServiceError
from hub_app.extensions import db
from hub_app.imports.columns import (
    build_schema,
    map_header,
)
from hub_app.imports.errors import ImportRefused, RowError
from hub_app.imports.kinds import (
    BATCHED_KINDS,
    EXTRAS,
    IMPORT_ONLY,
)
from hub_app.imports.readers import open_rows
from hub_app.imports.report import ImportReport
from hub_app.imports.rows import RowImporter

PREVIEW_ROWS = 5
#: a preview checks this many rows fully; the confirmed import checks every row
PREVIEW_CHECK_ROWS = 1000
#: how often the progress callback is told how far the import got
PROGRESS_EVERY = 500
#: records flushed together (one multi-row INSERT each) in batch mode
BATCH_SIZE = 1000


def importable_kinds() -> list[str]:
    return [
        *(name for name, c in COLLECTIONS.items() if c.create is not None),
        *(name for name in IMPORT_ONLY if name not in COLLECTIONS),
    ]


def collection_for(kind: str) -> Collection:
    collection = COLLECTIONS.get(kind)
    if collection is None and kind in IMPORT_ONLY:
        collection = IMPORT_ONLY[kind]()
    if collection is None or collection.create is None:
        known = "、".join(sorted(importable_kinds()))
        raise ImportRefused(f"「{kind}」は取り込める種類ではありません。使える種類: {known}")
    return collection


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}MB" if size >= 1024 * 1024 else f"{size / 1024:.1f}KB"


def check_size(path: Path) -> None:
    limit = current_app.config["IMPORT_MAX_BYTES"]
    size = path.stat().st_size
    if size > limit:
        raise ImportRefused(
            f"ファイルが大きすぎます({_size(size)})。{_size(limit)}までに分けて取り込んでください。"
        )
    if size == 0:
        raise ImportRefused("ファイルが空です。")


@contextlib.contextmanager
def _heap_frozen() -> Iterator[None]:
    """Keep the objects that exist before the import out of the garbage collector's way.

    A long import makes the collector sweep the whole heap (the app, SQLAlchemy's and
    WTForms' classes) again and again: about 2 s of 100,000 consultations. Frozen objects are
    skipped until the import ends, then collected as usual (gc.freeze is process-wide, so
    a concurrent import merely thaws them early)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _data_rows(rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for line, cells in enumerate(rows, start=2):
        if any(map(str.strip, cells)):
            yield line, cells


def import_file(
    kind: str,
    path: Path,
    actor: Any,
    filename: str = "",
    commit: bool = True,
    progress: Callable[[int], None] | None = None,
    check_limit: int | None = None,
) -> ImportReport:
    """Check every row of the file and store them all, or nothing.

    With commit=False (the preview) the rows are written and checked the same way, then
    rolled back, so the preview's figures are those the real import will give. With
    `check_limit` only that many rows go through the forms; the rest are counted (the
    encoding and the header are checked whole), so a large file's preview answers fast.
    Raises ImportRefused when the file as a whole cannot be read.
    """
    if commit and check_limit is not None:
        raise ValueError("an import that stores checks every row")
    collection = collection_for(kind)
    filename = filename or path.name
    check_size(path)
    schema = build_schema(collection, EXTRAS.get(kind))
    report = ImportReport(kind=kind, filename=filename)
    try:
        with (
            _heap_frozen(),
            audit.noting(f"取込: {filename}"),
            open_rows(path, filename) as rows,
        ):
            header = next(rows, None)
            if header is None or not any(c.strip() for c in header):
                raise ImportRefused("見出し行がありません。1行目に列名を書いてください。")
            header = [c.strip().lstrip("\ufeff") for c in header]
            report.header = header
            fields = map_header(schema, header)
            importer = RowImporter(schema, fields, header, actor, kind)
            _import_rows(importer, report, rows, kind, progress, check_limit)
        if report.rows == 0:
            raise ImportRefused("取り込む行がありません。")
        if report.ok and commit:
            audit.write(
                "import",
                actor,
                kind,
                None,
                {
                    "file": filename,
                    "rows": report.rows,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
                f"取込: {filename}({report.rows}行)"[:500],
            )
            db.session.commit()
            report.stored = True
        else:
            db.session.rollback()
    except BaseException:
        db.session.rollback()
        raise
    return report


def _import_rows(
    importer: RowImporter,
    report: ImportReport,
    rows: Iterator[list[str]],
    kind: str,
    progress: Callable[[int], None] | None,
    check_limit: int | None = None,
) -> None:
    """Every row through its service, in batch mode (core.records.batch): audit rows
    flushed together; INSERTs too, written in bulk, where no rule compares a row with
    earlier rows of the file (elsewhere the service's duplicate query flushes the earlier
    rows first)."""
    line = 1
    bulk = kind in BATCHED_KINDS
    autoflush = db.session.no_autoflush if bulk else contextlib.nullcontext()
    with records.batch(BATCH_SIZE, bulk=bulk), autoflush:
        for line, cells in _data_rows(rows):
            report.rows += 1
            if len(report.preview) < PREVIEW_ROWS:
                report.preview.append((line, cells))
            if check_limit is not None and report.checked >= check_limit:
                continue
            report.checked += 1
            _import_row(importer, report, line, cells)
            if progress is not None and report.rows % PROGRESS_EVERY == 0:
                progress(PROGRESS_EVERY)
        try:
            records.flush_batch()
        except ServiceError as error:
            report.add_error(RowError(line, "", error.message))
        except SQLAlchemyError:
            db.session.rollback()
            report.add_error(RowError(line, "", "データベースに保存できない値があります。"))


def _import_row(importer: RowImporter, report: ImportReport, line: int, cells: list[str]) -> None:
    values, errors = importer.values(line, cells)
    if errors:
        known = {e.column for e in errors}
        more = [RowError(line, e.column, e.message) for e in importer.check(values, known)]
        for error in sorted([*errors, *more], key=importer.column_order):
            report.add_error(error)
        return
    try:
        outcome = importer.write(values)
    except ImportRefused:
        raise
    except ServiceError as error:
        for row_error in importer.errors_of(line, error):
            report.add_error(row_error)
        return
    except SQLAlchemyError:
        # The database refused what the checks let through; the file cannot be stored.
        # Later rows are still checked, in a transaction that is rolled back at the end.
        db.session.rollback()
        report.add_error(RowError(line, "", "データベースに保存できない値があります。"))
        return
    setattr(report, outcome, getattr(report, outcome) + 1)

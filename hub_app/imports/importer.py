"""Import a file into a collection: every row checked, all stored or nothing.

Each row goes through the collection's own form and service (the one write path of
DESIGN §8), inside one transaction. Any bad row means the transaction is rolled back and
the report lists every bad row; a good file commits once, with an audit row per record
naming the import and one "import" row summarising the file.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.exc import SQLAlchemyError

from hub_app.api.resources import COLLECTIONS, Collection
from hub_app.core import audit, records
from hub_app.core.audit import AuditEntry
from hub_app.core.errors import Duplicate, ServiceError
from hub_app.core.forms import form_from_mapping, record_values, validate
from hub_app.extensions import db
from hub_app.imports.columns import (
    LIST_SEPARATOR,
    OMIT,
    Schema,
    build_schema,
    cell_value,
    map_header,
    normal,
)
from hub_app.imports.errors import ImportRefused, RowError
from hub_app.imports.kinds import (
    BATCHED_KINDS,
    EXTRAS,
    IMPORT_ONLY,
    NATURAL_KEYS,
    WHOLE_RECORD_KEYS,
)
from hub_app.imports.nested import parse_measurements
from hub_app.imports.readers import open_rows
from hub_app.imports.references import Resolver
from hub_app.imports.report import ImportReport

PREVIEW_ROWS = 5
#: a preview checks this many rows fully; the confirmed import checks every row
PREVIEW_CHECK_ROWS = 1000
#: how often the progress callback is told how far the import got
PROGRESS_EVERY = 500
#: records flushed together (one multi-row INSERT each) in batch mode
BATCH_SIZE = 1000

_note: contextvars.ContextVar[str | None] = contextvars.ContextVar("import_note", default=None)


@event.listens_for(AuditEntry, "init")
def _note_the_import(_target: AuditEntry, _args: Any, kwargs: dict[str, Any]) -> None:
    """Audit rows written while an import runs name it (services do not pass a note)."""
    note = _note.get()
    if note and not kwargs.get("note"):
        kwargs["note"] = note


#: cells of these nested fields are read as the exports write them (JSON works too)
NESTED_READERS = {"measurements": parse_measurements}


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


class RowImporter:
    """Writes one row at a time through the collection's form and service."""

    def __init__(
        self,
        schema: Schema,
        fields: list[str | None],
        header: list[str],
        actor: Any,
        kind: str = "",
    ):
        self.schema = schema
        self.collection = schema.collection
        self.fields = fields
        self.header = header
        self.header_of = {name: text for name, text in zip(fields, header, strict=True) if name}
        self.actor = actor
        self.resolver = Resolver()
        self.ref_in_form = "ref" in schema.targets
        self.has_ref = hasattr(self.collection.model, "ref")
        self.kind = kind
        self.natural_key = NATURAL_KEYS.get(kind)
        self.form: Any = None  # refilled row after row (form_from_mapping's `reuse`)
        #: refs written by this file: a repeated one must see the earlier row's record
        self.refs: set[str] = set()
        #: id field → (index of the column showing its record's name, that column's header)
        self.shadow_cells: dict[str, tuple[int, str]] = {}
        for index, text in enumerate(header):
            for name, keys in schema.shadows.items():
                if normal(text) in keys and name in self.header_of and fields[index] is None:
                    self.shadow_cells[name] = (index, text)

    def values(self, line: int, cells: list[str]) -> tuple[dict[str, Any], list[RowError]]:
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        for index, name in enumerate(self.fields):
            if name is None:
                continue
            text = cells[index] if index < len(cells) else ""
            if name == "ref" and not self.ref_in_form:
                values["ref"] = text.strip() or None
                continue
            extra = self.schema.extras.get(name)
            if extra is not None:
                try:
                    values[name] = extra.parse(text)
                except ValueError as error:
                    errors.append(RowError(line, self.header_of[name], str(error)))
                continue
            target = self.schema.targets[name]
            try:
                if target.reference:
                    value: Any = self.reference(target, text, cells)
                elif target.kind == "nested" and name in NESTED_READERS:
                    value = NESTED_READERS[name](text)
                else:
                    value = cell_value(target, text)
            except ValueError as error:
                errors.append(RowError(line, self.header_of[name], str(error)))
                continue
            if value is not OMIT:
                values[name] = value
        return values, errors

    def reference(self, target: Any, text: str, cells: list[str]) -> Any:
        """Ids from a reference cell; an export's name column beside it settles which."""
        shadow = self.shadow_cells.get(target.name)
        shown = cells[shadow[0]] if shadow and shadow[0] < len(cells) else ""
        if not text.strip() and shown.strip():
            text = shown  # a template filled in by name, its id column left blank
        if target.many:
            parts = [p for p in LIST_SEPARATOR.split(text.strip()) if p]
            names = [p for p in LIST_SEPARATOR.split(shown.strip()) if p]
            if shadow and len(names) == len(parts):
                return [
                    self.resolver.resolve_shown(target.reference, p, n, shadow[1])
                    for p, n in zip(parts, names, strict=True)
                ]
            return [self.resolver.resolve(target.reference, p) for p in parts]
        if not text.strip():
            return cell_value(target, text)
        if shadow:
            return self.resolver.resolve_shown(target.reference, text, shown, shadow[1])
        return self.resolver.resolve(target.reference, text)

    def by_ref(self, ref: str | None) -> Any:
        if not ref or not self.has_ref:
            return None
        if ref in self.refs:
            records.flush_batch()  # the earlier row's record, maybe not flushed yet
        self.refs.add(ref)
        model = self.collection.model
        query = select(model).where(model.ref == ref, model.deleted_at.is_(None)).limit(1)
        return db.session.scalars(query).first()

    def check(self, values: dict[str, Any], known: set[str]) -> list[RowError]:
        """The form's own errors for a row whose cells already failed, to report them all."""
        values = {k: v for k, v in values.items() if k != "ref" or self.ref_in_form}
        try:
            form = self.form_for(values)
            validate(form)
        except ServiceError as error:
            return [e for e in self.errors_of(0, error) if e.column not in known]
        return []

    def write(self, values: dict[str, Any]) -> str:
        """Create or update the row's record; 'created', 'updated' or 'unchanged'.

        A row updates the record with the same `ref`, or the record the service names as
        its duplicate (organisations: same corporate number or normalised name, DESIGN §3),
        so importing a file twice stores nothing twice.
        """
        ref = values.get("ref") if self.ref_in_form else values.pop("ref", None)
        extras = {k: values.pop(k) for k in list(values) if k in self.schema.extras}
        collection = self.collection
        record = self.by_ref(ref)
        if record is None and self.natural_key is not None:
            record = self.natural_key(values)
            if record is not None and self.kind in WHOLE_RECORD_KEYS:
                return "unchanged"
        if record is None:
            try:
                record = collection.create(self.actor, self.form_for(values))
            except Duplicate as duplicate:
                if duplicate.existing is None:
                    raise
                record = duplicate.existing
            else:
                if ref and not self.ref_in_form:
                    record.ref = ref
                self.write_extras(record, extras)
                return "created"
        outcome = self.update(record, values, None if self.ref_in_form else ref)
        if self.write_extras(record, extras) and outcome == "unchanged":
            outcome = "updated"
        return outcome

    def form_for(self, values: dict[str, Any], base: dict[str, Any] | None = None) -> Any:
        self.form = form_from_mapping(self.collection.form, values, base=base, reuse=self.form)
        return self.form

    def write_extras(self, record: Any, extras: dict[str, Any]) -> bool:
        """Write the extra columns through their services; True when anything was added."""
        added = 0
        for code, value in extras.items():
            added += self.schema.extras[code].apply(self.actor, record, value)
        return added > 0

    def update(self, record: Any, values: dict[str, Any], ref: str | None) -> str:
        collection = self.collection
        if collection.update is None:
            raise ImportRefused("この種類の記録は更新できないため、同じ記録を取り込めません。")
        base = (collection.base_values or (lambda r: record_values(r, collection.form)))(record)
        changes = collection.update(self.actor, record, self.form_for(values, base))
        if ref and getattr(record, "ref", None) != ref:
            record.ref = ref
            changes = changes or True
        if isinstance(changes, dict | bool) and not changes:
            return "unchanged"
        return "updated"

    def column_order(self, error: RowError) -> int:
        return self.header.index(error.column) if error.column in self.header else -1

    def errors_of(self, line: int, error: ServiceError) -> list[RowError]:
        if not error.errors:
            return [RowError(line, "", error.message)]
        found = []
        for key, messages in error.errors.items():
            name, _, inner = key.partition(".")
            column = self.header_of.get(name, "")
            where = inner if column else key  # e.g. "0.notes": the first item's notes
            for message in messages:
                found.append(RowError(line, column, f"{where}: {message}" if where else message))
        return found


def _data_rows(rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for line, cells in enumerate(rows, start=2):
        if any(c.strip() for c in cells):
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
    token = _note.set(f"取込: {filename}"[:500])
    try:
        with open_rows(path, filename) as rows:
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
    finally:
        _note.reset(token)
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
    flushed together; INSERTs too where no rule compares a row with earlier rows of the
    file (elsewhere the service's duplicate query flushes the earlier rows first)."""
    line = 1
    autoflush = db.session.no_autoflush if kind in BATCHED_KINDS else contextlib.nullcontext()
    with records.batch(BATCH_SIZE), autoflush:
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

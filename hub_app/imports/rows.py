"""One row of an import: its cells read into field values, then written through the
collection's own form and service, creating or updating (by `ref` or the duplicate rules)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from hub_app.core import records
from hub_app.core.errors import Duplicate, ServiceError
from hub_app.core.forms import form_from_mapping, record_values, validate
from hub_app.extensions import db
from hub_app.imports.columns import (
    LIST_SEPARATOR,
    OMIT,
    RECORD_ID,
    Schema,
    cell_value,
    normal,
)
from hub_app.imports.errors import ImportRefused, RowError
from hub_app.imports.kinds import NATURAL_KEYS, WHOLE_RECORD_KEYS
from hub_app.imports.nested import parse_measurements
from hub_app.imports.references import Resolver

#: cells of these nested fields are read as the exports write them (JSON works too)
NESTED_READERS = {"measurements": parse_measurements}


def _record_id(text: str, _cells: list[str]) -> int | None:
    text = text.strip()
    if text and not (text.isascii() and text.isdigit()):
        raise ValueError("IDは整数で指定してください。")
    return int(text) if text else None


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
        #: the largest id before this import: `by_id` never matches a record it creates
        self.last_id = 0
        if RECORD_ID in fields:
            model = self.collection.model
            self.last_id = db.session.scalar(select(func.max(model.id))) or 0
        #: refs written by this file: a repeated one must see the earlier row's record
        self.refs: set[str] = set()
        #: values that are not the form's: extra columns, the export's ID, `ref` (unless
        #: the form has it)
        self.set_aside = frozenset(
            [*schema.extras, RECORD_ID, *(() if self.ref_in_form else ("ref",))]
        )
        #: (cell index, field, reader) of each column the import reads, built once
        self.readers = [
            (index, name, self._reader(name)) for index, name in enumerate(fields) if name
        ]
        #: id field → (index of the column showing its record's name, that column's header)
        self.shadow_cells: dict[str, tuple[int, str]] = {}
        for index, text in enumerate(header):
            for name, keys in schema.shadows.items():
                if normal(text) in keys and name in self.header_of and fields[index] is None:
                    self.shadow_cells[name] = (index, text)

    def _reader(self, name: str) -> Callable[[str, list[str]], Any]:
        """How the cells of one column become its value (raises ValueError)."""
        if name == "ref" and not self.ref_in_form:
            return lambda text, _cells: text.strip() or None
        if name == RECORD_ID:
            return _record_id
        extra = self.schema.extras.get(name)
        if extra is not None:
            return lambda text, _cells: extra.parse(text)
        target = self.schema.targets[name]
        if target.reference:
            return lambda text, cells: self.reference(target, text, cells)
        nested = NESTED_READERS.get(name) if target.kind == "nested" else None
        if nested is not None:
            return lambda text, _cells: nested(text)
        return lambda text, _cells: cell_value(target, text)

    def values(self, line: int, cells: list[str]) -> tuple[dict[str, Any], list[RowError]]:
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        width = len(cells)
        for index, name, read in self.readers:
            try:
                value = read(cells[index] if index < width else "", cells)
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

    def split(self, values: dict[str, Any]) -> tuple[dict[str, Any], str | None, dict[str, Any]]:
        """A row's values as (what its form takes, its `ref`, its extra columns)."""
        aside = self.set_aside
        if aside.isdisjoint(values):
            return values, values.get("ref"), {}
        form_values = {k: v for k, v in values.items() if k not in aside}
        extras = {k: values[k] for k in self.schema.extras if k in values}
        return form_values, values.get("ref"), extras

    def by_id(self, record_id: int | None) -> Any:
        """The live record an export's ID column names, if it was stored before this import.

        Exporting a list, correcting it in Excel and importing it again then updates those
        records instead of adding each one twice. Ids this import hands out itself (a file
        moved into another database) are never matched.
        """
        if record_id is None or record_id > self.last_id or self.collection.update is None:
            return None
        record = db.session.get(self.collection.model, record_id)
        return record if record is not None and record.deleted_at is None else None

    def check(self, values: dict[str, Any], known: set[str]) -> list[RowError]:
        """The form's own errors for a row whose cells already failed, to report them all."""
        values, _, _ = self.split(values)
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
        record_id = values.get(RECORD_ID)
        values, ref, extras = self.split(values)
        collection = self.collection
        record = self.by_ref(ref) or self.by_id(record_id)
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

"""How a file's header and cells become the values of a collection's form.

The accepted columns are the collection's form fields and its export columns, named by
code or by their Japanese label, so an export can be imported again as it is. Export
columns that are not form fields (id, timestamps…) are read-only: accepted and ignored.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from wtforms import BooleanField, DateField, Field, FieldList, SelectFieldBase, SelectMultipleField

from hub_app.api.resources import Collection
from hub_app.imports.errors import ImportRefused

SKIPPED_FIELDS = ("csrf_token",)
TRUE_WORDS = {"true", "1", "yes", "y", "はい", "○", "〇", "◯", "有", "あり", "市内"}
FALSE_WORDS = {"false", "0", "no", "n", "いいえ", "×", "✕", "-", "無", "なし", "市外"}
LIST_SEPARATOR = re.compile(r"\s*[;；]\s*")
SLASH_DATE = re.compile(r"^(\d{4})[/.年](\d{1,2})[/.月](\d{1,2})日?(?: 0?0:00(?::00)?)?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: a cell that leaves the field as it is (the default, or the stored value)
OMIT = object()
#: the export's own ID column: a re-import updates the record it names (RowImporter.by_id)
RECORD_ID = "id"


@lru_cache(maxsize=4096)
def normal(text: str) -> str:
    """How headers and labels are compared: width, case and spaces do not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()


@dataclass
class Target:
    """A form field a column fills, with what is needed to read its cells."""

    name: str
    label: str
    kind: str  # text, bool, select, multi, date, nested
    required: bool = False
    #: normalised code or label → code, for select and multi fields
    codes: dict[str, Any] = field(default_factory=dict)
    #: the choices as a person reads them, for error messages
    choice_labels: list[str] = field(default_factory=list)
    #: the table whose record an id column names: resolved by id, number, name or ref
    reference: str | None = None
    many: bool = False


@dataclass
class Schema:
    collection: Collection
    targets: dict[str, Target]
    #: normalised header → field name, or None for a read-only export column
    headers: dict[str, str | None]
    #: the export's columns: the template's header row
    template: list[str]
    #: extra columns (code → Extra) written after the record by their own service
    extras: dict[str, Any] = field(default_factory=dict)
    #: id field → normalised header of the export column that shows its record's name
    #: (organization_id ← 企業・団体): checked against the id, used when the id differs
    shadows: dict[str, tuple[str, str]] = field(default_factory=dict)


def _kind(bound: Field) -> str:
    if isinstance(bound, FieldList):
        return "nested"
    if isinstance(bound, BooleanField):
        return "bool"
    if isinstance(bound, SelectMultipleField):
        return "multi"
    if isinstance(bound, SelectFieldBase):
        return "select"
    if isinstance(bound, DateField):
        return "date"
    return "text"


def _codes(bound: Field) -> dict[str, Any]:
    codes: dict[str, Any] = {}
    for choice in getattr(bound, "choices", None) or []:
        value, text = choice[0], choice[1]
        if value in ("", None):
            continue
        codes.setdefault(normal(str(text)), value)
        codes[normal(str(value))] = value
    return codes


def _reference(model: type, name: str) -> tuple[str | None, bool]:
    """The table an id field points to ('organizations' for employer_id, partner_ids…)."""
    table = getattr(model, "__table__", None)
    if table is not None and name in table.columns:
        for key in table.columns[name].foreign_keys:
            return key.column.table.name, False
    if name.endswith("_ids"):
        relationships = model.__mapper__.relationships
        relation = relationships.get(name[:-4] + "s")
        if relation is not None:
            return relation.mapper.local_table.name, True
    return None, False


SHADOW_SUFFIXES = ("_names", "_name", "_title", "")


def _shadow_of(code: str, targets: dict[str, Target]) -> str | None:
    """The id field an export's name column shows (organization_name → organization_id)."""
    for suffix in SHADOW_SUFFIXES:
        if suffix and not code.endswith(suffix):
            continue
        base = code[: len(code) - len(suffix)] if suffix else code
        for name in (f"{base}_id", f"{base}_ids"):
            if name in targets and targets[name].reference:
                return name
    return None


def build_schema(collection: Collection, extras: list[Any] | None = None) -> Schema:
    form = collection.form(formdata=None, meta={"csrf": False})
    targets: dict[str, Target] = {}
    headers: dict[str, str | None] = {}
    for name, bound in form._fields.items():
        if name in SKIPPED_FIELDS:
            continue
        kind = _kind(bound)
        codes = _codes(bound)
        reference, many = _reference(collection.model, name)
        if kind in ("select", "multi") and codes:
            reference, many = None, False  # a code list (hub), not a record
        targets[name] = Target(
            name=name,
            label=str(bound.label.text),
            kind=kind,
            # a field with a default (a consultation's status) may be left out of the file
            required=bool(bound.flags.required) and bound.default in (None, ""),
            codes=codes,
            choice_labels=[str(c[1]) for c in getattr(bound, "choices", None) or [] if c[0]],
            reference=reference,
            many=many,
        )
    for name in targets:
        headers[normal(name)] = name
    has_ref = "ref" in targets or hasattr(collection.model, "ref")
    exported = {column.code for column in collection.columns}
    for column in collection.columns:
        name = column.code
        if name not in (*targets, "ref", RECORD_ID) and f"{name}_id" not in exported:
            name = f"{name}_id"  # "organization" (its name) fills organization_id
        keys = name in targets or (has_ref and name == "ref") or name == RECORD_ID
        name = name if keys else None
        headers.setdefault(normal(column.code), name)
        headers.setdefault(normal(column.label), name)
    for name, target in targets.items():
        headers.setdefault(normal(target.label), name)
    renamed = {
        **getattr(collection.form, "aliases", {}),
        **getattr(collection.form, "alias_labels", {}),
    }
    for old, name in renamed.items():
        headers.setdefault(normal(old), name)  # a renamed field's former code or label
    shadows: dict[str, tuple[str, str]] = {}
    for column in collection.columns:
        shadowed = _shadow_of(column.code, targets)
        if shadowed and headers.get(normal(column.code)) is None and column.code != shadowed:
            shadows[shadowed] = (normal(column.code), normal(column.label))
    template = [c.label for c in collection.columns] or [t.label for t in targets.values()]
    extra_by_code = {}
    for extra in extras or []:
        extra_by_code[extra.code] = extra
        # written by its own service, even when the export shows it too (対応履歴)
        headers[normal(extra.code)] = extra.code
        headers[normal(extra.label)] = extra.code
        if not any(normal(c.code) == normal(extra.code) for c in collection.columns):
            template.append(extra.label)
    if has_ref:
        # the external reference that makes a re-import update instead of duplicate
        headers.setdefault("ref", "ref")
        headers.setdefault(normal("外部参照"), "ref")
        if not any(normal(c.code) == "ref" for c in collection.columns):
            template.append("ref")
    return Schema(collection, targets, headers, template, extra_by_code, shadows)


def map_header(schema: Schema, header: list[str]) -> list[str | None]:
    """The field each column fills (None: read-only); refuses unknown or repeated columns."""
    fields: list[str | None] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for text in header:
        key = normal(text)
        if not key:
            fields.append(None)
            continue
        if key not in schema.headers:
            unknown.append(text)
            fields.append(None)
            continue
        name = schema.headers[key]
        if name is not None and name in seen:
            raise ImportRefused(
                f"列「{seen[name]}」と「{text}」は同じ項目です。どちらか一方にしてください。"
            )
        if name is not None:
            seen[name] = text
        fields.append(name)
    for name, keys in schema.shadows.items():
        # no id column: the export's name column names the record (企業・団体 → its id)
        shown = [i for i, text in enumerate(header) if normal(text) in keys]
        if name not in seen and shown and fields[shown[0]] is None:
            fields[shown[0]] = name
            seen[name] = header[shown[0]]
    if unknown:
        accepted = "、".join(schema.template)
        raise ImportRefused(
            f"この種類にない列があります: {'、'.join(unknown)}。使える列: {accepted}"
        )
    missing = [t.label for t in schema.targets.values() if t.required and t.name not in seen]
    if missing:
        raise ImportRefused(f"必須の列がありません: {'、'.join(missing)}")
    return fields


def parse_bool(text: str) -> bool | None:
    key = normal(text)
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS or not key:
        return False
    return None


@lru_cache(maxsize=4096)
def iso_date(text: str) -> str | None:
    """A date cell as YYYY-MM-DD, or None when it is no date: ISO as it is; 2022/4/1,
    2022年4月1日 and Excel's '2022-04-01 00:00:00' too. A file repeats its dates (a few
    thousand days in 100,000 rows), so each spelling is read once."""
    text = unicodedata.normalize("NFKC", text).strip()
    if len(text) == 19 and text.endswith(" 00:00:00"):
        text = text[:10]
    found = SLASH_DATE.match(text)
    if found:
        year, month, day = (int(part) for part in found.groups())
        text = f"{year:04d}-{month:02d}-{day:02d}"
    if not ISO_DATE.match(text):
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return None
    return text


def cell_value(target: Target, text: str) -> Any:
    """The JSON-like value `form_from_mapping` expects, OMIT, or raises ValueError."""
    text = text.strip()
    if target.kind == "bool":
        value = parse_bool(text)
        if value is None:
            raise ValueError("TRUE/FALSE、1/0、はい/いいえ のいずれかで入力してください。")
        return value
    if target.kind == "multi":
        items = [item for item in LIST_SEPARATOR.split(text) if item] if text else []
        unknown = [i for i in items if normal(i) not in target.codes]
        if unknown and target.codes:
            raise ValueError(f"選べない値です: {'、'.join(unknown)}")
        return [target.codes.get(normal(i), i) for i in items]
    if target.kind == "nested":
        if not text:
            return []
        try:
            value = json.loads(text)
        except ValueError as error:
            raise ValueError("JSONの配列で入力してください。") from error
        return value
    if not text:
        return OMIT if target.kind == "select" else ""
    if target.kind == "select":
        code = target.codes.get(normal(text))
        if code is None:
            choices = "、".join(target.choice_labels)
            raise ValueError(f"「{text}」は選べません。次のいずれかにしてください: {choices}")
        return code
    if target.kind == "date":
        value = iso_date(text)
        if value is None:
            raise ValueError(
                f"「{text}」は日付として読めません。YYYY-MM-DD(例: 2022-04-01)で入力してください。"
            )
        return value
    return text

"""The query parameters of the API's lists: declared once, documented and checked from it.

Each list's parameters are described as JSON Schema (the OpenAPI document publishes them)
and every request is checked against the same description before its query is built, so
a value the document refuses is a 422 and never reaches the database. An empty value is
the same as an absent one (`allowEmptyValue`), as a search form sends it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from wtforms import SelectFieldBase, SelectMultipleField

from hub_app.core.enums import HUBS, PROGRAMMES
from hub_app.core.errors import ValidationFailed
from hub_app.core.fields import MAX_ID
from hub_app.core.fiscal import FIRST_FISCAL_YEAR, FISCAL_YEAR_RANGE, LAST_FISCAL_YEAR
from hub_app.core.listing import MAX_PAGE, MAX_PER_PAGE, PAGE_MESSAGE, PER_PAGE_MESSAGE

FISCAL_YEAR = {"type": "integer", "minimum": FIRST_FISCAL_YEAR, "maximum": LAST_FISCAL_YEAR}
RECORD_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
#: RFC 3339 date-time, the offset included (what `format: date-time` means)
RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
BOOLEAN_TEXT = {"true": True, "1": True, "false": False, "0": False}
MESSAGES = {
    "page": PAGE_MESSAGE,
    "per_page": PER_PAGE_MESSAGE,
    "updated_since": "日時はRFC 3339の形式(例: 2022-06-01T10:00:00+09:00)で指定してください。",
}
#: filters that take yes/no
BOOLEANS = ("in_city", "side_job", "overdue")
#: filters every list has where its model has the column (see resources.common_filters)
EXACT_FILTERS = (
    "organization_id",
    "status",
    "stage",
    "kind",
    "outcome",
    "project_id",
    "talent_id",
    "event_id",
)
_DECLARED: dict[str, list[dict[str, Any]]] = {}


def collection_parameters(collection: Any) -> list[dict[str, Any]]:
    """Every query parameter a collection's list reads, as OpenAPI parameters."""
    declared = _DECLARED.get(collection.name)
    if declared is not None:
        return declared
    model = collection.model
    form = collection.form(formdata=None, meta={"csrf": False})
    names = ["hub"] if hasattr(model, "hub") else []
    if getattr(model, "fiscal_date_field", None):
        names.append("fiscal_year")
    names += [name for name in EXACT_FILTERS if hasattr(model, name)]
    names += collection.filters
    declared = [
        *paging(),
        parameter("q", {"type": "string"}, "フリーワード検索(空白で区切った語をすべて含む)"),
        parameter(
            "updated_since",
            {"type": "string", "format": "date-time"},
            "この日時以降に作成・変更された記録(RFC 3339、オフセット付き)",
        ),
        *(parameter(name, filter_schema(name, form)) for name in dict.fromkeys(names)),
    ]
    fiscal = getattr(model, "fiscal_date_field", None)
    for described in declared:
        if described["name"] == "fiscal_year" and fiscal:
            described["description"] = f"年度({fiscal} の年度、4月始まり)"
    _DECLARED[collection.name] = declared
    return declared


def parameter(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {"name": name, "in": "query", "schema": schema}
    if schema.get("type") != "array":
        found["allowEmptyValue"] = True
    if description:
        found["description"] = description
    return found


def paging(default_per_page: int = 25) -> list[dict[str, Any]]:
    return [
        parameter("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
        parameter(
            "per_page",
            {"type": "integer", "minimum": 1},
            f"1ページの件数(既定 {default_per_page}、{MAX_PER_PAGE}を超える値は{MAX_PER_PAGE})",
        ),
    ]


def filter_schema(name: str, form: Any) -> dict[str, Any]:
    """The schema of one filter, from the entity's form where it names the same field."""
    field = form._fields.get(name) if form is not None else None
    if name in BOOLEANS:
        return {"type": "boolean"}
    if name.endswith("fiscal_year"):
        return dict(FISCAL_YEAR)
    if name.endswith("_id"):
        return dict(RECORD_ID)
    if name == "hub":
        return {"type": "string", "enum": list(HUBS)}
    if name == "programme":
        return {"type": "string", "enum": list(PROGRAMMES)}
    if isinstance(field, SelectMultipleField):
        return {"type": "array", "items": {"type": "string", "enum": _choices(field)}}
    if isinstance(field, SelectFieldBase) and _choices(field):
        return {"type": "string", "enum": _choices(field)}
    return {"type": "string"}


def _choices(field: Any) -> list[str]:
    return [str(c[0]) for c in (field.choices or []) if c[0] not in ("", None)]


def check_query(args: Any, parameters: list[dict[str, Any]]) -> None:
    """Refuse (422) any documented parameter whose value the document does not admit."""
    errors: dict[str, list[str]] = {}
    for described in parameters:
        name, schema = described["name"], described["schema"]
        if name not in args:  # most are absent: a miss costs Werkzeug an exception
            continue
        if schema.get("type") == "array":
            values = args.getlist(name) if hasattr(args, "getlist") else [args.get(name)]
            allowed = schema["items"].get("enum")
            wrong = [v for v in values if v and allowed and v not in allowed]
            if wrong:
                errors[name] = [f"選べない値です: {', '.join(wrong)}"]
            continue
        raw = args.get(name, "")
        if raw == "":
            continue
        message = _refusal(name, schema, raw)
        if message:
            errors[name] = [message]
    if errors:
        raise ValidationFailed("検索条件に誤りがあります。", errors)


def _refusal(name: str, schema: Mapping[str, Any], raw: str) -> str | None:
    kind = schema.get("type")
    if kind == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        number = int(raw) if raw.isascii() and raw.isdigit() else None
        if number is None or (low is not None and number < low) or (high and number > high):
            if name.endswith("fiscal_year"):
                return FISCAL_YEAR_RANGE
            if name.endswith("_id"):
                return f"IDは1〜{MAX_ID}の整数で指定してください。"
            return MESSAGES.get(name, "整数で指定してください。")
        return None
    if kind == "boolean":
        return None if raw in BOOLEAN_TEXT else "true か false で指定してください。"
    if "enum" in schema:
        return None if raw in schema["enum"] else f"選べない値です: {raw}"
    if schema.get("format") == "date-time":
        if not RFC3339.fullmatch(raw):
            return MESSAGES["updated_since"]
        try:
            datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return MESSAGES["updated_since"]
    return None

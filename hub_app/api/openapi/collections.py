"""OpenAPI paths and schemas of a collection, read from its form and its serializer.

Request bodies and enums come from the form (the same rules the API applies), response
fields from the serializer run on a transient sample record, so both match what is served.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, Numeric
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FieldList,
    FloatField,
    FormField,
    IntegerField,
    SelectFieldBase,
    SelectMultipleField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Regexp

from hub_app.api.parameters import RECORD_ID, collection_parameters
from hub_app.api.resources import Collection
from hub_app.core.fields import MAX_ID, IdField, IdListField, not_in_future

SKIPPED = ("csrf_token",)
ERROR_STATUSES = {
    "400": "本文がJSONオブジェクトではない",
    "401": "APIトークンがない、または無効",
    "403": "権限がない",
    "404": "URLのIDの記録がない(削除済みを含む)",
    "409": "重複、または年度締め済み",
    "422": "項目の値が正しくない(本文中の存在しないIDを含む)",
    "429": "短時間のリクエストが多すぎる",
}


def error(status: str) -> dict[str, Any]:
    return {
        "description": ERROR_STATUSES[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def errors(*statuses: str) -> dict[str, Any]:
    return {status: error(status) for status in statuses}


def json_response(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def field_schema(field: Any) -> dict[str, Any]:
    """The JSON schema of one bound form field, with every rule JSON Schema can state."""
    if isinstance(field, FieldList):
        inner = field.unbound_field
        if inner.field_class is FormField and inner.args:
            subform = inner.args[0](formdata=None, meta={"csrf": False})
            schema = {"type": "array", "items": form_schema(subform)[0]}
        else:
            schema = {"type": "array", "items": field_schema(field.append_entry())}
        if field.max_entries:
            schema["maxItems"] = field.max_entries
        return schema
    if isinstance(field, FormField):
        return form_schema(field.form)[0]
    if isinstance(field, BooleanField):
        return {"type": "boolean"}
    if isinstance(field, IdListField):
        return {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
    if isinstance(field, SelectMultipleField):
        return {"type": "array", "items": _choice_schema(field)}
    if isinstance(field, SelectFieldBase):
        schema = _choice_schema(field)
    elif isinstance(field, DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, IdField):
        schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    elif isinstance(field, IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, DecimalField | FloatField):
        schema = {"type": "number"}
    else:
        schema = {"type": "string"}
    for validator in _validators(field):
        schema.update(_stated(validator, schema))
    return schema


def _validators(field: Any) -> list[Any]:
    """The field's validators and its form's inline `validate_<name>` method."""
    found = list(field.validators)
    form_class = getattr(field, "_hub_form_class", None)
    if form_class is not None:
        method = getattr(form_class, f"validate_{field.short_name}", None)
        if method is not None:
            found.append(method)
    return found


def _stated(validator: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """What JSON Schema can say of one validator."""
    if isinstance(validator, NumberRange):
        return {
            **({"minimum": validator.min} if validator.min is not None else {}),
            **({"maximum": validator.max} if validator.max is not None else {}),
        }
    if isinstance(validator, Length) and schema.get("type") == "string":
        stated: dict[str, Any] = {}
        if validator.max is not None and validator.max > 0:
            stated["maxLength"] = validator.max
        if validator.min is not None and validator.min > 0:
            stated["minLength"] = validator.min
        return stated
    if isinstance(validator, Email):
        return {"format": "email"}
    if isinstance(validator, Regexp) and schema.get("type") == "string":
        # WTForms matches at the start only; JSON Schema's pattern searches. Named groups
        # are spelt differently in Python and ECMA 262: plain groups read the same in both
        plain = re.sub(r"\(\?P<\w+>", "(", validator.regex.pattern)
        return {"pattern": "^(?:" + plain + ")"}
    if isinstance(validator, DataRequired) and schema.get("type") == "string":
        return {"minLength": 1, "pattern": r"\S"}
    if isinstance(validator, InputRequired) and schema.get("type") == "string":
        return {"minLength": 1}
    hint = getattr(validator, "json_schema", None)
    if hint:
        stated = dict(hint)
        if "description" in stated and schema.get("description"):
            stated["description"] = schema["description"] + "。" + stated["description"]
        return stated
    return {}


def _choice_schema(field: Any) -> dict[str, Any]:
    values = [c[0] for c in (getattr(field, "choices", None) or []) if c[0] not in ("", None)]
    if values and all(isinstance(v, bool) for v in values):
        return {"type": "boolean"}
    if values and all(isinstance(v, int) for v in values):
        return {"type": "integer"}
    if getattr(field, "coerce", str) is int:
        return {"type": "integer"}
    schema: dict[str, Any] = {"type": "string"}
    if values:
        schema["enum"] = [str(v) for v in values]
        labels = [str(c[1]) for c in field.choices if c[0] not in ("", None)]
        schema["description"] = " · ".join(
            f"{v} {t}" for v, t in zip(schema["enum"], labels, strict=False)
        )
    return schema


#: what an optional text field takes as "not given" besides null (Optional() stops there)
BLANK = r"^\s*$"


def _blank_allowed(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional text field's rule with the blank value it also accepts."""
    if "pattern" in schema:
        schema["pattern"] = f"{BLANK}|{schema['pattern']}"
    if "format" in schema:
        schema["anyOf"] = [{"format": schema.pop("format")}, {"pattern": BLANK}]
    return schema


def form_schema(form: Any) -> tuple[dict[str, Any], list[str]]:
    """The form as an object schema, and the fields a new record must be given.

    A field is required when the form refuses it missing and has no default to fall back
    on; any other field may be null, which clears it.
    """
    properties = {}
    required = []
    for name, field in form._fields.items():
        if name in SKIPPED:
            continue
        field._hub_form_class = type(form)
        schema = {**field_schema(field), "title": str(field.label.text)}
        must = field.flags.required and field.default in (None, "")
        if must:
            required.append(name)
        else:
            # null clears the field (false, no tags, no text)
            schema["nullable"] = True
            if "enum" in schema:  # OpenAPI 3.0.3: an enum admits null only when it lists it
                schema["enum"] = [*schema["enum"], None]
            if schema.get("type") == "string":
                schema = _blank_allowed(schema)
        properties[name] = schema
    return {"type": "object", "properties": properties, "additionalProperties": False}, required


SAMPLES = {
    Boolean: False,
    Integer: 1,
    Numeric: Decimal("1.5"),
    Date: date(2022, 4, 1),
    DateTime: datetime(2022, 4, 1, 9, 0),
    JSON: [],
}


def _sample(collection: Collection) -> Any:
    """A transient record with a value in every column, for reading the serializer's shape."""
    record = collection.model()
    for column in collection.model.__table__.columns:
        stored = getattr(column.type, "impl", column.type)  # a TypeDecorator's own type
        value = next((v for t, v in SAMPLES.items() if isinstance(stored, t)), "x")
        setattr(record, column.key, value)
    return record


def _value_schema(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float | Decimal):
        return {"type": "number"}
    if isinstance(value, list):
        return {"type": "array", "items": {}}
    if isinstance(value, dict):
        return {"type": "object"}
    return {"type": "string"}


#: input rules that a stored value need not meet (it may predate the rule)
INPUT_ONLY = ("minLength", "maxLength", "pattern", "minimum", "maximum", "maxItems", "title")


def served_schema(schema: Any) -> Any:
    """An input schema as a response schema: types, enums and formats, no input rules."""
    if isinstance(schema, list):
        return [served_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    loose = {
        key: served_schema(value)
        for key, value in schema.items()
        if key not in INPUT_ONLY and key != "additionalProperties"
    }
    if "properties" in loose:
        loose["properties"] = {k: served_schema(v) for k, v in schema["properties"].items()}
    return loose


def record_schema(collection: Collection, input_schema: dict[str, Any]) -> dict[str, Any]:
    """The stored object as the API returns it: the serializer's keys, typed by the form."""
    properties: dict[str, Any] = {"id": {"type": "integer"}}
    try:
        served = collection.serialize(_sample(collection), None)
    except Exception:  # a serializer that needs a stored record: fall back to the form
        served = {}
    inputs = input_schema["properties"]
    for key, value in served.items():
        if key == "id":
            continue
        if key in inputs:
            properties[key] = {**served_schema(inputs[key]), "nullable": True}
            if inputs[key].get("type") in ("array", "boolean", "object"):
                properties[key].pop("nullable")
            if key.endswith("_at"):  # served as RFC 3339, whatever spellings input takes
                properties[key]["format"] = "date-time"
        elif key.endswith("_at"):
            properties[key] = {"type": "string", "format": "date-time", "nullable": True}
        else:
            properties[key] = {**_value_schema(value), "nullable": True}
    for key in ("created_at", "updated_at"):
        if key in properties:
            properties[key] = {"type": "string", "format": "date-time"}
    for key, schema in inputs.items():
        properties.setdefault(key, {**served_schema(schema), "nullable": True})
    present = [key for key in ("id", "created_at", "updated_at") if key in properties]
    return {"type": "object", "properties": properties, "required": present}


def _body(schema: str) -> dict[str, Any]:
    reference = {"$ref": f"#/components/schemas/{schema}"}
    return {"required": True, "content": {"application/json": {"schema": reference}}}


#: the duplicates each collection refuses with 409, beyond what JSON Schema can say
DUPLICATES = {
    "organizations": "同じ法人番号、または正規化して同じ名称の企業・団体がある",
    "talents": "同じメールアドレスの人材がいる",
    "attendances": "同じ人材・企業がすでにその催しに参加している",
    "matchings": "同じ人材と企業・団体の、不成立・終了でないマッチングがある",
    "budgets": "同じ事業・年度・区分の事業費がある",
    "bookings": "同じ施設の、時間帯が重なる予約がある(その予約の件名・施設・日本時間を示す)",
}


def refusals(collection: Collection, form: Any) -> str:
    """The refusals that depend on stored data or today's date, which no schema states."""
    future = [n for n, f in form._fields.items() if not_in_future in f.validators]
    ids = [n for n, f in form._fields.items() if isinstance(f, IdField | IdListField)]
    lines = []
    if future:
        lines.append(f"422: 未来の日付({', '.join(future)})")
    if ids:
        lines.append(f"422: 存在しない・削除済み・見る権限のない記録のID({', '.join(ids)})")
    lines.append("422: 項目どうしの矛盾(終了日が開始日より前など)")
    if collection.name in DUPLICATES:
        lines.append(f"409: {DUPLICATES[collection.name]}")
    if getattr(collection.model, "fiscal_date_field", None) or collection.name in (
        "budgets",
        "bookings",
    ):
        lines.append("409: 年度締め済みの年度の記録")
    return "データによって断る場合: " + " / ".join(lines)


def _with_aliases(form: Any, schema: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """Old names still accepted (budgets' `hub`) as properties, and required either way."""
    aliases = getattr(form, "aliases", {}) or {}
    create: dict[str, Any] = {}
    for old, new in aliases.items():
        schema["properties"][old] = {
            **schema["properties"][new],
            "title": f"{new} の旧名",
            "description": f"{new} と同じ(旧名)",
        }
    plain = [name for name in required if name not in aliases.values()]
    if plain:
        create["required"] = plain
    named = [
        {
            "anyOf": [
                {"required": [new]},
                *({"required": [o]} for o, n in aliases.items() if n == new),
            ]
        }
        for new in required
        if new in aliases.values()
    ]
    if named:
        create["allOf"] = named
    return create


def _old_names(aliases: dict[str, str], new: str) -> list[str]:
    return [old for old, name in aliases.items() if name == new]


def collection_paths(collection: Collection) -> tuple[dict[str, Any], dict[str, Any]]:
    """{path: {method: operation}} of one collection, and its component schemas."""
    name = collection.name
    title = name[:1].upper() + name[1:]
    form = collection.form(formdata=None, meta={"csrf": False})
    input_schema, required = form_schema(form)
    create = _with_aliases(form, input_schema, required)
    schemas = {
        f"{title}Input": input_schema,
        f"{title}Create": {
            "allOf": [{"$ref": f"#/components/schemas/{title}Input"}, *create.pop("allOf", [])],
            **create,
        },
        title: record_schema(collection, input_schema),
    }
    refused = refusals(collection, form)
    ref = {"$ref": f"#/components/schemas/{title}"}
    page = {
        "type": "object",
        "required": ["items", "total", "page"],
        "properties": {
            "items": {"type": "array", "items": ref},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
        },
    }
    id_param = [{"name": "record_id", "in": "path", "required": True, "schema": RECORD_ID}]
    tag = [name]
    operations = {
        f"/{name}": {
            "get": {
                "tags": tag,
                "summary": f"{name} の一覧",
                "operationId": f"{name}_list",
                "parameters": collection_parameters(collection),
                "responses": {"200": json_response(page), **errors("401", "403", "422")},
            },
            "post": {
                "tags": tag,
                "summary": f"{name} を作成",
                "description": refused,
                "operationId": f"{name}_create",
                "requestBody": _body(f"{title}Create"),
                "responses": {
                    "201": json_response(ref, "作成した記録"),
                    **errors("400", "401", "403", "409", "422"),
                },
            },
        },
        f"/{name}/{{record_id}}": {
            "get": {
                "tags": tag,
                "operationId": f"{name}_show",
                "parameters": id_param,
                "responses": {"200": json_response(ref), **errors("401", "403", "404")},
            },
            "patch": {
                "tags": tag,
                "description": refused,
                "operationId": f"{name}_update",
                "parameters": id_param,
                "requestBody": _body(f"{title}Input"),
                "responses": {
                    "200": json_response(ref),
                    **errors("400", "401", "403", "404", "409", "422"),
                },
            },
            "delete": {
                "tags": tag,
                "description": "409: 年度締め済みの年度の記録",
                "operationId": f"{name}_delete",
                "parameters": id_param,
                "responses": {
                    "204": {"description": "削除しました"},
                    **errors("401", "403", "404", "409"),
                },
            },
        },
    }
    return operations, schemas

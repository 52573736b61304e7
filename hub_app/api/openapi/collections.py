"""OpenAPI paths and schemas of a collection, read from its form and its serializer.

Request bodies and enums come from the form (the same rules the API applies), response
fields from the serializer run on a transient sample record, so both match what is served.
"""

from __future__ import annotations

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
from wtforms.validators import Length, NumberRange

from hub_app.api.resources import EXACT_FILTERS, Collection
from hub_app.core.enums import HUBS

SKIPPED = ("csrf_token",)
ERROR_STATUSES = {
    "400": "本文がJSONオブジェクトではない",
    "401": "APIトークンがない、または無効",
    "403": "権限がない",
    "404": "URLのIDの記録がない(削除済みを含む)",
    "409": "重複、または年度締め済み",
    "422": "項目の値が正しくない(本文中の存在しないIDを含む)",
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
    """The JSON schema of one bound form field."""
    if isinstance(field, FieldList):
        inner = field.unbound_field
        if inner.field_class is FormField and inner.args:
            subform = inner.args[0](formdata=None, meta={"csrf": False})
            return {"type": "array", "items": form_schema(subform)[0]}
        return {"type": "array", "items": field_schema(field.append_entry())}
    if isinstance(field, FormField):
        return form_schema(field.form)[0]
    if isinstance(field, BooleanField):
        return {"type": "boolean"}
    if isinstance(field, SelectMultipleField):
        return {"type": "array", "items": _choice_schema(field)}
    if isinstance(field, SelectFieldBase):
        return {**_choice_schema(field), "nullable": True}
    if isinstance(field, DateField):
        return {"type": "string", "format": "date", "nullable": True}
    if isinstance(field, IntegerField):
        schema: dict[str, Any] = {"type": "integer", "nullable": True}
        return _range(field, schema)
    if isinstance(field, DecimalField | FloatField):
        return _range(field, {"type": "number", "nullable": True})
    schema = {"type": "string", "nullable": True}
    for validator in field.validators:
        if isinstance(validator, Length) and validator.max and validator.max > 0:
            schema["maxLength"] = validator.max
    return schema


def _range(field: Any, schema: dict[str, Any]) -> dict[str, Any]:
    for validator in field.validators:
        if isinstance(validator, NumberRange):
            if validator.min is not None:
                schema["minimum"] = validator.min
            if validator.max is not None:
                schema["maximum"] = validator.max
    return schema


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


def form_schema(form: Any) -> tuple[dict[str, Any], list[str]]:
    properties = {}
    required = []
    for name, field in form._fields.items():
        if name in SKIPPED:
            continue
        properties[name] = {**field_schema(field), "title": str(field.label.text)}
        if field.flags.required:
            required.append(name)
    return {"type": "object", "properties": properties}, required


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
        value = next((v for t, v in SAMPLES.items() if isinstance(column.type, t)), "x")
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


def record_schema(collection: Collection, input_schema: dict[str, Any]) -> dict[str, Any]:
    """The stored object as the API returns it: the serializer's keys, typed by the form."""
    properties: dict[str, Any] = {"id": {"type": "integer"}}
    try:
        served = collection.serialize(_sample(collection), None)
    except Exception:  # a serializer that needs a stored record: fall back to the form
        served = {}
    for key, value in served.items():
        if key in input_schema["properties"]:
            properties[key] = dict(input_schema["properties"][key])
        elif key in ("created_at", "updated_at"):
            properties[key] = {"type": "string", "format": "date-time"}
        else:
            properties[key] = {**_value_schema(value), "nullable": True}
        if key == "id":
            properties[key] = {"type": "integer"}
    for key, schema in input_schema["properties"].items():
        properties.setdefault(key, schema)
    return {"type": "object", "properties": properties, "required": ["id"]}


def _body(schema: str) -> dict[str, Any]:
    reference = {"$ref": f"#/components/schemas/{schema}"}
    return {"required": True, "content": {"application/json": {"schema": reference}}}


def _list_parameters(collection: Collection) -> list[dict[str, Any]]:
    model = collection.model
    params = [
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
        },
        {
            "name": "updated_since",
            "in": "query",
            "schema": {"type": "string", "format": "date-time"},
        },
        {
            "name": "q",
            "in": "query",
            "schema": {"type": "string"},
            "description": "フリーワード検索",
        },
    ]
    if hasattr(model, "hub"):
        params.append(
            {"name": "hub", "in": "query", "schema": {"type": "string", "enum": list(HUBS)}}
        )
    if getattr(model, "fiscal_date_field", None):
        params.append(
            {
                "name": "fiscal_year",
                "in": "query",
                "schema": {"type": "integer"},
                "description": f"年度({model.fiscal_date_field} の年度、4月始まり)",
            }
        )
    for name in EXACT_FILTERS:
        if hasattr(model, name):
            kind = "integer" if name.endswith("_id") else "string"
            params.append({"name": name, "in": "query", "schema": {"type": kind}})
    return params


def collection_paths(collection: Collection) -> tuple[dict[str, Any], dict[str, Any]]:
    """{path: {method: operation}} of one collection, and its component schemas."""
    name = collection.name
    title = name[:1].upper() + name[1:]
    form = collection.form(formdata=None, meta={"csrf": False})
    input_schema, required = form_schema(form)
    schemas = {
        f"{title}Input": input_schema,
        f"{title}Create": {
            "allOf": [{"$ref": f"#/components/schemas/{title}Input"}],
            **({"required": required} if required else {}),
        },
        title: record_schema(collection, input_schema),
    }
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
    id_param = [
        {"name": "record_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    ]
    tag = [name]
    operations = {
        f"/{name}": {
            "get": {
                "tags": tag,
                "summary": f"{name} の一覧",
                "operationId": f"{name}_list",
                "parameters": _list_parameters(collection),
                "responses": {"200": json_response(page), **errors("401", "403", "422")},
            },
            "post": {
                "tags": tag,
                "summary": f"{name} を作成",
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

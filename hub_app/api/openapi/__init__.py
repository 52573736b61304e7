"""The OpenAPI 3 document of /api/v1, built from what is actually served.

Paths come from the application's URL map, so the document cannot list a route that
does not exist or miss one that does. Collections are described from their forms and
serializers (see collections.py); the other routes (health, KPIs) are described here.
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, jsonify

from hub_app.api import bp
from hub_app.api.openapi.collections import (
    collection_paths,
    error,
    errors,
    form_schema,
    json_response,
)
from hub_app.api.openapi.registry import REGISTRY_PATHS
from hub_app.api.openapi.reports import KPI_ITEM, REPORT, REPORT_PATHS
from hub_app.api.parameters import FISCAL_YEAR, RECORD_ID, paging, parameter
from hub_app.api.resources import COLLECTIONS
from hub_app.consultations.forms import ActivityForm
from hub_app.core.enums import HUBS, PROGRAMMES
from hub_app.core.fields import MAX_INT

FISCAL_YEAR_QUERY = parameter(
    "fiscal_year", dict(FISCAL_YEAR), "年度(4月始まり)。省略すると今日の年度"
)

#: routes that are not collections, by their shape (parameters as {})
STATIC = {
    "/health": {
        "get": {
            "summary": "稼働確認(認証不要): アプリとデータベースが応答するか",
            "security": [],
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "properties": {
                            "status": {"type": "string", "enum": ["ok"]},
                            "database": {"type": "string", "enum": ["ok"]},
                        },
                    }
                ),
                "503": json_response(
                    {
                        "type": "object",
                        "properties": {
                            "status": {"type": "string", "enum": ["error"]},
                            "database": {"type": "string", "enum": ["unavailable"]},
                        },
                    },
                    "データベースが応答しません",
                ),
            },
        }
    },
    "/openapi.json": {
        "get": {
            "summary": "この文書(認証不要)",
            "security": [],
            "responses": {"200": json_response({"type": "object"})},
        }
    },
    "/kpis": {
        "get": {
            "tags": ["kpis"],
            "summary": "年度のKPI表(計画・実績・達成率)",
            "parameters": [
                FISCAL_YEAR_QUERY,
                parameter("hub", {"type": "string", "enum": list(HUBS)}),
                parameter("programme", {"type": "string", "enum": list(PROGRAMMES)}),
            ],
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "properties": {
                            "fiscal_year": {"type": "integer"},
                            "label": {"type": "string", "example": "令和4年度"},
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/KpiItem"},
                            },
                        },
                    }
                ),
                **errors("401", "403", "422"),
            },
        }
    },
    "/kpis/{}/targets/{}": {
        "put": {
            "tags": ["kpis"],
            "summary": "KPIの計画値を設定",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["plan"],
                            "additionalProperties": False,
                            "properties": {
                                "plan": {"type": "integer", "minimum": 0, "maximum": MAX_INT}
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": json_response({"$ref": "#/components/schemas/KpiItem"}),
                **errors("400", "401", "403", "404", "409", "422"),
            },
        }
    },
    "/kpis/{}/records": {
        "get": {
            "tags": ["kpis"],
            "summary": "実績に数えた記録(ドリルダウン)",
            "parameters": [FISCAL_YEAR_QUERY, *paging(100)],
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "properties": {
                            "items": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["type", "id"],
                                    "properties": {
                                        "type": {"type": "string"},
                                        "id": {"type": "integer"},
                                        "url": {
                                            "type": "string",
                                            "nullable": True,
                                            "description": "記録のページ(見る権限がなければ null)",
                                        },
                                        "first_event": {
                                            "type": "integer",
                                            "nullable": True,
                                            "description": "育成人数: その年度に最初に参加した催し",
                                        },
                                    },
                                },
                            },
                            "total": {"type": "integer"},
                            "code": {"type": "string"},
                            "fiscal_year": {"type": "integer"},
                            "rule": {"type": "string"},
                            "page": {"type": "integer"},
                            "per_page": {"type": "integer"},
                        },
                    }
                ),
                **errors("401", "403", "404", "422"),
            },
        }
    },
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "object",
            "description": "項目名(全体の誤りは _)ごとの日本語の理由",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
}
_PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
COLLECTION_ENDPOINT = re.compile(r"^api\.(\w+)_(list|create|show|update|delete)$")


#: what a KPI's code looks like (its programme, a dot, its name); an unknown one is a 404
KPI_CODE = {"type": "string", "pattern": "^[a-z_]+\\.[a-z_]+$", "example": "welltech.projects"}


def path_schema(shape: str, name: str, integer: bool) -> dict[str, Any]:
    """A path parameter's schema: ids, years and codes have the ranges the app accepts."""
    if name in ("fiscal_year", "year"):
        return dict(FISCAL_YEAR)
    if name == "code":
        if shape.startswith("/programmes/"):
            return {"type": "string", "enum": list(PROGRAMMES)}
        return dict(KPI_CODE)
    if integer:
        return dict(RECORD_ID)
    return {"type": "string"}


#: what any operation may answer besides its own statuses
ANY_REQUEST = {
    "400": "URLに使えない文字(NUL)がある、または本文がJSONオブジェクトではない",
    "429": "短時間のリクエストが多すぎる(トークンごとの上限)",
}


def with_common_statuses(operation: dict[str, Any], public: bool) -> dict[str, Any]:
    """Every status the app can answer this operation with, so none is undocumented."""
    responses = dict(operation.get("responses", {}))
    statuses = ["400", "429"]
    if not public:
        statuses += ["401", "403"]
    parameters = operation.get("parameters", [])
    if any(p["in"] == "path" for p in parameters):
        statuses.append("404")
    if operation.get("requestBody") or any(p["in"] == "query" for p in parameters):
        statuses.append("422")
    for status in statuses:
        if status not in responses:
            responses[status] = error(status)
            if status in ANY_REQUEST:
                responses[status]["description"] = ANY_REQUEST[status]
    return {**operation, "responses": dict(sorted(responses.items()))}


def activity_paths() -> dict[str, Any]:
    """The timeline of a consultation (対応履歴)."""
    form = ActivityForm(formdata=None, meta={"csrf": False})
    schema, required = form_schema(form)
    activity = {
        "type": "object",
        "required": ["id", "created_at"],
        "properties": {
            "id": {"type": "integer"},
            "occurred_on": {"type": "string", "format": "date"},
            "notes": {"type": "string"},
            "user_id": {"type": "integer", "nullable": True},
            "user": {"type": "string", "nullable": True, "description": "記録した職員の名前"},
            "created_at": {"type": "string", "format": "date-time"},
        },
    }
    return {
        "get": {
            "tags": ["consultations"],
            "summary": "相談の対応履歴",
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "properties": {
                            "items": {"type": "array", "items": activity},
                            "total": {"type": "integer"},
                            "page": {"type": "integer"},
                        },
                    }
                )
            },
        },
        "post": {
            "tags": ["consultations"],
            "summary": "対応履歴を追加(記録者はトークンの利用者)",
            "description": "データによって断る場合: 422: 未来の日付(occurred_on) / "
            "409: 年度締め済みの年度の相談",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {**schema, "required": required}}},
            },
            "responses": {"201": json_response(activity, "追加した対応"), **errors("409")},
        },
    }


def _served_routes() -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """(path as OpenAPI writes it, shape, endpoint, path parameters) of every API rule."""
    prefix = bp.url_prefix or ""
    routes = []
    for rule in current_app.url_map.iter_rules():
        if not rule.endpoint.startswith(f"{bp.name}."):
            continue
        path = _PARAMETER.sub(lambda m: "{" + m.group(2) + "}", rule.rule[len(prefix) :])
        shape = _PARAMETER.sub("{}", rule.rule[len(prefix) :])
        parameters = [
            {
                "name": m.group(2),
                "in": "path",
                "required": True,
                "schema": path_schema(shape, m.group(2), m.group(1) == "int"),
            }
            for m in _PARAMETER.finditer(rule.rule)
        ]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((path, shape, rule.endpoint, parameters, method.lower()))
    return routes


def build_document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA, "KpiItem": KPI_ITEM, "Report": REPORT}
    described: dict[str, dict[str, Any]] = {}
    for collection in COLLECTIONS.values():
        operations, collection_schemas = collection_paths(collection)
        schemas.update(collection_schemas)
        for path, methods in operations.items():
            described[path] = methods
    for path, shape, endpoint, parameters, method in _served_routes():
        found = COLLECTION_ENDPOINT.match(endpoint)
        operation = None
        if found and found.group(1) in COLLECTIONS:
            operation = described.get(path, {}).get(method)
        if operation is None and shape == "/consultations/{}/activities":
            operation = activity_paths()[method]
        if operation is None and shape == "/search":
            from hub_app.api import search

            operation = search.operation()
        if operation is None:
            described_by = STATIC.get(shape) or REPORT_PATHS.get(shape) or REGISTRY_PATHS.get(shape)
            operation = (described_by or {}).get(method)
        if operation is None:
            operation = {"responses": {"200": {"description": "OK"}, **errors("401", "403")}}
        operation = {
            **operation,
            "operationId": operation.get("operationId", endpoint.split(".", 1)[1] + f"_{method}"),
        }
        if parameters:
            named = {p["name"] for p in operation.get("parameters", [])}
            operation["parameters"] = [
                *(p for p in parameters if p["name"] not in named),
                *operation.get("parameters", []),
            ]
        public = operation.get("security") == []
        paths.setdefault(path, {})[method] = with_common_statuses(operation, public)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "hub_app API",
            "version": "1",
            "description": (
                "川崎市 ウェルテック・K-NIC の記録とKPI。"
                "日付はISO形式、金額は千円、列挙値はコード。"
            ),
        },
        "servers": [{"url": bp.url_prefix or "/"}],
        "security": [{"bearerAuth": []}],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
        },
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(build_document())

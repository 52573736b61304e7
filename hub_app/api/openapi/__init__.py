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
from hub_app.api.openapi.collections import collection_paths, errors, json_response
from hub_app.api.openapi.reports import KPI_ITEM, REPORT, REPORT_PATHS
from hub_app.api.resources import COLLECTIONS
from hub_app.core.enums import HUBS, PROGRAMMES

FISCAL_YEAR = {"name": "fiscal_year", "in": "query", "schema": {"type": "integer"}}

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
                {**FISCAL_YEAR, "required": True},
                {"name": "hub", "in": "query", "schema": {"type": "string", "enum": list(HUBS)}},
                {
                    "name": "programme",
                    "in": "query",
                    "schema": {"type": "string", "enum": list(PROGRAMMES)},
                },
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
                            "properties": {"plan": {"type": "integer", "minimum": 0}},
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
            "parameters": [{**FISCAL_YEAR, "required": True}],
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
                "schema": {"type": "integer" if m.group(1) == "int" else "string"},
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
        if operation is None:
            operation = (STATIC.get(shape) or REPORT_PATHS.get(shape, {})).get(method)
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
        paths.setdefault(path, {})[method] = operation
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

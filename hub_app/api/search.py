"""GET /api/v1/search: what the header search finds, as JSON (DESIGN §7, §11)."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from hub_app.api import bp, callers
from hub_app.api.openapi.collections import errors, json_response
from hub_app.api.parameters import check_query, paging, parameter
from hub_app.core.listing import page_args
from hub_app.search import query, registry

HIT = {
    "type": "object",
    "required": ["type", "id", "title", "subtitle"],
    "properties": {
        "type": {"type": "string", "description": "記録の種類(監査ログと同じ名前)"},
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "subtitle": {"type": "string", "description": "拠点・関連する企業など・日付"},
        "hub": {"type": "string", "nullable": True, "enum": ["welltech", "knic", None]},
        "date": {"type": "string", "format": "date", "nullable": True},
        "url": {"type": "string", "nullable": True, "description": "記録のページ"},
    },
}


def parameters() -> list[dict[str, Any]]:
    return [
        parameter(
            "q",
            {"type": "string"},
            "名称・件名・カナ・法人番号・本文(全角半角、カナの種類、大文字小文字、"
            f"法人の種類を区別しない。{query.MIN_SUBSTRING}文字未満は先頭一致)",
        ),
        parameter("type", {"type": "string", "enum": [s.entity for s in registry.types()]}),
        *paging(20),
    ]


def operation() -> dict[str, Any]:
    return {
        "tags": ["search"],
        "summary": "利用者が読める記録を横断して検索(完全一致・前方一致が先)",
        "parameters": parameters(),
        "responses": {
            "200": json_response(
                {
                    "type": "object",
                    "required": ["items", "total"],
                    "properties": {
                        "items": {"type": "array", "items": HIT},
                        "total": {"type": "integer"},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                    },
                }
            ),
            **errors("401", "422"),
        },
    }


@bp.get("/search")
def search():
    check_query(request.args, parameters())
    page, per_page = page_args(request.args, default_per_page=20, strict=True)
    hits, total = query.search(
        callers.user(), request.args.get("q"), request.args.get("type") or None, page, per_page
    )
    items = [
        {
            "type": hit.type,
            "id": hit.id,
            "title": hit.title,
            "subtitle": hit.subtitle,
            "hub": hit.hub or None,
            "date": hit.day.isoformat() if hit.day else None,
            "url": hit.url,
        }
        for hit in hits
    ]
    return jsonify({"items": items, "total": total, "page": page, "per_page": per_page})

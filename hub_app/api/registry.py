"""The registry's own API routes (DESIGN §7, §11): merging organisations, NTA lookups."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request

from hub_app.api import bp, callers
from hub_app.api.organizations import serialize
from hub_app.api.parameters import check_query, parameter
from hub_app.api.resources import json_body
from hub_app.core.errors import NotFound, ValidationFailed
from hub_app.core.fields import MAX_ID
from hub_app.core.permissions import can_read_registry, is_admin, require
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.registry import corporations, merge

LOOKUP_LIMIT = 20
CORPORATION_PARAMETERS = [
    parameter(
        "q",
        {"type": "string", "maxLength": 200},
        "法人番号(先頭から)、商号・名称またはフリガナ(先頭から。3文字から検索)",
    ),
    parameter("limit", {"type": "integer", "minimum": 1, "maximum": LOOKUP_LIMIT}),
]
MERGE_KEYS = {"into", "fields", "keep_matchings"}


@bp.get("/corporations")
def corporations_lookup():
    require(can_read_registry(callers.user()))
    check_query(request.args, CORPORATION_PARAMETERS)
    typed = request.args.get("q", "")
    if len(typed) > 200:
        raise ValidationFailed("検索語が長すぎます。", {"q": ["200文字以内で指定してください。"]})
    limit = int(request.args.get("limit") or 10)
    found = corporations.lookup(typed, limit)
    return jsonify({"items": [corporations.as_json(c) for c in found], "total": len(found)})


def _id(value: Any, name: str) -> int:
    if type(value) is not int or not 1 <= value <= MAX_ID:
        raise ValidationFailed("IDが正しくありません。", {name: ["IDは整数で指定してください。"]})
    return value


def _merge_options(body: dict[str, Any]) -> tuple[dict[str, str], dict[int, int]]:
    fields = body.get("fields") or {}
    keep = body.get("keep_matchings") or {}
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        raise ValidationFailed(
            "fields が正しくありません。", {"fields": ['{"name": "from"} の形で指定してください。']}
        )
    if not isinstance(keep, dict) or not all(
        k.isascii() and k.isdigit() and type(v) is int for k, v in keep.items()
    ):
        raise ValidationFailed(
            "keep_matchings が正しくありません。",
            {"keep_matchings": ['{"人材ID": マッチングID} の形で指定してください。']},
        )
    return fields, {int(k): v for k, v in keep.items()}


@bp.post("/organizations/<int:record_id>/merge")
def organization_merge(record_id: int):
    """Merge the organisation of the URL into `into`; answers with the survivor."""
    actor = callers.user()
    require(is_admin(actor), "企業・団体を統合できるのは管理者だけです。")
    source = db.session.get(Organization, record_id)
    if source is None or source.is_deleted:
        raise NotFound("指定されたIDの記録はありません。")
    body = json_body()
    unknown = set(body) - MERGE_KEYS
    if unknown:
        raise ValidationFailed(
            "入力内容に誤りがあります。", {k: ["この項目はありません。"] for k in unknown}
        )
    if "into" not in body:
        raise ValidationFailed("統合先がありません。", {"into": ["統合先のIDを指定してください。"]})
    target = db.session.get(Organization, _id(body["into"], "into"))
    if target is None:
        raise ValidationFailed(
            "統合先がありません。", {"into": ["指定されたIDの企業・団体はありません。"]}
        )
    fields, keep = _merge_options(body)
    survivor = merge.merge_organizations(actor, source, target, fields, keep)
    db.session.commit()
    return jsonify(serialize(survivor))

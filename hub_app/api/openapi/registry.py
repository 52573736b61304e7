"""The OpenAPI description of the registry's routes: merge and NTA lookup (DESIGN §11)."""

from __future__ import annotations

from typing import Any

from hub_app.api.openapi.collections import errors, json_response
from hub_app.api.parameters import RECORD_ID
from hub_app.api.registry import CORPORATION_PARAMETERS
from hub_app.core.enums import CORPORATION_CLOSE_CAUSES, CORPORATION_KINDS
from hub_app.registry.merge import FIELDS, KEEP, TAKE

TEXT = {"type": "string", "nullable": True}
DATE = {"type": "string", "format": "date", "nullable": True}
CORPORATION = {
    "type": "object",
    "required": ["corporate_number", "name", "kind"],
    "properties": {
        "corporate_number": {"type": "string", "pattern": "^[0-9]{13}$"},
        "name": {"type": "string"},
        "furigana": TEXT,
        "kind": {"type": "string", "enum": list(CORPORATION_KINDS)},
        "prefecture_name": TEXT,
        "city_name": TEXT,
        "street_number": TEXT,
        "address": {"type": "string", "description": "都道府県・市区町村・丁目番地"},
        "post_code": TEXT,
        "close_date": DATE,
        "close_cause": {
            "type": "string",
            "nullable": True,
            "enum": [*CORPORATION_CLOSE_CAUSES, None],
        },
        "successor_corporate_number": TEXT,
        "change_date": DATE,
        "update_date": DATE,
    },
}
MERGE_BODY = {
    "type": "object",
    "required": ["into"],
    "additionalProperties": False,
    "properties": {
        "into": {**RECORD_ID, "description": "残す企業・団体のID"},
        "fields": {
            "type": "object",
            "description": f"項目ごとに残す値: {KEEP} = 残す側、{TAKE} = 統合される側。"
            "省略した項目は残す側の値(空なら統合される側の値)",
            "additionalProperties": False,
            "properties": {name: {"type": "string", "enum": [KEEP, TAKE]} for name in FIELDS},
        },
        "keep_matchings": {
            "type": "object",
            "description": "両方に進行中のマッチングがある人材ごとに、"
            "進行中のまま残すマッチングのID(省略すると残す側のもの)。もう一方は成立済みなら終了、未成立なら削除",
            "additionalProperties": {**RECORD_ID},
        },
    },
}

REGISTRY_PATHS: dict[str, dict[str, Any]] = {
    "/corporations": {
        "get": {
            "tags": ["corporations"],
            "summary": "法人番号公表サイトのデータから候補を探す",
            "description": "数字は法人番号の先頭から、それ以外は商号・名称とフリガナの先頭から"
            "(全角・半角、カタカナ・ひらがな、大文字・小文字、株式会社などの法人格を区別しない)。"
            "3文字未満は空の一覧。完全に一致するものが先",
            "parameters": CORPORATION_PARAMETERS,
            "responses": {
                "200": json_response(
                    {
                        "type": "object",
                        "required": ["items", "total"],
                        "properties": {
                            "items": {"type": "array", "items": CORPORATION},
                            "total": {"type": "integer"},
                        },
                    }
                ),
                **errors("401", "403", "422"),
            },
        }
    },
    "/organizations/{}/merge": {
        "post": {
            "tags": ["organizations"],
            "summary": "企業・団体を統合する(管理者): URLの企業・団体を into に統合",
            "description": "参照しているすべての記録を into に付け替え、統合される側を削除"
            "(merged_into_id)。422: 自分自身・削除済みへの統合 / "
            "409: 年度締め済みの年度の記録が変わる場合、または重複する記録になる場合",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": MERGE_BODY}},
            },
            "responses": {
                "200": json_response(
                    {"$ref": "#/components/schemas/Organizations"}, "残った企業・団体"
                ),
                **errors("400", "401", "403", "404", "409", "422"),
            },
        }
    },
}

"""How the audit trail reads to a person: Japanese field names and labels instead of codes.

The audit log stores codes (`kind: sme`, `in_city: true`); the history tables show
「種別: 中小企業」「市内: はい」. Domains add their fields with `register(entity, {...})`
at import time; common field names are known here already.
"""

from __future__ import annotations

from typing import Any

from hub_app.core import enums

#: field → label for names that mean the same thing in every entity
COMMON_FIELDS: dict[str, str] = {
    "name": "名称",
    "name_kana": "名称(カナ)",
    "kind": "種別",
    "in_city": "市内",
    "corporate_number": "法人番号",
    "address": "所在地",
    "website": "ウェブサイト",
    "notes": "備考",
    "skills_wanted": "求めるスキル",
    "roles_wanted": "求める役割",
    "email": "メールアドレス",
    "role": "役割",
    "hubs": "所属拠点",
    "hub": "拠点",
    "active": "有効",
    "title": "件名",
    "summary": "概要",
    "status": "状態",
    "stage": "段階",
    "organization_id": "企業・団体",
    "project_id": "プロジェクト",
    "fiscal_year": "年度",
    "plan": "計画",
    "user_id": "利用者",
}

#: field → code-to-label mapping, where a field name means one enumeration everywhere
COMMON_VALUES: dict[str, dict[str, str]] = {
    "role": enums.ROLES,
    "hub": enums.HUBS,
    "hubs": enums.HUBS,
    "skills_wanted": enums.SKILLS,
    "skills": enums.SKILLS,
}

_fields: dict[str, dict[str, str]] = {}
_values: dict[str, dict[str, dict[str, str]]] = {
    "organization": {"kind": enums.ORGANIZATION_KINDS},
}


def register(
    entity: str,
    fields: dict[str, str] | None = None,
    values: dict[str, dict[str, str]] | None = None,
) -> None:
    """Japanese names of an entity's fields, and the labels of its enumerated values."""
    _fields.setdefault(entity, {}).update(fields or {})
    _values.setdefault(entity, {}).update(values or {})


def field_label(entity: str | None, name: str) -> str:
    return _fields.get(entity or "", {}).get(name) or COMMON_FIELDS.get(name, name)


def value_label(entity: str | None, name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    mapping = _values.get(entity or "", {}).get(name) or COMMON_VALUES.get(name, {})
    if isinstance(value, list):
        return "、".join(mapping.get(str(v), str(v)) for v in value)
    return mapping.get(str(value), str(value))

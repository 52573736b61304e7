"""How the audit trail reads to a person: Japanese field names and labels instead of codes.

The audit log stores codes (`kind: sme`, `in_city: true`); the history tables show
「種別: 中小企業」「市内: はい」. Domains add their fields with `register(entity, {...})`
at import time; common field names are known here already.
"""

from __future__ import annotations

from collections.abc import Callable
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
    # an import's summary row
    "file": "ファイル",
    "rows": "行数",
    "created": "新規",
    "updated": "更新",
    "unchanged": "変更なし",
}

#: field → code-to-label mapping, where a field name means one enumeration everywhere
COMMON_VALUES: dict[str, dict[str, str]] = {
    "role": enums.ROLES,
    "hub": enums.HUBS,
    "hubs": enums.HUBS,
    "skills_wanted": enums.SKILLS,
    "skills": enums.SKILLS,
}

#: what each audited entity is called (RecordMixin.audit_name → Japanese)
ENTITIES: dict[str, str] = {
    "organization": "企業・団体",
    "user": "利用者",
    "api_token": "APIトークン",
    "kpi": "KPI",
    "kpi_target": "KPI計画",
    "budget": "予算・実績",
    "fiscal_year_closure": "年度締め",
    "consultation": "相談・技術助言",
    "consultation_activity": "対応履歴",
    "invitation": "参画打診",
    "project": "プロジェクト",
    "evaluation": "製品評価",
    "attachment": "添付ファイル",
    "event": "イベント",
    "attendance": "参加",
    "talent": "人材",
    "matching": "マッチング",
    "partnership": "連携",
}

_fields: dict[str, dict[str, str]] = {
    "budget": {"total_cost": "総事業費(千円)", "grant": "交付金(千円)"},
    "kpi_target": {"kpi_id": "KPI"},
}
_values: dict[str, dict[str, dict[str, str]]] = {
    "organization": {"kind": enums.ORGANIZATION_KINDS},
    "budget": {"kind": enums.BUDGET_KINDS},
}
_links: dict[str, tuple[str, str]] = {
    "organization": ("organizations.show", "organization_id"),
    "user": ("admin.edit_user", "user_id"),
}


def register(
    entity: str,
    fields: dict[str, str] | None = None,
    values: dict[str, dict[str, str]] | None = None,
    name: str | None = None,
    link: tuple[str, str] | None = None,
) -> None:
    """Japanese names of an entity and its fields, the labels of its enumerated values,
    and (endpoint, id argument) of its page, so the audit log can link to the record."""
    _fields.setdefault(entity, {}).update(fields or {})
    _values.setdefault(entity, {}).update(values or {})
    if name:
        ENTITIES[entity] = name
    if link:
        _links[entity] = link


def entity_label(entity: str | None) -> str:
    return ENTITIES.get(entity or "", entity or "")


def entity_url(entity: str | None, entity_id: int | None) -> str | None:
    """The record's page, where one is registered and the endpoint exists."""
    from flask import url_for
    from werkzeug.routing import BuildError

    if entity not in _links or entity_id is None:
        return None
    endpoint, argument = _links[entity]
    try:
        return url_for(endpoint, **{argument: entity_id})
    except BuildError:
        return None


def field_label(entity: str | None, name: str) -> str:
    """The field's Japanese name; a name that is an entity (the demo data's counts per
    record type) reads as that entity."""
    return (
        _fields.get(entity or "", {}).get(name)
        or COMMON_FIELDS.get(name)
        or ENTITIES.get(name, name)
    )


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def is_change(pair: list[Any]) -> bool:
    """False for "nothing → nothing" (None → []), which says nothing to a reader. Masked
    values (a domain may show 「(非表示)」 on both sides) still count as a change."""
    return not (_empty(pair[0]) and _empty(pair[1]))


def change_lines(entity: str | None, changes: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(field, what happened) for each change worth showing, as every page lists them.

    A record's change stores [before, after] per field; a summary row (an import's or
    the demo data's counts) stores plain values, shown as they are.
    """
    lines = []
    for name, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            if not is_change(value):
                continue
            before, after = (value_label(entity, name, v) for v in value)
            lines.append((field_label(entity, name), f"{before} → {after}"))
        else:
            lines.append((field_label(entity, name), value_label(entity, name, value)))
    return lines


def value_label(entity: str | None, name: str, value: Any) -> str:
    if _empty(value):
        return "—"
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    mapping = _values.get(entity or "", {}).get(name) or COMMON_VALUES.get(name, {})
    if isinstance(value, list):
        return "、".join(mapping.get(str(v), str(v)) for v in value)
    return mapping.get(str(value), str(value))


#: entity → function(entries) giving {entry id: changes as they may be shown}
_maskers: dict[str, Callable[[list[Any]], dict[int, dict[str, Any] | None]]] = {}


def register_masker(
    entity: str, masker: Callable[[list[Any]], dict[int, dict[str, Any] | None]]
) -> None:
    """Let a domain hide values the audit log must keep but may no longer show.

    The log is append-only, so an erased talent's old name and contacts stay in its rows;
    the talent's domain masks them wherever the log is read.
    """
    _maskers[entity] = masker


def shown_changes(entries: list[Any]) -> dict[int, dict[str, Any] | None]:
    """Each entry's changes as they may be shown, one masker call per entity on the page."""
    shown = {entry.id: entry.changes for entry in entries}
    by_entity: dict[str, list[Any]] = {}
    for entry in entries:
        if entry.entity in _maskers and entry.changes:
            by_entity.setdefault(entry.entity, []).append(entry)
    for entity, group in by_entity.items():
        shown.update(_maskers[entity](group))
    return shown

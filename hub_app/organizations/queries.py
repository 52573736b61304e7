"""Reading the registry: the filtered list and what an organisation's page gathers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, func, select

from hub_app.core.enums import ORGANIZATION_KINDS, SKILLS, label
from hub_app.core.export import Column
from hub_app.core.listing import Sorts, search_clause
from hub_app.organizations.models import Organization

SORTS = Sorts(
    {
        "kana": (
            "カナ順",
            [func.coalesce(Organization.name_kana, Organization.name), Organization.id],
        ),
        "name": ("名称順", [Organization.name, Organization.id]),
        "newest": ("登録の新しい順", [Organization.created_at.desc(), Organization.id.desc()]),
    }
)


def list_query(args: Mapping[str, str], include_deleted: bool = False) -> Select[Any]:
    """Organisations matching the list page's (or the API's) filters."""
    query = select(Organization)
    if include_deleted:
        query = query.where(Organization.deleted_at.is_not(None))
    else:
        query = query.where(Organization.deleted_at.is_(None))
    text = args.get("q", "").strip()
    clause = search_clause(
        text, Organization.name, Organization.name_kana, Organization.corporate_number
    )
    if clause is not None:
        query = query.where(clause)
    if args.get("kind") in ORGANIZATION_KINDS:
        query = query.where(Organization.kind == args["kind"])
    if args.get("in_city") in ("1", "true"):
        query = query.where(Organization.in_city.is_(True))
    elif args.get("in_city") in ("0", "false"):
        query = query.where(Organization.in_city.is_(False))
    return query


EXPORT_COLUMNS = [
    Column("id", "ID", lambda o: o.id),
    Column("name", "名称", lambda o: o.name),
    Column("name_kana", "名称(カナ)", lambda o: o.name_kana),
    Column("kind", "種別", lambda o: label(ORGANIZATION_KINDS, o.kind)),
    Column("in_city", "市内", lambda o: o.in_city),
    Column("corporate_number", "法人番号", lambda o: o.corporate_number),
    Column("address", "所在地", lambda o: o.address),
    Column("website", "ウェブサイト", lambda o: o.website),
    Column("notes", "備考", lambda o: o.notes),
    Column(
        "skills_wanted", "求めるスキル", lambda o: [label(SKILLS, s) for s in o.skills_wanted or []]
    ),
    Column("roles_wanted", "求める役割", lambda o: o.roles_wanted),
]

"""Reading partnerships: the list, an organisation's partnerships, exports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from hub_app.core.enums import PARTNERSHIP_KINDS, label
from hub_app.core.export import Column
from hub_app.core.listing import Sorts, fiscal_year_clause, id_arg, search_clause
from hub_app.extensions import db
from hub_app.knic.models import Partnership
from hub_app.organizations.models import Organization

SORTS = Sorts(
    {
        "newest": ("締結日の新しい順", [Partnership.concluded_on.desc(), Partnership.id.desc()]),
        "oldest": ("締結日の古い順", [Partnership.concluded_on, Partnership.id]),
    }
)


def list_query(args: Mapping[str, str], include_deleted: bool = False) -> Select[Any]:
    query = (
        select(Partnership)
        .join(Partnership.organization)
        .options(contains_eager(Partnership.organization))
    )
    if include_deleted:
        query = query.where(Partnership.deleted_at.is_not(None))
    else:
        query = query.where(Partnership.deleted_at.is_(None))
    clause = search_clause(
        args.get("q", "").strip(), Organization.name, Organization.name_kana, Partnership.summary
    )
    if clause is not None:
        query = query.where(clause)
    if args.get("kind") in PARTNERSHIP_KINDS:
        query = query.where(Partnership.kind == args["kind"])
    organization_id = id_arg(args, "organization_id")
    if organization_id is not None:
        query = query.where(Partnership.organization_id == organization_id)
    year = fiscal_year_clause(Partnership.concluded_on, args.get("fiscal_year"))
    if year is not None:
        query = query.where(year)
    return query


def of_organization(organization: Organization) -> list[Partnership]:
    return list(
        db.session.scalars(
            select(Partnership)
            .where(Partnership.organization_id == organization.id, Partnership.deleted_at.is_(None))
            .order_by(Partnership.concluded_on.desc(), Partnership.id.desc())
        )
    )


EXPORT_COLUMNS = [
    Column("id", "ID", lambda p: p.id),
    Column("hub", "拠点", lambda p: p.hub),
    Column("organization", "企業・団体", lambda p: p.organization.name),
    Column("kind", "種別", lambda p: label(PARTNERSHIP_KINDS, p.kind)),
    Column("concluded_on", "締結・開始日", lambda p: p.concluded_on),
    Column("summary", "概要", lambda p: p.summary),
    Column("ref", "外部参照", lambda p: p.ref),
]

"""Reading invitations: the filtered list and its export columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, joinedload

from hub_app.core.enums import INVITATION_METHODS, INVITATION_OUTCOMES, label
from hub_app.core.export import Column
from hub_app.core.listing import Sorts, search_clause
from hub_app.organizations.models import Organization
from hub_app.welltech.common import HUB, fiscal_year_clause, id_arg
from hub_app.welltech.models import Invitation

SORTS = Sorts(
    {
        "newest": ("打診日の新しい順", [Invitation.invited_on.desc(), Invitation.id.desc()]),
        "oldest": ("打診日の古い順", [Invitation.invited_on, Invitation.id]),
        "organization": (
            "企業・団体のカナ順",
            [func.coalesce(Organization.name_kana, Organization.name), Invitation.id],
        ),
        "updated": ("更新の新しい順", [Invitation.updated_at.desc(), Invitation.id.desc()]),
    }
)


def list_query(args: Mapping[str, str], include_deleted: bool = False) -> Select[Any]:
    query = (
        select(Invitation)
        .join(Invitation.organization)
        .options(contains_eager(Invitation.organization), joinedload(Invitation.project))
        .where(Invitation.hub == HUB)
    )
    if include_deleted:
        query = query.where(Invitation.deleted_at.is_not(None))
    else:
        query = query.where(Invitation.deleted_at.is_(None))
    clause = search_clause(
        args.get("q", "").strip(), Invitation.notes, Organization.name, Organization.name_kana
    )
    if clause is not None:
        query = query.where(clause)
    year = fiscal_year_clause(Invitation.invited_on, args.get("fiscal_year"))
    if year is not None:
        query = query.where(year)
    if args.get("outcome") in INVITATION_OUTCOMES:
        query = query.where(Invitation.outcome == args["outcome"])
    if args.get("method") in INVITATION_METHODS:
        query = query.where(Invitation.method == args["method"])
    for name in ("organization_id", "project_id"):
        value = id_arg(args, name)
        if value is not None:
            query = query.where(getattr(Invitation, name) == value)
    return query


EXPORT_COLUMNS = [
    Column("id", "ID", lambda i: i.id),
    Column("hub", "拠点", lambda i: i.hub),
    Column("organization_id", "企業・団体ID", lambda i: i.organization_id),
    Column("organization_name", "企業・団体", lambda i: i.organization.name),
    Column("invited_on", "打診日", lambda i: i.invited_on),
    Column("method", "打診方法", lambda i: label(INVITATION_METHODS, i.method)),
    Column("project_id", "対象プロジェクトID", lambda i: i.project_id),
    Column("project_title", "対象プロジェクト", lambda i: i.project.title if i.project else None),
    Column("outcome", "結果", lambda i: label(INVITATION_OUTCOMES, i.outcome)),
    Column("notes", "メモ", lambda i: i.notes),
    Column("ref", "外部参照ID", lambda i: i.ref),
]

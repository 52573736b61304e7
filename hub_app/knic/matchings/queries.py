"""Reading matchings: the list, the board by stage, exports; talent names only for those allowed."""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, joinedload

from hub_app.core.enums import COMPENSATIONS, MATCHING_STAGES, label
from hub_app.core.export import Column
from hub_app.core.listing import Sorts, fiscal_year_clause, id_arg, search_clause
from hub_app.core.permissions import can_see_talents
from hub_app.extensions import db
from hub_app.followups import fields as follow_up_fields
from hub_app.followups.sources import overdue_filter
from hub_app.knic.matchings.forms import PIPELINE
from hub_app.knic.models import Matching, Talent
from hub_app.organizations.models import Organization

SORTS = Sorts(
    {
        "newest": ("更新の新しい順", [Matching.updated_at.desc(), Matching.id.desc()]),
        "agreed": ("成立日順", [Matching.agreed_on.desc(), Matching.id.desc()]),
        "proposed": ("候補登録日順", [Matching.proposed_on.desc(), Matching.id.desc()]),
    }
)


def list_query(args: Mapping[str, str], actor: Any, include_deleted: bool = False) -> Select[Any]:
    """Matchings matching the filters; the talent's name is searchable only by those who see it."""
    query = (
        select(Matching)
        .join(Matching.talent)
        .join(Matching.organization)
        .options(
            contains_eager(Matching.talent),
            contains_eager(Matching.organization),
            joinedload(Matching.coordinator),
        )
    )
    if include_deleted:
        query = query.where(Matching.deleted_at.is_not(None))
    else:
        query = query.where(Matching.deleted_at.is_(None))
    columns = [Organization.name, Organization.name_kana, Matching.role]
    if can_see_talents(actor):
        columns += [Talent.full_name, Talent.full_name_kana]
    clause = search_clause(args.get("q", "").strip(), *columns)
    if clause is not None:
        query = query.where(clause)
    if args.get("stage") in MATCHING_STAGES:
        query = query.where(Matching.stage == args["stage"])
    for name in ("organization_id", "talent_id"):
        value = id_arg(args, name)
        if value is not None:
            query = query.where(getattr(Matching, name) == value)
    year = fiscal_year_clause(Matching.agreed_on, args.get("fiscal_year"))
    if year is not None:
        query = query.where(year)
    overdue = overdue_filter(Matching, args)
    if overdue is not None:
        query = query.where(overdue)
    return query


#: cards shown per finished column (成立・不成立・終了); the list shows them all
BOARD_CLOSED_LIMIT = 10
BOARD_CLOSED_STAGES = ("agreed", "declined", "ended")


def board(args: Mapping[str, str], actor: Any) -> list[tuple[str, list[Matching], int]]:
    """The filter's matchings by stage in pipeline order, with each column's total (one query).

    Open stages show every card, they are the work at hand; finished columns grow every
    year, so they show their latest cards and link to the list for the rest.
    """
    filters = {k: v for k, v in args.items() if k != "stage"}
    query = list_query(filters, actor).order_by(Matching.updated_at.desc(), Matching.id.desc())
    grouped: dict[str, list[Matching]] = {stage: [] for stage in PIPELINE}
    for matching in db.session.scalars(query):
        grouped.setdefault(matching.stage, []).append(matching)
    return [
        (stage, cards[:BOARD_CLOSED_LIMIT] if stage in BOARD_CLOSED_STAGES else cards, len(cards))
        for stage, cards in grouped.items()
    ]


def export_columns(actor: Any) -> list[Column]:
    """Talents by id (names only for those who may see them, read-only on import);
    organisations and coordinators by name, which the importer resolves back to ids."""
    see = can_see_talents(actor)
    return [
        Column("id", "ID", lambda m: m.id),
        Column("hub", "拠点", lambda m: m.hub),
        Column("talent_id", "人材ID", lambda m: m.talent_id),
        *(
            [Column("talent_name", "人材氏名", lambda m: m.talent.full_name if m.talent else None)]
            if see
            else []
        ),
        Column("organization", "企業・団体", lambda m: m.organization.name),
        Column("role", "役割", lambda m: m.role),
        Column("stage", "段階", lambda m: label(MATCHING_STAGES, m.stage)),
        Column("proposed_on", "候補登録日", lambda m: m.proposed_on),
        Column("introduced_on", "紹介日", lambda m: m.introduced_on),
        Column("agreed_on", "成立日", lambda m: m.agreed_on),
        Column("ended_on", "終了日", lambda m: m.ended_on),
        Column("hours_per_month", "時間(月)", lambda m: m.hours_per_month),
        Column("compensation", "報酬", lambda m: label(COMPENSATIONS, m.compensation)),
        Column("coordinator", "担当", lambda m: m.coordinator.name if m.coordinator else None),
        Column("notes", "備考", lambda m: m.notes),
        Column("ref", "外部参照", lambda m: m.ref),
        *follow_up_fields.COLUMNS,
    ]


#: every column, talents' names included, for the importer (it reads them back read-only)
ALL_COLUMNS = export_columns(SimpleNamespace(is_active=True, role="admin"))


def of_organization(organization: Organization) -> list[Matching]:
    return list(
        db.session.scalars(
            select(Matching)
            .options(joinedload(Matching.talent))
            .where(Matching.organization_id == organization.id, Matching.deleted_at.is_(None))
            .order_by(Matching.updated_at.desc(), Matching.id.desc())
        )
    )


def describe(matching: Matching, with_talent: bool) -> str:
    """A matching named in one line: the startup, the role and the stage; the talent's name
    only for those who may see talents (a manager outside K-NIC reads consultations)."""
    parts = [matching.organization.name, matching.role, label(MATCHING_STAGES, matching.stage)]
    text = "・".join(part for part in parts if part)
    return f"{matching.talent.full_name} × {text}" if with_talent else text


def link_options(with_talent: bool) -> list[tuple[int, str]]:
    """The live matchings a start-up consultation may name, newest first."""
    rows = db.session.scalars(
        select(Matching)
        .options(joinedload(Matching.organization), joinedload(Matching.talent))
        .where(Matching.hub == "knic", Matching.deleted_at.is_(None))
        .order_by(Matching.updated_at.desc(), Matching.id.desc())
    )
    return [(m.id, describe(m, with_talent)) for m in rows]

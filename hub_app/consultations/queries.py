"""Reading consultations of either hub: the filtered list, the dashboard panel, the export
columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from hub_app.core.enums import (
    CONSULTATION_CHANNELS,
    CONSULTATION_KINDS,
    CONSULTATION_STATUSES,
    CONSULTATION_TOPICS,
    label,
)
from hub_app.core.export import Column
from hub_app.core.listing import Sorts, search_clause
from hub_app.extensions import db
from hub_app.followups import fields as follow_up_fields
from hub_app.followups.sources import overdue_filter
from hub_app.organizations.models import Organization
from hub_app.welltech.common import fiscal_year_clause, id_arg
from hub_app.welltech.models import Consultation, ConsultationActivity

SORTS = Sorts(
    {
        "newest": ("受付日の新しい順", [Consultation.opened_on.desc(), Consultation.id.desc()]),
        "oldest": ("受付日の古い順", [Consultation.opened_on, Consultation.id]),
        "organization": (
            "企業・団体のカナ順",
            [func.coalesce(Organization.name_kana, Organization.name), Consultation.id],
        ),
        "updated": ("更新の新しい順", [Consultation.updated_at.desc(), Consultation.id.desc()]),
    }
)


def list_query(
    args: Mapping[str, str], include_deleted: bool = False, *, hubs: Sequence[str]
) -> Select[Any]:
    """The consultations of `hubs` (a hub's page: its own; the API: those the caller may
    read) matching a list page's (or the API's) filters."""
    query = (
        select(Consultation)
        .join(Consultation.organization)
        .options(
            contains_eager(Consultation.organization),
            joinedload(Consultation.staff),
        )
        .where(Consultation.hub.in_(hubs))
    )
    if include_deleted:
        query = query.where(Consultation.deleted_at.is_not(None))
    else:
        query = query.where(Consultation.deleted_at.is_(None))
    clause = search_clause(
        args.get("q", "").strip(),
        Consultation.title,
        Consultation.summary,
        Organization.name,
        Organization.name_kana,
    )
    if clause is not None:
        query = query.where(clause)
    year = fiscal_year_clause(Consultation.opened_on, args.get("fiscal_year"))
    if year is not None:
        query = query.where(year)
    for name, mapping in (
        ("status", CONSULTATION_STATUSES),
        ("topic", CONSULTATION_TOPICS),
        ("kind", CONSULTATION_KINDS),
        ("channel", CONSULTATION_CHANNELS),
    ):
        if args.get(name) in mapping:
            query = query.where(getattr(Consultation, name) == args[name])
    for name in ("organization_id", "staff_id", "project_id", "matching_id"):
        value = id_arg(args, name)
        if value is not None:
            query = query.where(getattr(Consultation, name) == value)
    overdue = overdue_filter(Consultation, args)
    if overdue is not None:
        query = query.where(overdue)
    return query


def export_query(args: Mapping[str, str], *, hubs: Sequence[str]) -> Select[Any]:
    """The list as exported: activities loaded with it (one more query, not one a row)."""
    return list_query(args, hubs=hubs).options(selectinload(Consultation.activities))


def last_activity_on() -> Any:
    """The day a case last moved: its latest activity, or the day it was opened."""
    latest = (
        select(func.max(ConsultationActivity.occurred_on))
        .where(
            ConsultationActivity.consultation_id == Consultation.id,
            ConsultationActivity.deleted_at.is_(None),
        )
        .correlate(Consultation)
        .scalar_subquery()
    )
    return func.coalesce(latest, Consultation.opened_on)


def open_cases(
    hub: str, staff_id: int | None = None, limit: int = 10
) -> list[tuple[Consultation, date]]:
    """The hub's open cases, those that have waited longest since they last moved first."""
    moved = last_activity_on().label("last_moved_on")
    query = (
        select(Consultation, moved)
        .options(joinedload(Consultation.organization), joinedload(Consultation.staff))
        .where(
            Consultation.hub == hub,
            Consultation.status == "open",
            Consultation.deleted_at.is_(None),
        )
        .order_by(moved, Consultation.id)
        .limit(limit)
    )
    if staff_id is not None:
        query = query.where(Consultation.staff_id == staff_id)
    return [(row[0], _as_date(row[1])) for row in db.session.execute(query)]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def activities_text(consultation: Consultation) -> str:
    """One activity a line, in the format the importer reads back: the timeline round-trips.

    Imported when called: the importer imports the API, which imports this module.
    """
    from hub_app.imports.nested import activities_text as cell

    return cell(consultation)


EXPORT_COLUMNS = [
    Column("id", "ID", lambda c: c.id),
    Column("hub", "拠点", lambda c: c.hub),
    Column("organization_id", "企業・団体ID", lambda c: c.organization_id),
    Column("organization_name", "企業・団体", lambda c: c.organization.name),
    Column("opened_on", "受付日", lambda c: c.opened_on),
    Column("kind", "種別", lambda c: label(CONSULTATION_KINDS, c.kind)),
    Column("channel", "受付方法", lambda c: label(CONSULTATION_CHANNELS, c.channel)),
    Column("topic", "テーマ", lambda c: label(CONSULTATION_TOPICS, c.topic)),
    Column("title", "件名", lambda c: c.title),
    Column("summary", "相談内容", lambda c: c.summary),
    Column("status", "状況", lambda c: label(CONSULTATION_STATUSES, c.status)),
    Column("closed_on", "完了日", lambda c: c.closed_on),
    Column("staff_id", "担当職員ID", lambda c: c.staff_id),
    Column("staff_name", "担当職員", lambda c: c.staff.name if c.staff else None),
    Column("project_id", "関連プロジェクトID", lambda c: c.project_id),
    Column("matching_id", "関連マッチングID", lambda c: c.matching_id),
    Column("ref", "外部参照ID", lambda c: c.ref),
    *follow_up_fields.COLUMNS,
    Column("activities", "対応履歴", activities_text),
]


def of_organization(hub: str, organization_id: int) -> list[Consultation]:
    """The hub's cases of one organisation, for the organisation's page."""
    return list(
        db.session.scalars(
            select(Consultation)
            .options(joinedload(Consultation.staff))
            .where(
                Consultation.organization_id == organization_id,
                Consultation.hub == hub,
                Consultation.deleted_at.is_(None),
            )
            .order_by(Consultation.opened_on.desc(), Consultation.id.desc())
        )
    )


def of_matching(matching_id: int) -> list[Consultation]:
    """The start-up consultations about a matching, for the matching's page."""
    return list(
        db.session.scalars(
            select(Consultation)
            .options(joinedload(Consultation.staff))
            .where(
                Consultation.matching_id == matching_id,
                Consultation.hub == "knic",
                Consultation.deleted_at.is_(None),
            )
            .order_by(Consultation.opened_on.desc(), Consultation.id.desc())
        )
    )

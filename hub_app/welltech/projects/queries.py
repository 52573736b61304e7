"""Reading projects: the filtered list, the board by stage, the export columns, a page's
related records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from hub_app.core.enums import PRODUCT_CATEGORIES, PROJECT_KINDS, PROJECT_STAGES, label
from hub_app.core.export import Column
from hub_app.core.listing import Sorts, search_clause
from hub_app.extensions import db
from hub_app.followups import fields as follow_up_fields
from hub_app.followups.sources import overdue_filter
from hub_app.organizations.models import Organization
from hub_app.welltech.common import HUB, fiscal_year_clause, id_arg
from hub_app.welltech.models import Consultation, Evaluation, Invitation, Project, project_partners

SORTS = Sorts(
    {
        "newest": ("開始日の新しい順", [Project.started_on.desc(), Project.id.desc()]),
        "oldest": ("開始日の古い順", [Project.started_on, Project.id]),
        "title": ("名称順", [Project.title, Project.id]),
        "updated": ("更新の新しい順", [Project.updated_at.desc(), Project.id.desc()]),
    }
)


def list_query(args: Mapping[str, str], include_deleted: bool = False) -> Select[Any]:
    query = (
        select(Project)
        .join(Project.lead_organization)
        .options(contains_eager(Project.lead_organization), selectinload(Project.partners))
        .where(Project.hub == HUB)
    )
    if include_deleted:
        query = query.where(Project.deleted_at.is_not(None))
    else:
        query = query.where(Project.deleted_at.is_(None))
    clause = search_clause(
        args.get("q", "").strip(),
        Project.title,
        Project.summary,
        Organization.name,
        Organization.name_kana,
    )
    if clause is not None:
        query = query.where(clause)
    year = fiscal_year_clause(Project.started_on, args.get("fiscal_year"))
    if year is not None:
        query = query.where(year)
    launched = fiscal_year_clause(Project.launched_on, args.get("launched_fiscal_year"))
    if launched is not None:
        query = query.where(launched)
    overdue = overdue_filter(Project, args)
    if overdue is not None:
        query = query.where(overdue)
    for name, mapping in (
        ("stage", PROJECT_STAGES),
        ("kind", PROJECT_KINDS),
        ("product_category", PRODUCT_CATEGORIES),
    ):
        if args.get(name) in mapping:
            query = query.where(getattr(Project, name) == args[name])
    organization_id = id_arg(args, "organization_id")
    if organization_id is not None:
        partner_of = select(project_partners.c.project_id).where(
            project_partners.c.organization_id == organization_id
        )
        query = query.where(
            or_(Project.lead_organization_id == organization_id, Project.id.in_(partner_of))
        )
    return query


def board(query: Select[Any]) -> list[tuple[str, str, list[Project]]]:
    """Projects grouped by stage, in the stages' order: (code, label, projects)."""
    from hub_app.extensions import db

    projects = db.session.scalars(query).all()
    return [
        (code, text, [p for p in projects if p.stage == code])
        for code, text in PROJECT_STAGES.items()
    ]


EXPORT_COLUMNS = [
    Column("id", "ID", lambda p: p.id),
    Column("hub", "拠点", lambda p: p.hub),
    Column("title", "プロジェクト名", lambda p: p.title),
    Column("kind", "区分", lambda p: label(PROJECT_KINDS, p.kind)),
    Column("lead_organization_id", "主体企業ID", lambda p: p.lead_organization_id),
    Column("lead_organization_name", "主体企業", lambda p: p.lead_organization.name),
    Column("partner_ids", "連携先ID", lambda p: p.partner_ids),
    Column("partner_names", "連携先", lambda p: [o.name for o in p.partners]),
    Column("product_category", "製品分類", lambda p: label(PRODUCT_CATEGORIES, p.product_category)),
    Column("stage", "段階", lambda p: label(PROJECT_STAGES, p.stage)),
    Column("started_on", "開始日", lambda p: p.started_on),
    Column("launched_on", "市場化日", lambda p: p.launched_on),
    Column("ended_on", "終了日", lambda p: p.ended_on),
    Column("summary", "概要", lambda p: p.summary),
    Column("ref", "外部参照ID", lambda p: p.ref),
    *follow_up_fields.COLUMNS,
]


def related(project: Project) -> dict[str, list]:
    """The evaluations, consultations and invitations shown on a project's page."""
    evaluations = db.session.scalars(
        select(Evaluation)
        .options(selectinload(Evaluation.measurements))
        .where(Evaluation.project_id == project.id, Evaluation.deleted_at.is_(None))
        .order_by(Evaluation.evaluated_on.desc(), Evaluation.id.desc())
    ).all()
    consultations = db.session.scalars(
        select(Consultation)
        .options(joinedload(Consultation.organization))
        .where(Consultation.project_id == project.id, Consultation.deleted_at.is_(None))
        .order_by(Consultation.opened_on.desc(), Consultation.id.desc())
    ).all()
    invitations = db.session.scalars(
        select(Invitation)
        .options(joinedload(Invitation.organization))
        .where(Invitation.project_id == project.id, Invitation.deleted_at.is_(None))
        .order_by(Invitation.invited_on.desc(), Invitation.id.desc())
    ).all()
    return {
        "evaluations": list(evaluations),
        "consultations": list(consultations),
        "invitations": list(invitations),
    }

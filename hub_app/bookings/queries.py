"""Reading bookings: the list, a facility's week, the slot a new booking would take."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, not_, or_, select
from sqlalchemy.orm import selectinload

from hub_app.bookings.models import Booking
from hub_app.core.datetimes import rfc3339_tokyo, start_of_day
from hub_app.core.enums import EVALUATION_ASPECTS, FACILITIES, label
from hub_app.core.errors import PermissionDenied
from hub_app.core.export import Column
from hub_app.core.fiscal import fiscal_year_end, fiscal_year_start, parse_fiscal_year
from hub_app.core.listing import Sorts, id_arg, search_clause
from hub_app.core.permissions import can_read_hub, readable_hubs
from hub_app.extensions import db

SORTS = Sorts(
    {
        "upcoming": ("開始日時の早い順", [Booking.starts_at, Booking.id]),
        "latest": ("開始日時の遅い順", [Booking.starts_at.desc(), Booking.id.desc()]),
    }
)
#: loaded with every page of bookings, so showing one row asks the database nothing more
EAGER = [
    selectinload(Booking.organization),
    selectinload(Booking.project),
    selectinload(Booking.evaluation),
    selectinload(Booking.staff),
]


def holding() -> ColumnElement[bool]:
    """A live booking that still holds its slot: not deleted, and not freed by its project
    (cancelled or deleted) or its evaluation (deleted). Booking.freed_reason says the same
    in Python."""
    from hub_app.welltech.models import Evaluation, Project

    freed_by_project = exists().where(
        Project.id == Booking.project_id,
        or_(Project.deleted_at.is_not(None), Project.stage == "cancelled"),
    )
    freed_by_evaluation = exists().where(
        Evaluation.id == Booking.evaluation_id, Evaluation.deleted_at.is_not(None)
    )
    return and_(Booking.deleted_at.is_(None), not_(freed_by_project), not_(freed_by_evaluation))


def in_the_way(
    hub: str, facility: str, starts_at: datetime, ends_at: datetime, exclude: int | None
) -> Booking | None:
    """The first live booking of the facility that overlaps [starts_at, ends_at). Touching
    ends do not overlap: one booking may end at 12:00 and the next start at 12:00."""
    query = select(Booking).where(
        Booking.hub == hub,
        Booking.facility == facility,
        Booking.starts_at < ends_at,
        Booking.ends_at > starts_at,
        holding(),
    )
    if exclude is not None:
        query = query.where(Booking.id != exclude)
    return db.session.scalar(query.order_by(Booking.starts_at, Booking.id).limit(1))


def readable(actor: Any) -> ColumnElement[bool]:
    return Booking.hub.in_(readable_hubs(actor))


def list_query(args: Mapping[str, str], actor: Any, include_deleted: bool = False) -> Select[Any]:
    """The bookings a user may read, filtered as the list page and the API ask."""
    if not can_read_hub(actor, "welltech"):
        raise PermissionDenied("施設予約を見る権限がありません。")
    query = select(Booking).where(readable(actor))
    if include_deleted:
        query = query.where(Booking.deleted_at.is_not(None))
    else:
        query = query.where(Booking.deleted_at.is_(None))
    clause = search_clause(args.get("q", "").strip(), Booking.title, Booking.notes)
    if clause is not None:
        query = query.where(clause)
    if args.get("facility") in FACILITIES:
        query = query.where(Booking.facility == args["facility"])
    for name in ("staff_id", "evaluation_id"):
        record_id = id_arg(args, name)
        if record_id is not None:
            query = query.where(getattr(Booking, name) == record_id)
    year = parse_fiscal_year(args.get("fiscal_year") or "")
    if year is not None:
        query = query.where(
            Booking.starts_at >= start_of_day(fiscal_year_start(year)),
            Booking.starts_at < start_of_day(fiscal_year_end(year) + timedelta(days=1)),
        )
    if args.get("upcoming") == "1":
        from hub_app.core import clock

        query = query.where(Booking.ends_at > clock.now())
    return query


def between(
    hub: str, facility: str | None, first_day: date, days: int, live_only: bool = False
) -> list[Booking]:
    """Bookings (deleted ones left out) that touch the Japan days [first_day, +days)."""
    starts, ends = start_of_day(first_day), start_of_day(first_day + timedelta(days=days))
    query = select(Booking).where(
        Booking.hub == hub,
        Booking.deleted_at.is_(None),
        Booking.starts_at < ends,
        Booking.ends_at > starts,
    )
    if facility is not None:
        query = query.where(Booking.facility == facility)
    if live_only:
        query = query.where(holding())
    query = query.options(*EAGER).order_by(Booking.starts_at, Booking.id)
    return list(db.session.scalars(query))


def of(column: Any, record_id: int) -> list[Booking]:
    """The live bookings of a project or an evaluation, for its page."""
    query = (
        select(Booking)
        .where(column == record_id, Booking.deleted_at.is_(None))
        .options(*EAGER)
        .order_by(Booking.starts_at, Booking.id)
    )
    return list(db.session.scalars(query))


EXPORT_COLUMNS = [
    Column("id", "ID", lambda b: b.id),
    Column("hub", "拠点", lambda b: b.hub),
    Column("facility", "施設", lambda b: label(FACILITIES, b.facility)),
    Column("starts_at", "開始日時", lambda b: rfc3339_tokyo(b.starts_at)),
    Column("ends_at", "終了日時", lambda b: rfc3339_tokyo(b.ends_at)),
    Column("title", "件名", lambda b: b.title),
    Column("organization_id", "企業・団体ID", lambda b: b.organization_id),
    Column(
        "organization_name", "企業・団体", lambda b: b.organization.name if b.organization else None
    ),
    Column("project_id", "プロジェクトID", lambda b: b.project_id),
    Column("project_title", "プロジェクト", lambda b: b.project.title if b.project else None),
    Column("evaluation_id", "製品評価ID", lambda b: b.evaluation_id),
    Column("staff_id", "担当職員ID", lambda b: b.staff_id),
    Column("staff_name", "担当職員", lambda b: b.staff.name if b.staff else None),
    Column("notes", "メモ", lambda b: b.notes),
    Column("freed", "解放", lambda b: b.freed_reason),
]


def context_of(project_id: int | None, evaluation_id: int | None) -> dict[str, Any]:
    """What a booking made from a project's or an evaluation's page starts with: the
    project, its lead organisation, a title and, for an evaluation, the facility of its
    setting. Ids that name nothing usable add nothing (the form then says so)."""
    from hub_app.welltech.models import Evaluation, Project

    values: dict[str, Any] = {}
    evaluation = db.session.get(Evaluation, evaluation_id) if evaluation_id else None
    if evaluation is not None and evaluation.deleted_at is None:
        project_id = evaluation.project_id
        if evaluation.setting in FACILITIES:
            values["facility"] = evaluation.setting
    project = db.session.get(Project, project_id) if project_id else None
    if project is None or project.deleted_at is not None or project.hub != "welltech":
        return values
    values["project_id"] = project.id
    values["organization_id"] = project.lead_organization_id
    if evaluation is not None and evaluation.deleted_at is None:
        aspect = label(EVALUATION_ASPECTS, evaluation.aspect)
        values["title"] = f"{project.title} {aspect}評価"
    else:
        values["title"] = project.title
    return values


def evaluation_options() -> list[tuple[int, str]]:
    """Evaluations of live Welltech projects, newest first, named by project and day."""
    from hub_app.welltech.models import Evaluation, Project

    rows = db.session.execute(
        select(Evaluation.id, Evaluation.evaluated_on, Evaluation.aspect, Project.title)
        .join(Project, Project.id == Evaluation.project_id)
        .where(
            Evaluation.deleted_at.is_(None),
            Project.deleted_at.is_(None),
            Project.hub == "welltech",
        )
        .order_by(Evaluation.evaluated_on.desc(), Evaluation.id.desc())
    )
    return [
        (
            row.id,
            f"{row.title}({row.evaluated_on.isoformat()} {label(EVALUATION_ASPECTS, row.aspect)})",
        )
        for row in rows
    ]

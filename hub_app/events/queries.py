"""Reading events: the list (by readable hub), a roster, exports."""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from hub_app.core.enums import EVENT_KINDS, HUBS, label
from hub_app.core.export import Column
from hub_app.core.listing import Sorts, fiscal_year_clause, search_clause
from hub_app.core.permissions import can_see_talents, readable_hubs
from hub_app.events.models import Attendance, Event
from hub_app.extensions import db
from hub_app.knic.models import Talent
from hub_app.organizations.models import Organization

SORTS = Sorts(
    {
        "newest": ("開催日の新しい順", [Event.held_on.desc(), Event.id.desc()]),
        "oldest": ("開催日の古い順", [Event.held_on, Event.id]),
    }
)
#: the most options a roster's choice list offers; a search narrows the rest
ROSTER_LIMIT = 300


def list_query(args: Mapping[str, str], actor: Any, include_deleted: bool = False) -> Select[Any]:
    """Events of the hubs the user may read, with the list page's filters."""
    query = select(Event).where(Event.hub.in_(readable_hubs(actor)))
    if include_deleted:
        query = query.where(Event.deleted_at.is_not(None))
    else:
        query = query.where(Event.deleted_at.is_(None))
    clause = search_clause(args.get("q", "").strip(), Event.title, Event.venue, Event.summary)
    if clause is not None:
        query = query.where(clause)
    if args.get("kind") in EVENT_KINDS:
        query = query.where(Event.kind == args["kind"])
    if args.get("hub") in HUBS:
        query = query.where(Event.hub == args["hub"])
    year = fiscal_year_clause(Event.held_on, args.get("fiscal_year"))
    if year is not None:
        query = query.where(year)
    return query


def with_attendances(query: Select[Any]) -> Select[Any]:
    return query.options(selectinload(Event.attendances))


def attendees(
    event: Event,
) -> tuple[list[tuple[Attendance, Talent]], list[tuple[Attendance, Organization]]]:
    """The event's talents and organisations, each with its attendance row (two queries)."""
    talents = db.session.execute(
        select(Attendance, Talent)
        .join(Talent, Talent.id == Attendance.talent_id)
        .where(
            Attendance.event_id == event.id,
            Attendance.deleted_at.is_(None),
            Talent.deleted_at.is_(None),
        )
        .order_by(func.coalesce(Talent.full_name_kana, Talent.full_name), Talent.id)
    ).all()
    organizations = db.session.execute(
        select(Attendance, Organization)
        .join(Organization, Organization.id == Attendance.organization_id)
        .where(Attendance.event_id == event.id, Attendance.deleted_at.is_(None))
        .order_by(func.coalesce(Organization.name_kana, Organization.name), Organization.id)
    ).all()
    return [tuple(r) for r in talents], [tuple(r) for r in organizations]


def _attending(event: Event, column: Any) -> Select[Any]:
    return select(column).where(
        Attendance.event_id == event.id, Attendance.deleted_at.is_(None), column.is_not(None)
    )


def talent_choices(event: Event, text: str = "") -> list[tuple[int, str]]:
    """Talents who could be added: registered, not anonymised, not already attending.

    Each option names the job title and employer too, so two people of the same name
    can be told apart in the roster.
    """
    query = (
        select(
            Talent.id,
            Talent.full_name,
            Talent.full_name_kana,
            Talent.job_title,
            Organization.name.label("employer"),
        )
        .outerjoin(Organization, Organization.id == Talent.employer_id)
        .where(
            Talent.deleted_at.is_(None),
            Talent.anonymized_at.is_(None),
            Talent.id.not_in(_attending(event, Attendance.talent_id)),
        )
    )
    clause = search_clause(
        text, Talent.full_name, Talent.full_name_kana, Talent.job_title, Organization.name
    )
    if clause is not None:
        query = query.where(clause)
    query = query.order_by(func.coalesce(Talent.full_name_kana, Talent.full_name), Talent.id)
    return [(r.id, _talent_option(r)) for r in db.session.execute(query.limit(ROSTER_LIMIT))]


def _talent_option(row: Any) -> str:
    text = row.full_name + (f"({row.full_name_kana})" if row.full_name_kana else "")
    where = "・".join(part for part in (row.employer, row.job_title) if part)
    return f"{text} — {where}" if where else text


def organization_choices(event: Event, text: str = "") -> list[tuple[int, str]]:
    query = select(Organization.id, Organization.name).where(
        Organization.deleted_at.is_(None),
        Organization.id.not_in(_attending(event, Attendance.organization_id)),
    )
    clause = search_clause(text, Organization.name, Organization.name_kana)
    if clause is not None:
        query = query.where(clause)
    query = query.order_by(
        func.coalesce(Organization.name_kana, Organization.name), Organization.id
    )
    return [(r.id, r.name) for r in db.session.execute(query.limit(ROSTER_LIMIT))]


EXPORT_COLUMNS = [
    Column("id", "ID", lambda e: e.id),
    Column("hub", "拠点", lambda e: e.hub),
    Column("title", "名称", lambda e: e.title),
    Column("kind", "種別", lambda e: label(EVENT_KINDS, e.kind)),
    Column("held_on", "開催日", lambda e: e.held_on),
    Column("venue", "会場", lambda e: e.venue),
    Column("summary", "概要", lambda e: e.summary),
    Column("headcount", "その他の参加者数", lambda e: e.headcount),
    Column("ref", "外部参照", lambda e: e.ref),
]
#: the list page's export adds the number of recorded attendees
PAGE_COLUMNS = [
    *EXPORT_COLUMNS,
    Column("attendees", "記録された参加者数", lambda e: len(e.attendances)),
]


def attendance_columns(actor: Any) -> list[Column]:
    """Ids with what they name beside them, so an import can check one against the other
    (and find the record in another database); talents' names only for those who may
    see talents, as in the talents export."""
    see = can_see_talents(actor)
    return [
        Column("id", "ID", lambda a: a.id),
        Column("event_id", "イベントID", lambda a: a.event_id),
        Column("event_title", "イベント", lambda a: a.event.title),
        Column("talent_id", "人材ID", lambda a: a.talent_id),
        *(
            [Column("talent_name", "人材氏名", lambda a: a.talent.full_name if a.talent else None)]
            if see
            else []
        ),
        Column("organization_id", "企業・団体ID", lambda a: a.organization_id),
        Column(
            "organization_name",
            "企業・団体",
            lambda a: a.organization.name if a.organization else None,
        ),
    ]


#: every column, for the importer (which reads codes and labels alike)
ATTENDANCE_COLUMNS = attendance_columns(SimpleNamespace(is_active=True, role="admin"))
#: what the attendance export shows loaded with it: a fixed number of queries
ATTENDANCE_EAGER = [
    selectinload(Attendance.event),
    selectinload(Attendance.talent),
    selectinload(Attendance.organization),
]


def attended_by_organization(organization_id: int, hubs: Any) -> list[Event]:
    """Events of the given hubs with a live attendance of this organisation."""
    attended = select(Attendance.event_id).where(
        Attendance.organization_id == organization_id, Attendance.deleted_at.is_(None)
    )
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.id.in_(attended), Event.deleted_at.is_(None), Event.hub.in_(list(hubs)))
            .order_by(Event.held_on.desc(), Event.id.desc())
        )
    )

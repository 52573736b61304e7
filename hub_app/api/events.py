"""Event and attendance collections of both hubs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from hub_app.api import bp
from hub_app.api.resources import Collection, register
from hub_app.core.forms import record_values
from hub_app.core.models import rfc3339
from hub_app.core.permissions import can_read_hub, can_see_talents, readable_hubs, require
from hub_app.events import queries, services
from hub_app.events.forms import AttendanceForm, EventForm
from hub_app.events.models import Attendance, Event
from hub_app.extensions import db

NO_READ = "イベントを閲覧する権限がありません。"


def serialize_event(event: Event, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": event.id,
        "hub": event.hub,
        "title": event.title,
        "kind": event.kind,
        "held_on": event.held_on.isoformat(),
        "venue": event.venue,
        "summary": event.summary,
        "headcount": event.headcount,
        "ref": event.ref,
        "created_at": rfc3339(event.created_at),
        "updated_at": rfc3339(event.updated_at),
        "created_by": event.created_by,
    }


def event_list_query(args: Mapping[str, str], actor: Any):
    require(bool(readable_hubs(actor)), NO_READ)
    return queries.list_query(args, actor)


def serialize_attendance(attendance: Attendance, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": attendance.id,
        "event_id": attendance.event_id,
        "talent_id": attendance.talent_id,
        "organization_id": attendance.organization_id,
        "created_at": rfc3339(attendance.created_at),
        "updated_at": rfc3339(attendance.updated_at),
        "created_by": attendance.created_by,
    }


def attendance_list_query(args: Mapping[str, str], actor: Any):
    """Attendances of readable events; a talent's attendance only for those who see talents."""
    require(bool(readable_hubs(actor)), NO_READ)
    query = (
        select(Attendance)
        .join(Event, Event.id == Attendance.event_id)
        .where(
            Attendance.deleted_at.is_(None),
            Event.deleted_at.is_(None),
            Event.hub.in_(readable_hubs(actor)),
        )
    )
    if args.get("hub") in ("welltech", "knic"):
        query = query.where(Event.hub == args["hub"])
    if not can_see_talents(actor):
        query = query.where(Attendance.talent_id.is_(None))
    return query


def can_read_attendance(actor: Any, attendance: Attendance) -> bool:
    event = db.session.get(Event, attendance.event_id)
    if event is None or not can_read_hub(actor, event.hub):
        return False
    return attendance.talent_id is None or can_see_talents(actor)


register(
    bp,
    Collection(
        name="events",
        model=Event,
        form=EventForm,
        serialize=serialize_event,
        list_query=event_list_query,
        can_read=lambda actor, event: can_read_hub(actor, event.hub),
        create=services.create_event,
        update=services.update_event,
        delete=services.delete_event,
        order_by=[Event.id],
        # the hub follows the kind: a PATCH of the kind alone must not trip over the old hub
        base_values=lambda event: {
            k: v for k, v in record_values(event, EventForm).items() if k != "hub"
        },
        columns=queries.PAGE_COLUMNS,
    ),
)

register(
    bp,
    Collection(
        name="attendances",
        model=Attendance,
        form=AttendanceForm,
        serialize=serialize_attendance,
        list_query=attendance_list_query,
        can_read=can_read_attendance,
        create=services.create_attendance,
        update=services.update_attendance,
        delete=services.remove_attendance,
        order_by=[Attendance.id],
        filters=("hub",),
        eager=queries.ATTENDANCE_EAGER,
        columns=queries.ATTENDANCE_COLUMNS,
    ),
)

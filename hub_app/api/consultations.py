"""The consultations collection, of both hubs, with its activities sub-resource.

A list holds the cases of the hubs the caller may read; `hub=` narrows it, and asking for
a hub the caller may not read is a 403, as its pages are. A record sent without `hub` is
Welltech's (clients and files from before K-NIC kept consultations).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import jsonify
from sqlalchemy.orm import selectinload

from hub_app.api import bp, callers
from hub_app.api.resources import Collection, json_form, register
from hub_app.api.welltech import iso, stamps
from hub_app.consultations import hubs, queries, services
from hub_app.consultations.forms import ActivityForm, ConsultationForm
from hub_app.core.errors import NotFound, PermissionDenied
from hub_app.core.models import rfc3339
from hub_app.core.permissions import require
from hub_app.extensions import db
from hub_app.followups.fields import follow_up_json
from hub_app.welltech.models import Consultation, ConsultationActivity


def readable(actor: Any, consultation: Consultation) -> bool:
    return hubs.can_read(actor, consultation.hub)


def serialize_activity(activity: ConsultationActivity) -> dict[str, Any]:
    return {
        "id": activity.id,
        "occurred_on": iso(activity.occurred_on),
        "notes": activity.notes,
        "user_id": activity.user_id,
        "user": activity.user.name if activity.user else None,
        "created_at": rfc3339(activity.created_at),
    }


def serialize_consultation(consultation: Consultation, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": consultation.id,
        "hub": consultation.hub,
        "organization_id": consultation.organization_id,
        "opened_on": iso(consultation.opened_on),
        "kind": consultation.kind,
        "channel": consultation.channel,
        "topic": consultation.topic,
        "title": consultation.title,
        "summary": consultation.summary,
        "status": consultation.status,
        "closed_on": iso(consultation.closed_on),
        "staff_id": consultation.staff_id,
        "project_id": consultation.project_id,
        "matching_id": consultation.matching_id,
        "ref": consultation.ref,
        **follow_up_json(consultation),
        "activities": [
            serialize_activity(a) for a in consultation.activities if a.deleted_at is None
        ],
        **stamps(consultation),
    }


def consultation_list(args: Mapping[str, str], actor: Any):
    allowed = hubs.readable_hubs(actor)
    require(bool(allowed), hubs.NO_ACCESS)
    asked = args.get("hub")
    if asked in hubs.HUBS:
        hubs.require_read(actor, asked)
        allowed = [asked]
    return queries.list_query(args, hubs=allowed)


CONSULTATION_EAGER = [
    selectinload(Consultation.activities).joinedload(ConsultationActivity.user),
]

register(
    bp,
    Collection(
        name="consultations",
        model=Consultation,
        form=ConsultationForm,
        serialize=serialize_consultation,
        list_query=consultation_list,
        can_read=readable,
        create=services.create_consultation,
        update=services.update_consultation,
        delete=services.delete_consultation,
        eager=CONSULTATION_EAGER,
        order_by=[Consultation.id],
        filters=("topic", "channel", "staff_id", "matching_id", "overdue"),
        columns=queries.EXPORT_COLUMNS,
    ),
)


def _consultation(record_id: int) -> Consultation:
    consultation = db.session.get(Consultation, record_id, options=CONSULTATION_EAGER)
    if consultation is None or consultation.deleted_at is not None:
        raise NotFound("指定されたIDの記録はありません。")
    if not readable(callers.user(), consultation):
        raise PermissionDenied("この記録を見る権限がありません。")
    return consultation


@bp.get("/consultations/<int:record_id>/activities")
def consultation_activities(record_id: int):
    consultation = _consultation(record_id)
    items = [serialize_activity(a) for a in consultation.activities if a.deleted_at is None]
    return jsonify({"items": items, "total": len(items), "page": 1})


@bp.post("/consultations/<int:record_id>/activities")
def consultation_activity_create(record_id: int):
    consultation = _consultation(record_id)
    form = json_form(ActivityForm)
    activity = services.add_activity(callers.user(), consultation, form)
    db.session.commit()
    return jsonify(serialize_activity(activity)), 201

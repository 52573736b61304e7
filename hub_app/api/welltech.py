"""Welltech's collections: consultations (with activities), invitations, projects, evaluations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import jsonify
from sqlalchemy.orm import selectinload

from hub_app.api import bp, callers
from hub_app.api.resources import Collection, json_form, register
from hub_app.core.errors import NotFound, PermissionDenied
from hub_app.core.forms import record_values
from hub_app.core.models import rfc3339
from hub_app.extensions import db
from hub_app.followups.fields import follow_up_json
from hub_app.welltech.common import HUB, can_read, require_read
from hub_app.welltech.consultations import queries as consultation_queries
from hub_app.welltech.consultations import services as consultation_services
from hub_app.welltech.consultations.forms import ActivityForm, ConsultationForm
from hub_app.welltech.evaluations import queries as evaluation_queries
from hub_app.welltech.evaluations import services as evaluation_services
from hub_app.welltech.evaluations.forms import EvaluationForm
from hub_app.welltech.invitations import queries as invitation_queries
from hub_app.welltech.invitations import services as invitation_services
from hub_app.welltech.invitations.forms import InvitationForm
from hub_app.welltech.models import (
    Consultation,
    ConsultationActivity,
    Evaluation,
    Invitation,
    Measurement,
    Project,
)
from hub_app.welltech.projects import queries as project_queries
from hub_app.welltech.projects import services as project_services
from hub_app.welltech.projects.forms import ProjectForm


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def number(value: Decimal | None) -> int | float | None:
    """A decimal as a JSON number: integral values without a fraction."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def stamps(record: Any) -> dict[str, Any]:
    return {
        "created_at": rfc3339(record.created_at),
        "updated_at": rfc3339(record.updated_at),
        "created_by": record.created_by,
    }


def readable(actor: Any, record: Any) -> bool:
    return can_read(actor) and getattr(record, "hub", HUB) == HUB


# ---- consultations ------------------------------------------------------------------


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
        "ref": consultation.ref,
        **follow_up_json(consultation),
        "activities": [
            serialize_activity(a) for a in consultation.activities if a.deleted_at is None
        ],
        **stamps(consultation),
    }


def consultation_list(args: Mapping[str, str], actor: Any):
    require_read(actor)
    return consultation_queries.list_query(args)


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
        create=consultation_services.create_consultation,
        update=consultation_services.update_consultation,
        delete=consultation_services.delete_consultation,
        eager=CONSULTATION_EAGER,
        order_by=[Consultation.id],
        filters=("topic", "channel", "staff_id", "overdue"),
        columns=consultation_queries.EXPORT_COLUMNS,
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
    activity = consultation_services.add_activity(callers.user(), consultation, form)
    db.session.commit()
    return jsonify(serialize_activity(activity)), 201


# ---- invitations --------------------------------------------------------------------


def serialize_invitation(invitation: Invitation, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": invitation.id,
        "hub": invitation.hub,
        "organization_id": invitation.organization_id,
        "invited_on": iso(invitation.invited_on),
        "method": invitation.method,
        "project_id": invitation.project_id,
        "outcome": invitation.outcome,
        "notes": invitation.notes,
        "ref": invitation.ref,
        **stamps(invitation),
    }


def invitation_list(args: Mapping[str, str], actor: Any):
    require_read(actor)
    return invitation_queries.list_query(args)


register(
    bp,
    Collection(
        name="invitations",
        model=Invitation,
        form=InvitationForm,
        serialize=serialize_invitation,
        list_query=invitation_list,
        can_read=readable,
        create=invitation_services.create_invitation,
        update=invitation_services.update_invitation,
        delete=invitation_services.delete_invitation,
        order_by=[Invitation.id],
        filters=("method",),
        columns=invitation_queries.EXPORT_COLUMNS,
    ),
)


# ---- projects -----------------------------------------------------------------------


def serialize_project(project: Project, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": project.id,
        "hub": project.hub,
        "title": project.title,
        "kind": project.kind,
        "lead_organization_id": project.lead_organization_id,
        "partner_ids": project.partner_ids,
        "product_category": project.product_category,
        "stage": project.stage,
        "started_on": iso(project.started_on),
        "launched_on": iso(project.launched_on),
        "ended_on": iso(project.ended_on),
        "summary": project.summary,
        "ref": project.ref,
        **follow_up_json(project),
        **stamps(project),
    }


def project_list(args: Mapping[str, str], actor: Any):
    require_read(actor)
    return project_queries.list_query(args)


register(
    bp,
    Collection(
        name="projects",
        model=Project,
        form=ProjectForm,
        serialize=serialize_project,
        list_query=project_list,
        can_read=readable,
        create=project_services.create_project,
        update=project_services.update_project,
        delete=project_services.delete_project,
        eager=[selectinload(Project.partners)],
        order_by=[Project.id],
        filters=("product_category", "launched_fiscal_year", "overdue"),
        columns=project_queries.EXPORT_COLUMNS,
    ),
)


# ---- evaluations --------------------------------------------------------------------


def serialize_measurement(measurement: Measurement) -> dict[str, Any]:
    return {
        "name": measurement.name,
        "value": number(measurement.value),
        "unit": measurement.unit,
        "threshold": number(measurement.threshold),
        "direction": measurement.direction,
        "within_threshold": measurement.within_threshold,
    }


def serialize_evaluation(evaluation: Evaluation, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": evaluation.id,
        "project_id": evaluation.project_id,
        "evaluated_on": iso(evaluation.evaluated_on),
        "aspect": evaluation.aspect,
        "setting": evaluation.setting,
        "method": evaluation.method,
        "result": evaluation.result,
        "summary": evaluation.summary,
        "ref": evaluation.ref,
        "measurements": [serialize_measurement(m) for m in evaluation.measurements],
        **stamps(evaluation),
    }


def evaluation_list(args: Mapping[str, str], actor: Any):
    require_read(actor)
    return evaluation_queries.list_query(args)


def evaluation_readable(actor: Any, evaluation: Evaluation) -> bool:
    return can_read(actor) and evaluation.project is not None and evaluation.project.hub == HUB


def evaluation_base(evaluation: Evaluation) -> dict[str, Any]:
    """The stored evaluation for PATCH: a body without `measurements` keeps them."""
    values = record_values(evaluation, EvaluationForm)
    values["measurements"] = [
        {k: v for k, v in m.row().items() if v is not None} for m in evaluation.measurements
    ]
    return values


register(
    bp,
    Collection(
        name="evaluations",
        model=Evaluation,
        form=EvaluationForm,
        serialize=serialize_evaluation,
        list_query=evaluation_list,
        can_read=evaluation_readable,
        create=evaluation_services.create_evaluation,
        update=evaluation_services.update_evaluation,
        delete=evaluation_services.delete_evaluation,
        eager=[selectinload(Evaluation.measurements)],
        base_values=evaluation_base,
        order_by=[Evaluation.id],
        filters=("aspect", "setting", "method", "result"),
        columns=evaluation_queries.EXPORT_COLUMNS,
    ),
)

"""What Welltech adds to other pages: its consultations panel on the dashboard and the
organisation's section."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from hub_app.consultations import panels as consultation_panels
from hub_app.extensions import db
from hub_app.organizations.views import DETAIL_SECTIONS
from hub_app.welltech.common import HUB, can_read, can_write
from hub_app.welltech.models import Consultation, Invitation, Project, project_partners

SECTION_TEMPLATE = "welltech/panels/organization.html"


def organization_section(organization: Any, user: Any) -> dict[str, Any] | None:
    """The organisation's consultations, invitations and projects (lead or partner)."""
    if not can_read(user):
        return None
    consultations = db.session.scalars(
        select(Consultation)
        .options(joinedload(Consultation.staff))
        .where(
            Consultation.organization_id == organization.id,
            Consultation.hub == HUB,
            Consultation.deleted_at.is_(None),
        )
        .order_by(Consultation.opened_on.desc(), Consultation.id.desc())
    ).all()
    invitations = db.session.scalars(
        select(Invitation)
        .options(joinedload(Invitation.project))
        .where(
            Invitation.organization_id == organization.id,
            Invitation.hub == HUB,
            Invitation.deleted_at.is_(None),
        )
        .order_by(Invitation.invited_on.desc(), Invitation.id.desc())
    ).all()
    partner_of = select(project_partners.c.project_id).where(
        project_partners.c.organization_id == organization.id
    )
    projects = db.session.scalars(
        select(Project)
        .where(
            Project.hub == HUB,
            Project.deleted_at.is_(None),
            or_(Project.lead_organization_id == organization.id, Project.id.in_(partner_of)),
        )
        .order_by(Project.started_on.desc(), Project.id.desc())
    ).all()
    return {
        "organization": organization,
        "hub": HUB,
        "can_write": can_write(user),
        "consultations": consultations,
        "invitations": invitations,
        "projects": projects,
    }


def register() -> None:
    """Called once when the Welltech views are imported."""
    consultation_panels.register("welltech")
    if not any(entry[1] == SECTION_TEMPLATE for entry in DETAIL_SECTIONS):
        DETAIL_SECTIONS.append(("ウェルテック", SECTION_TEMPLATE, organization_section))

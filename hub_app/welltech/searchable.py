"""How the header search finds Welltech's records; each names its organisation too.
Consultations, of both hubs, are hub_app.consultations.registrations'."""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from hub_app.core.enums import EVALUATION_ASPECTS, INVITATION_OUTCOMES, PROJECT_STAGES
from hub_app.search.registry import Document, Searchable, add
from hub_app.welltech.models import Evaluation, Invitation, Project


def _invitation(invitation: Invitation) -> Document:
    return Document(
        title=f"{invitation.organization.name}への参画打診",
        hub=invitation.hub,
        texts=(invitation.organization.name, invitation.notes, invitation.ref),
        day=invitation.invited_on,
    )


def _project(project: Project) -> Document:
    return Document(
        title=project.title,
        hub=project.hub,
        texts=(project.lead_organization.name, project.summary, project.ref),
        day=project.started_on,
    )


def _evaluation(evaluation: Evaluation) -> Document:
    aspect = EVALUATION_ASPECTS.get(evaluation.aspect, evaluation.aspect)
    return Document(
        title=f"{evaluation.project.title}({aspect})",
        hub=evaluation.project.hub,
        texts=(evaluation.summary, evaluation.ref),
        day=evaluation.evaluated_on,
    )


def register() -> None:
    add(
        Searchable(
            Project,
            "project",
            _project,
            describe=lambda p, _user: (
                p.title,
                f"{p.lead_organization.name} · {PROJECT_STAGES.get(p.stage, p.stage)}",
            ),
            load=(selectinload(Project.lead_organization),),
            via=(Project.lead_organization_id,),
        )
    )
    add(
        Searchable(
            Evaluation,
            "evaluation",
            _evaluation,
            load=(selectinload(Evaluation.project),),
            via=(Evaluation.project_id,),
        )
    )
    add(
        Searchable(
            Invitation,
            "invitation",
            _invitation,
            describe=lambda i, _user: (
                f"{i.organization.name}への参画打診",
                INVITATION_OUTCOMES.get(i.outcome, i.outcome),
            ),
            load=(selectinload(Invitation.organization),),
            via=(Invitation.organization_id,),
        )
    )

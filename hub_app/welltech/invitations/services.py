"""Writes on invitations: validate → permission → apply → audit → flush."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hub_app.core import records
from hub_app.core.errors import Conflict
from hub_app.core.forms import form_from_mapping, form_values, record_values, validate
from hub_app.core.permissions import is_admin, require
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.welltech.common import (
    HUB,
    UNKNOWN_ORGANIZATION,
    UNKNOWN_PROJECT,
    check_references,
    clean_text,
    organization_exists,
    project_exists,
    require_write,
)
from hub_app.welltech.invitations.forms import InvitationForm, OutcomeForm
from hub_app.welltech.models import Invitation, Project

if TYPE_CHECKING:
    from hub_app.auth.models import User


def _values(form: InvitationForm) -> dict[str, Any]:
    values = form_values(form)
    values["hub"] = HUB
    clean_text(values, "notes", "ref")
    check_references(
        values,
        {
            "organization_id": (organization_exists, UNKNOWN_ORGANIZATION),
            "project_id": (project_exists, UNKNOWN_PROJECT),
        },
    )
    return values


def join_project(actor: User, invitation: Invitation) -> bool:
    """An answer of 参画 with a project makes the company one of the project's partners,
    in the invitation's transaction and audited on the project; whether it was added.

    The lead organisation is already in the project, and a later answer other than 参画
    takes nobody out: leaving a project is a change of the project, made there.
    """
    if invitation.outcome != "joined" or invitation.project_id is None:
        return False
    project = db.session.get(Project, invitation.project_id)
    organization_id = invitation.organization_id
    if project is None or organization_id == project.lead_organization_id:
        return False
    if any(partner.id == organization_id for partner in project.partners):
        return False
    records.flush_batch()  # an imported invitation gets its id, which the note names
    organization = db.session.get(Organization, organization_id)
    note = f"参画打診(ID {invitation.id})の回答「参画」により連携先に追加"
    try:
        records.update(actor, project, {"partners": [*project.partners, organization]}, note)
    except Conflict as error:
        message = (
            f"プロジェクト「{project.title}」は年度締め済みのため、連携先に加えられません。"
            "管理者に締めの解除を依頼するか、回答を参画以外にしてください。"
        )
        raise Conflict(message, {"outcome": [message]}) from error
    return True


def create_invitation(actor: User, form: InvitationForm) -> Invitation:
    require_write(actor)
    validate(form)
    invitation = records.create(actor, Invitation(**_values(form)))
    join_project(actor, invitation)
    return invitation


def update_invitation(actor: User, invitation: Invitation, form: InvitationForm) -> dict:
    require_write(actor)
    validate(form)
    changes = records.update(actor, invitation, _values(form))
    if changes.keys() & {"outcome", "project_id", "organization_id"}:
        # only a new answer joins: a partner since taken off the project stays off
        join_project(actor, invitation)
    return changes


def set_outcome(actor: User, invitation: Invitation, form: OutcomeForm) -> dict:
    """Record the company's answer; the full invitation is re-checked on the way."""
    require_write(actor)
    validate(form)
    full = form_from_mapping(
        InvitationForm,
        {"outcome": form.outcome.data},
        base=record_values(invitation, InvitationForm),
    )
    return update_invitation(actor, invitation, full)


def delete_invitation(actor: User, invitation: Invitation) -> None:
    require_write(actor)
    records.soft_delete(actor, invitation)


def restore_invitation(actor: User, invitation: Invitation) -> None:
    require(is_admin(actor), "削除した記録を元に戻せるのは管理者だけです。")
    records.restore(actor, invitation)

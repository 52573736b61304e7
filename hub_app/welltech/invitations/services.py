"""Writes on invitations: validate → permission → apply → audit → flush."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hub_app.core import records
from hub_app.core.forms import form_from_mapping, form_values, record_values, validate
from hub_app.core.permissions import is_admin, require
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
from hub_app.welltech.models import Invitation

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


def create_invitation(actor: User, form: InvitationForm) -> Invitation:
    require_write(actor)
    validate(form)
    return records.create(actor, Invitation(**_values(form)))


def update_invitation(actor: User, invitation: Invitation, form: InvitationForm) -> dict:
    require_write(actor)
    validate(form)
    return records.update(actor, invitation, _values(form))


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

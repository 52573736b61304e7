"""Writes on projects: validate → permission → apply (partners included) → audit → flush."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from hub_app.core import records
from hub_app.core.forms import form_values, validate
from hub_app.core.permissions import is_admin, require
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.welltech.common import (
    HUB,
    UNKNOWN_ORGANIZATION,
    check_references,
    clean_text,
    organization_exists,
    require_write,
)
from hub_app.welltech.models import Project
from hub_app.welltech.projects.forms import ProjectForm

if TYPE_CHECKING:
    from hub_app.auth.models import User


def _values(form: ProjectForm) -> dict[str, Any]:
    values = form_values(form)
    values["hub"] = HUB
    values["title"] = values["title"].strip()
    clean_text(values, "summary", "ref", "next_action")
    check_references(
        values,
        {
            "lead_organization_id": (organization_exists, UNKNOWN_ORGANIZATION),
            "partner_ids": (organization_exists, "連携先に登録されていない企業・団体があります。"),
        },
    )
    partner_ids = values.pop("partner_ids") or []
    values["partners"] = (
        list(
            db.session.scalars(
                select(Organization)
                .where(Organization.id.in_(partner_ids))
                .order_by(Organization.id)
            )
        )
        if partner_ids
        else []
    )
    return values


def create_project(actor: User, form: ProjectForm) -> Project:
    require_write(actor)
    validate(form)
    return records.create(actor, Project(**_values(form)))


def update_project(actor: User, project: Project, form: ProjectForm) -> dict:
    require_write(actor)
    validate(form)
    return records.update(actor, project, _values(form))


def delete_project(actor: User, project: Project) -> None:
    require_write(actor)
    records.soft_delete(actor, project)


def restore_project(actor: User, project: Project) -> None:
    require(is_admin(actor), "削除した記録を元に戻せるのは管理者だけです。")
    records.restore(actor, project)

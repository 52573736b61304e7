"""Writes on organisations: validate → permission → apply → audit → flush."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from hub_app.core import records
from hub_app.core.errors import Duplicate
from hub_app.core.forms import form_values, validate
from hub_app.core.permissions import can_write_registry, is_admin, require
from hub_app.extensions import db
from hub_app.organizations.forms import OrganizationForm
from hub_app.organizations.models import Organization
from hub_app.organizations.names import name_key

if TYPE_CHECKING:
    from hub_app.auth.models import User


def find_duplicate(values: dict[str, Any], exclude_id: int | None = None) -> Organization | None:
    """An active organisation with the same corporate number or the same normalised name."""
    conditions = [Organization.name_key == name_key(values["name"])]
    if values.get("corporate_number"):
        conditions.append(Organization.corporate_number == values["corporate_number"])
    query = select(Organization).where(Organization.deleted_at.is_(None), or_(*conditions))
    if exclude_id is not None:
        query = query.where(Organization.id != exclude_id)
    return db.session.scalars(query.limit(1)).first()


def _refuse_duplicate(values: dict[str, Any], exclude_id: int | None = None) -> None:
    existing = find_duplicate(values, exclude_id)
    if existing is None:
        return
    same_number = bool(values.get("corporate_number")) and (
        existing.corporate_number == values["corporate_number"]
    )
    field = "corporate_number" if same_number else "name"
    what = "法人番号" if same_number else "名称"
    message = (
        f"同じ{what}の企業・団体「{existing.name}」(ID {existing.id})がすでに登録されています。"
    )
    raise Duplicate(message, {field: [message]}, existing)


def _values(form: OrganizationForm) -> dict[str, Any]:
    values = form_values(form)
    values["name"] = values["name"].strip()
    values["name_key"] = name_key(values["name"])
    if values["kind"] != "startup":
        values["skills_wanted"], values["roles_wanted"] = [], None
    for optional in ("name_kana", "address", "website", "notes", "roles_wanted"):
        values[optional] = (values.get(optional) or "").strip() or None
    values["skills_wanted"] = sorted(values.get("skills_wanted") or [])
    return values


def create_organization(actor: User, form: OrganizationForm) -> Organization:
    require(can_write_registry(actor))
    validate(form)
    values = _values(form)
    _refuse_duplicate(values)
    return records.create(actor, Organization(**values))


def update_organization(actor: User, organization: Organization, form: OrganizationForm) -> dict:
    require(can_write_registry(actor))
    validate(form)
    values = _values(form)
    _refuse_duplicate(values, exclude_id=organization.id)
    return records.update(actor, organization, values)


def delete_organization(actor: User, organization: Organization) -> None:
    require(can_write_registry(actor) and (is_admin(actor) or actor.role == "staff"))
    records.soft_delete(actor, organization)


def restore_organization(actor: User, organization: Organization) -> None:
    require(is_admin(actor), "削除した企業・団体を元に戻せるのは管理者だけです。")
    _refuse_duplicate(
        {"name": organization.name, "corporate_number": organization.corporate_number},
        exclude_id=organization.id,
    )
    records.restore(actor, organization)

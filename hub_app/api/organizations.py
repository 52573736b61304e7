"""The organizations collection."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub_app.api import bp
from hub_app.api.resources import Collection, register
from hub_app.core.models import rfc3339
from hub_app.core.permissions import can_read_registry, require
from hub_app.organizations import queries, services
from hub_app.organizations.forms import OrganizationForm
from hub_app.organizations.models import Organization


def serialize(organization: Organization, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": organization.id,
        "name": organization.name,
        "name_kana": organization.name_kana,
        "kind": organization.kind,
        "in_city": organization.in_city,
        "corporate_number": organization.corporate_number,
        "address": organization.address,
        "website": organization.website,
        "notes": organization.notes,
        "skills_wanted": list(organization.skills_wanted or []),
        "roles_wanted": organization.roles_wanted,
        "created_at": rfc3339(organization.created_at),
        "updated_at": rfc3339(organization.updated_at),
        "created_by": organization.created_by,
    }


def list_query(args: Mapping[str, str], actor: Any):
    require(can_read_registry(actor))
    return queries.list_query(args)


register(
    bp,
    Collection(
        name="organizations",
        model=Organization,
        form=OrganizationForm,
        serialize=serialize,
        list_query=list_query,
        can_read=lambda actor, _record: can_read_registry(actor),
        create=services.create_organization,
        update=services.update_organization,
        delete=services.delete_organization,
        order_by=[Organization.id],
        filters=("in_city",),
        columns=queries.EXPORT_COLUMNS,
    ),
)

"""How the header search finds organisations: name, kana, corporate number, address, notes."""

from __future__ import annotations

from hub_app.core.enums import ORGANIZATION_KINDS
from hub_app.core.permissions import can_read_registry
from hub_app.organizations.models import Organization
from hub_app.search.registry import Document, Searchable, add, hubless


def _document(organization: Organization) -> Document:
    return Document(
        title=organization.name,
        kana=organization.name_kana,
        number=organization.corporate_number,
        texts=(organization.address, organization.roles_wanted, organization.notes),
        day=organization.created_at.date() if organization.created_at else None,
    )


def register() -> None:
    add(
        Searchable(
            Organization,
            "organization",
            _document,
            readable=hubless(can_read_registry),
            describe=lambda o, _user: (o.name, ORGANIZATION_KINDS.get(o.kind)),
        )
    )

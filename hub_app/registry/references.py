"""Every column that names an organisation, found in the ORM metadata.

A merge must repoint all of them; reading them from the metadata means a table added later
(bookings, say) is repointed without anyone remembering to list it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table

from hub_app.extensions import db


@dataclass(frozen=True)
class Reference:
    """One column that holds an organisation's id."""

    table: Table
    column: Column
    #: the record model of the table, or None for a link table (project_partners)
    model: type | None
    #: for a link table: the column naming the owning record, and that record's model
    owner_column: Column | None = None
    owner_model: type | None = None

    @property
    def key(self) -> str:
        return f"{self.table.name}.{self.column.name}"


def _models_by_table() -> dict[Table, type]:
    return {
        mapper.local_table: mapper.class_
        for mapper in db.Model.registry.mappers
        if isinstance(mapper.local_table, Table)
    }


def organization_references() -> list[Reference]:
    """Every foreign key to organizations.id, in the metadata's dependency order."""
    models = _models_by_table()
    found = []
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name != "organizations" or key.column.name != "id":
                continue
            column = key.parent
            model = models.get(table)
            if model is not None:
                found.append(Reference(table, column, model))
                continue
            owner = next(
                (
                    other
                    for other in table.foreign_keys
                    if other.column.table.name != "organizations"
                ),
                None,
            )
            if owner is None:
                raise RuntimeError(f"{table.name}: 企業・団体を指す表の持ち主が分かりません")
            found.append(Reference(table, column, None, owner.parent, models[owner.column.table]))
    return found


def organization_columns(model: type) -> list[Any]:
    """The model's own columns that name an organisation (a project's lead, say)."""
    table = model.__table__
    return [
        column
        for column in table.columns
        if any(k.column.table.name == "organizations" for k in column.foreign_keys)
    ]

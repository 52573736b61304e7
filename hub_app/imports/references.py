"""Cells that name another record: organisations by id, corporate number or exact name;
users by id, e-mail or name; other records by id or by their external reference `ref`."""

from __future__ import annotations

import re

from sqlalchemy import select

from hub_app.extensions import db
from hub_app.organizations.names import name_key, normalize_corporate_number

TABLE_LABELS = {
    "organizations": "企業・団体",
    "users": "利用者",
    "projects": "プロジェクト",
    "talents": "人材",
    "events": "イベント",
    "consultations": "相談",
    "evaluations": "製品評価",
    "matchings": "マッチング",
}


#: the column an export shows for a record of each table (its name or title)
NAME_COLUMNS = {
    "organizations": "name",
    "users": "name",
    "projects": "title",
    "talents": "full_name",
    "events": "title",
}


def model_for(table: str) -> type | None:
    for mapper in db.Model.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper.class_
    return None


class Resolver:
    """Turns reference cells into ids, remembering each answer for the rest of the file."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], int | None] = {}
        self._names: dict[tuple[str, str, str], object] = {}

    def resolve(self, table: str, text: str) -> int:
        found = self.resolve_or_none(table, text)
        if found is None:
            what = TABLE_LABELS.get(table, table)
            raise ValueError(f"「{text}」に当たる{what}が見つかりません。")
        return found

    def resolve_shown(self, table: str, text: str, shown: str, column: str) -> int:
        """An id cell next to the export's name cell: the id when its record has that name
        (or the name finds nothing), else the record of that name. So an export imports
        into another database, where the same records got other ids."""
        found = self.resolve_or_none(table, text)
        shown = shown.strip()
        name_column = NAME_COLUMNS.get(table)
        if not shown or name_column is None:
            return self.resolve(table, text)
        key = ("name", table, text.strip())
        if found is not None and key not in self._names:
            model = model_for(table)
            self._names[key] = db.session.scalar(
                select(getattr(model, name_column)).where(model.id == found)
            )
        if found is not None and self._names.get(key) == shown:
            return found
        by_name = self._by_name(table, name_column, shown)
        if by_name is not None:
            return by_name
        if found is not None:
            what = TABLE_LABELS.get(table, table)
            raise ValueError(
                f"ID {text.strip()} の{what}は「{self._names.get(key)}」で、"
                f"列「{column}」の「{shown}」と一致しません。"
            )
        return self.resolve(table, text)

    def resolve_or_none(self, table: str, text: str) -> int | None:
        key = (table, text.strip())
        if key not in self._cache:
            self._cache[key] = self._lookup(table, key[1])
        return self._cache[key]

    def _by_name(self, table: str, name_column: str, shown: str) -> int | None:
        """The one active record of that name; None when there is none or several."""
        key = ("by_name", table, shown)
        if key not in self._names:
            model = model_for(table)
            active = [model.deleted_at.is_(None)] if hasattr(model, "deleted_at") else []
            ids = db.session.scalars(
                select(model.id).where(getattr(model, name_column) == shown, *active).limit(2)
            ).all()
            self._names[key] = ids[0] if len(ids) == 1 else None
        return self._names[key]

    def _lookup(self, table: str, text: str) -> int | None:
        model = model_for(table)
        if model is None or not text:
            return None
        active = [model.deleted_at.is_(None)] if hasattr(model, "deleted_at") else []
        if table == "organizations":
            number = normalize_corporate_number(text)
            if re.fullmatch(r"\d{13}", number):
                return self._first(model, active, model.corporate_number == number)
            if number.isascii() and number.isdigit():
                return self._first(model, active, model.id == int(number))
            # the exact name has the same key, and a key names one live organisation at
            # most (uq_organizations_name_key_active): one indexed query finds both spellings
            return self._first(model, active, model.name_key == name_key(text))
        if text.isascii() and text.isdigit():
            return self._first(model, active, model.id == int(text))
        if table == "users":
            return self._first(model, active, model.email == text.lower()) or self._first(
                model, active, model.name == text
            )
        if hasattr(model, "ref"):
            found = self._first(model, active, model.ref == text)
            if found is not None:
                return found
        name_column = NAME_COLUMNS.get(table)
        return self._by_name(table, name_column, text) if name_column else None

    @staticmethod
    def _first(model: type, active: list, condition) -> int | None:
        query = select(model.id).where(condition, *active).order_by(model.id).limit(1)
        return db.session.scalar(query)

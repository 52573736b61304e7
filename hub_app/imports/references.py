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

    def resolve(self, table: str, text: str) -> int:
        key = (table, text.strip())
        if key not in self._cache:
            self._cache[key] = self._lookup(table, key[1])
        found = self._cache[key]
        if found is None:
            what = TABLE_LABELS.get(table, table)
            raise ValueError(f"「{text}」に当たる{what}が見つかりません。")
        return found

    def _lookup(self, table: str, text: str) -> int | None:
        model = model_for(table)
        if model is None or not text:
            return None
        active = [model.deleted_at.is_(None)] if hasattr(model, "deleted_at") else []
        if table == "organizations":
            number = normalize_corporate_number(text)
            if re.fullmatch(r"\d{13}", number):
                return self._first(model, active, model.corporate_number == number)
            if number.isdigit():
                return self._first(model, active, model.id == int(number))
            return self._first(model, active, model.name == text) or self._first(
                model, active, model.name_key == name_key(text)
            )
        if text.isdigit():
            return self._first(model, active, model.id == int(text))
        if table == "users":
            return self._first(model, active, model.email == text.lower()) or self._first(
                model, active, model.name == text
            )
        if hasattr(model, "ref"):
            return self._first(model, active, model.ref == text)
        return None

    @staticmethod
    def _first(model: type, active: list, condition) -> int | None:
        query = select(model.id).where(condition, *active).order_by(model.id).limit(1)
        return db.session.scalar(query)

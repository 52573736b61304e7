"""List pages and API collections: free-text search, sorting and pagination, one way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, or_

from hub_app.extensions import db

MAX_PER_PAGE = 100


def page_args(args: Mapping[str, str], default_per_page: int = 25) -> tuple[int, int]:
    """page and per_page from a query string; nonsense falls back to the defaults."""

    def number(name: str, default: int) -> int:
        raw = args.get(name, "")
        return int(raw) if raw.isdigit() and int(raw) > 0 else default

    return number("page", 1), min(number("per_page", default_per_page), MAX_PER_PAGE)


def search_clause(text: str, *columns: Any) -> ColumnElement[bool] | None:
    """Every word must appear in one of the columns (case-insensitive LIKE)."""
    words = [w for w in (text or "").replace("\x00", " ").split() if w]
    if not words:
        return None
    clauses = []
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        clauses.append(or_(*(col.ilike(pattern, escape="\\") for col in columns)))
    return and_(*clauses)


@dataclass
class Sorts:
    """Named orderings a list offers, the first being the default."""

    options: dict[str, tuple[str, list[Any]]] = field(default_factory=dict)

    def apply(self, query: Select[Any], key: str | None) -> tuple[Select[Any], str]:
        chosen = key if key in self.options else next(iter(self.options))
        return query.order_by(*self.options[chosen][1]), chosen

    def labels(self) -> list[tuple[str, str]]:
        return [(key, label) for key, (label, _cols) in self.options.items()]


def paginate(query: Select[Any], page: int, per_page: int) -> Pagination:
    """Two statements whatever the page size: the count and the page of rows."""
    return db.paginate(
        query, page=page, per_page=per_page, max_per_page=MAX_PER_PAGE, error_out=False
    )

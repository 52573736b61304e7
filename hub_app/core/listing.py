"""List pages and API collections: free-text search, sorting and pagination, one way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, and_, or_

from hub_app.core.errors import ValidationFailed
from hub_app.core.fields import MAX_ID
from hub_app.core.fiscal import fiscal_year_end, fiscal_year_start, parse_fiscal_year
from hub_app.extensions import db

MAX_PER_PAGE = 100


#: the last page anyone may ask for: its offset (page × per_page) still fits every
#: database's 64-bit integer, where 10^20 made SQLite raise OverflowError (a 500)
MAX_PAGE = 2**31 - 1
PAGE_MESSAGE = f"page は1〜{MAX_PAGE}の整数で指定してください。"
PER_PAGE_MESSAGE = "per_page は1以上の整数で指定してください(100を超える値は100件)。"


def page_args(
    args: Mapping[str, str], default_per_page: int = 25, strict: bool = False
) -> tuple[int, int]:
    """page and per_page from a query string.

    Pages forgive nonsense (a hand-edited URL falls back to the defaults, a page past the
    last is just empty); the API is `strict` and refuses with 422 what is not a number in
    range, as its document says. Either way per_page above MAX_PER_PAGE is served as
    MAX_PER_PAGE (DESIGN §7) and no page beyond MAX_PAGE reaches the database.
    """
    errors: dict[str, list[str]] = {}

    def number(name: str, default: int, message: str, highest: int | None) -> int:
        raw = args.get(name, "")
        if raw == "":
            return default
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            errors[name] = [message]
            return default
        value = int(raw)
        if highest is not None and value > highest:
            errors[name] = [message]
            return highest
        return value

    page = number("page", 1, PAGE_MESSAGE, MAX_PAGE)
    per_page = min(number("per_page", default_per_page, PER_PAGE_MESSAGE, None), MAX_PER_PAGE)
    if errors and strict:
        raise ValidationFailed("検索条件に誤りがあります。", errors)
    return page, per_page


def id_arg(args: Mapping[str, str], name: str) -> int | None:
    """An id from a query string; one too large for the database matches nothing (0).

    ASCII digits only: "²".isdigit() is true and int("²") raises, which was a 500.
    """
    raw = (args.get(name) or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw) if int(raw) <= MAX_ID else 0


def fiscal_year_clause(column: Any, raw: str | None) -> ColumnElement[bool] | None:
    """The fiscal-year filter of a list page; nonsense is ignored (the API reports it)."""
    year = parse_fiscal_year(raw or "")
    if year is None:
        return None
    return column.between(fiscal_year_start(year), fiscal_year_end(year))


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

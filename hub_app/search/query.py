"""Finding records by what a user types into the header search (DESIGN §11).

Substrings of three characters or more go to the database's trigram index (FTS5 on
SQLite, pg_trgm on PostgreSQL): a trigram index cannot look up one or two characters,
so a shorter query matches the start of a name, title or kana instead, through the
B-tree indexes of the folded keys. Exact matches come first, then prefixes, then the
rest, newest first within each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, text
from sqlalchemy.sql import Select

from hub_app.core import audit_display
from hub_app.core.enums import HUBS
from hub_app.core.folding import fold
from hub_app.extensions import db
from hub_app.organizations.names import normalize_corporate_number
from hub_app.search import registry
from hub_app.search.models import SearchEntry

MIN_SUBSTRING = 3
MAX_QUERY = 100
#: above every character, so `key < prefix + TOP` holds for every key that starts with prefix
TOP = "\U0010ffff"
E = SearchEntry


@dataclass
class Hit:
    type: str
    id: int
    title: str
    subtitle: str
    #: the subtitle without the hub and the date, for the page's own columns
    detail: str
    label: str
    hub: str
    day: date | None
    url: str | None


@dataclass
class Group:
    type: str
    label: str
    total: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Query:
    """What was typed, folded, and how it is looked up."""

    text: str
    whole: str
    terms: list[str]

    @classmethod
    def parse(cls, typed: str | None) -> Query:
        typed = (typed or "")[:MAX_QUERY]
        terms = list(dict.fromkeys(t for t in (fold(w) for w in typed.split()) if t))
        whole = fold(typed)
        number = normalize_corporate_number(typed)
        if number.isascii() and number.isdigit() and number != whole:
            whole, terms = number, [number]
        return cls(typed.strip(), whole, terms)

    @property
    def empty(self) -> bool:
        return not self.whole

    @property
    def prefix_only(self) -> bool:
        return all(len(term) < MIN_SUBSTRING for term in self.terms)


def _like(term: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", term) + "%"


def _starts(column: Any, prefix: str) -> ColumnElement[bool]:
    return and_(column >= prefix, column < prefix + TOP)


def _matches(query: Query) -> ColumnElement[bool]:
    if query.prefix_only:
        return or_(_starts(E.title_key, query.whole), _starts(E.kana_key, query.whole))
    long = [t for t in query.terms if len(t) >= MIN_SUBSTRING]
    short = [E.body.like(_like(t), escape="\\") for t in query.terms if len(t) < MIN_SUBSTRING]
    if db.engine.dialect.name == "sqlite":
        expression = " AND ".join('"' + t.replace('"', '""') + '"' for t in long)
        found = text("SELECT rowid FROM search_fts WHERE search_fts MATCH :expression")
        return and_(E.id.in_(found.bindparams(expression=expression)), *short)
    return and_(*(E.body.like(_like(t), escape="\\") for t in long), *short)


def _rank(query: Query) -> ColumnElement[int]:
    length = len(query.whole)
    return case(
        (
            or_(E.title_key == query.whole, E.kana_key == query.whole, E.number == query.whole),
            0,
        ),
        (
            or_(
                func.substr(E.title_key, 1, length) == query.whole,
                func.substr(E.kana_key, 1, length) == query.whole,
            ),
            1,
        ),
        else_=2,
    )


def _candidates(user: Any, query: Query, entity: str | None) -> Select[Any] | None:
    scopes = registry.scopes(user)
    if entity:
        scopes = [s for s in scopes if s.split(":", 1)[0] == entity]
    if query.empty or not scopes:
        return None
    return select(E.type, E.record_id, E.day, _rank(query).label("rank")).where(
        E.scope.in_(scopes), _matches(query)
    )


def _order(columns: Any) -> list[Any]:
    return [columns.rank, columns.day.desc().nulls_last(), columns.record_id.desc()]


def search(
    user: Any, typed: str | None, entity: str | None = None, page: int = 1, per_page: int = 20
) -> tuple[list[Hit], int]:
    """One page of what the user may read that matches, best first, and how many match."""
    query = Query.parse(typed)
    candidates = _candidates(user, query, entity)
    if candidates is None:
        return [], 0
    found = candidates.subquery()
    rows = db.session.execute(
        select(found, func.count().over().label("total"))
        .order_by(*_order(found.c))
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    if rows:
        total = rows[0].total
    else:
        total = db.session.scalar(select(func.count()).select_from(found)) or 0
    return _hits(user, [(r.type, r.record_id) for r in rows]), total


def grouped(user: Any, typed: str | None, per_group: int = 10) -> list[Group]:
    """The best matches of each type, and each type's count, in one query."""
    query = Query.parse(typed)
    candidates = _candidates(user, query, None)
    if candidates is None:
        return []
    found = candidates.subquery()
    ranked = select(
        found,
        func.row_number().over(partition_by=found.c.type, order_by=_order(found.c)).label("n"),
        func.count().over(partition_by=found.c.type).label("total"),
    ).subquery()
    rows = db.session.execute(
        select(ranked).where(ranked.c.n <= per_group).order_by(ranked.c.type, ranked.c.n)
    ).all()
    totals = {row.type: row.total for row in rows}
    hits = _hits(user, [(r.type, r.record_id) for r in rows])
    groups = []
    for searchable in registry.types():
        if searchable.entity in totals:
            groups.append(
                Group(
                    searchable.entity,
                    audit_display.entity_label(searchable.entity),
                    totals[searchable.entity],
                    [h for h in hits if h.type == searchable.entity],
                )
            )
    return groups


def _hits(user: Any, keys: list[tuple[str, int]]) -> list[Hit]:
    """Titles and lines shown are read from the records themselves, so they are current."""
    wanted: dict[str, list[int]] = {}
    for entity, record_id in keys:
        wanted.setdefault(entity, []).append(record_id)
    loaded: dict[tuple[str, int], Any] = {}
    for entity, ids in wanted.items():
        searchable = registry.by_entity(entity)
        if searchable is None:
            continue
        model = searchable.model
        query = select(model).where(model.id.in_(ids), model.deleted_at.is_(None))
        for record in db.session.scalars(query.options(*searchable.load)):
            loaded[(entity, record.id)] = record
    hits = []
    for key in keys:
        record = loaded.get(key)
        if record is not None:
            hits.append(_hit(user, registry.by_entity(key[0]), record))
    return hits


def _hit(user: Any, searchable: Any, record: Any) -> Hit:
    document = searchable.document(record)
    title, extra = (
        searchable.describe(record, user) if searchable.describe else (document.title, None)
    )
    line = [HUBS.get(document.hub, ""), extra, document.day.isoformat() if document.day else ""]
    return Hit(
        type=searchable.entity,
        id=record.id,
        title=title,
        subtitle=" · ".join(part for part in line if part),
        detail=extra or "",
        label=audit_display.entity_label(searchable.entity),
        hub=document.hub,
        day=document.day,
        url=audit_display.entity_url(searchable.entity, record.id),
    )

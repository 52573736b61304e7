"""Keeps the search index true on every write path, whatever made the change.

A form, the API, an import, a delete or restore, a merge: each ends in a flush of the
ORM session, and the flush is where the index follows (SQLAlchemy's `after_flush`), so
no service has to remember it. Statements that bypass the ORM (a bulk UPDATE) are not
seen; `rebuild` (the `search-reindex` command) puts the index right after one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from hub_app.core.folding import fold
from hub_app.search import registry
from hub_app.search.models import SearchEntry

KEY_LENGTH = 200
PENDING = "search_index_pending"
TABLE = SearchEntry.__table__


def entry(searchable: registry.Searchable, record: Any) -> dict[str, Any]:
    """The index row of one live record."""
    document = searchable.document(record)
    fields = [document.title, document.kana, document.number, *document.texts]
    return {
        "type": searchable.entity,
        "record_id": record.id,
        "scope": f"{searchable.entity}:{document.hub or ''}",
        "title_key": fold(document.title)[:KEY_LENGTH],
        "kana_key": fold(document.kana)[:KEY_LENGTH] or None,
        "number": document.number or None,
        "body": "\n".join(folded for folded in map(fold, fields) if folded),
        "day": document.day,
    }


def _live(record: Any) -> bool:
    return getattr(record, "deleted_at", None) is None


def write(session: Session, changed: dict[registry.Searchable, dict[int, Any]]) -> None:
    """Replace the entries of the changed records (None: the record is gone)."""
    connection = session.connection()
    for searchable, records in changed.items():
        ids = list(records)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            connection.execute(
                delete(TABLE).where(TABLE.c.type == searchable.entity, TABLE.c.record_id.in_(chunk))
            )
        rows = [
            entry(searchable, record)
            for record in records.values()
            if record is not None and _live(record)
        ]
        if rows:
            connection.execute(insert(TABLE), rows)


def _after_flush(session: Session, _context: Any) -> None:
    changed: dict[registry.Searchable, dict[int, Any]] = {}
    edited: dict[Any, list[int]] = {}
    for record in session.new:
        searchable = registry.by_model(type(record))
        if searchable is not None:
            changed.setdefault(searchable, {})[record.id] = record
    for record in session.dirty:
        searchable = registry.by_model(type(record))
        if searchable is not None and session.is_modified(record, include_collections=False):
            changed.setdefault(searchable, {})[record.id] = record
            edited.setdefault(searchable.model.__table__, []).append(record.id)
    for record in session.deleted:
        searchable = registry.by_model(type(record))
        if searchable is not None:
            changed.setdefault(searchable, {})[record.id] = None
    if changed:
        pending = session.info.setdefault(PENDING, [])
        pending.append((changed, edited))


def _after_flush_postexec(session: Session, _context: Any) -> None:
    """The records' documents are read once they are persistent: in `after_flush` a new
    record's relationships (its organisation) do not load yet."""
    for changed, edited in session.info.pop(PENDING, []):
        with session.no_autoflush:
            _add_dependents(session, edited, changed)
            write(session, changed)


def _add_dependents(
    session: Session,
    edited: dict[Any, list[int]],
    changed: dict[registry.Searchable, dict[int, Any]],
) -> None:
    """Records that index an edited record's text (its name) through a foreign key."""
    for dependent in registry.types():
        for column in dependent.via:
            [foreign_key] = column.property.columns[0].foreign_keys
            ids = edited.get(foreign_key.column.table)
            if not ids:
                continue
            model = dependent.model
            query = select(model).where(column.in_(ids), model.deleted_at.is_(None))
            for record in session.scalars(query.options(*dependent.load)):
                changed.setdefault(dependent, {}).setdefault(record.id, record)


def listen() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_flush_postexec", _after_flush_postexec)


def rebuild(session: Session, batch: int = 2000) -> int:
    """Index every live record again from scratch; returns how many entries it wrote."""
    session.connection().execute(delete(TABLE))
    return sum(_index_type(session, searchable, batch) for searchable in registry.types())


def _index_type(session: Session, searchable: registry.Searchable, batch: int) -> int:
    """One type's records, a batch at a time by id, so memory stays flat at any size (the
    session is emptied between batches, never while a result is being read)."""
    connection = session.connection()
    model = searchable.model
    written, last = 0, 0
    while True:
        query = (
            select(model)
            .where(model.deleted_at.is_(None), model.id > last)
            .options(*searchable.load)
            .order_by(model.id)
            .limit(batch)
        )
        records = list(session.scalars(query))
        if not records:
            return written
        connection.execute(insert(TABLE), [entry(searchable, r) for r in records])
        written += len(records)
        last = records[-1].id
        session.expunge_all()


def missing(session: Session) -> list[registry.Searchable]:
    """Types with live records but no entry: a database that predates the index, or a
    type the search learnt since (bookings)."""
    return [
        searchable
        for searchable in registry.types()
        if _exists(session, searchable.model) and not _indexed(session, searchable)
    ]


def fill_missing(session: Session, batch: int = 2000) -> int:
    """Index the `missing` types; returns how many entries it wrote."""
    return sum(_index_type(session, searchable, batch) for searchable in missing(session))


def _indexed(session: Session, searchable: registry.Searchable) -> bool:
    found = select(TABLE.c.id).where(TABLE.c.type == searchable.entity).limit(1)
    return session.scalar(found) is not None


def _exists(session: Session, model: type[Any]) -> bool:
    return session.scalar(select(model.id).where(model.deleted_at.is_(None)).limit(1)) is not None


def reindex(session: Session, records: Iterable[Any]) -> None:
    """Index these records now (for writers that changed them outside the ORM)."""
    changed: dict[registry.Searchable, dict[int, Any]] = {}
    for record in records:
        searchable = registry.by_model(type(record))
        if searchable is not None:
            changed.setdefault(searchable, {})[record.id] = record
    write(session, changed)

"""The write steps every service shares: apply, check the fiscal-year lock, audit, flush.

A service validates its form and checks permissions, then calls these; the request,
import or CLI command that called it commits once.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import insert, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from hub_app.core import audit
from hub_app.core.errors import Conflict, NotFound, ValidationFailed
from hub_app.core.fiscal import fiscal_year, fiscal_year_label
from hub_app.core.models import RecordMixin, utcnow
from hub_app.core.permissions import is_admin, require
from hub_app.extensions import db

if TYPE_CHECKING:
    from hub_app.auth.models import User

R = TypeVar("R", bound=RecordMixin)


@dataclass
class Batch:
    """An import's write mode: see `batch`."""

    size: int
    bulk: bool = False
    #: (programme, fiscal year) → closed, answered once per import
    closed: dict[tuple[str, int], bool] = field(default_factory=dict)
    #: created records waiting for the next flush, with their audit's actor and note
    pending: list[tuple[Any, Any, str | None]] = field(default_factory=list)


_batch: contextvars.ContextVar[Batch | None] = contextvars.ContextVar("records_batch", default=None)


@contextmanager
def batch(size: int = 1000, bulk: bool = False) -> Iterator[Batch]:
    """Write mode for a long import, inside its one transaction.

    The closed-year lock is looked up once per (hub, fiscal year). A created record is
    added without a flush of its own and its audit row waits for the next flush
    (every `size` records, or an update): one flush then sends the INSERTs together
    (SQLAlchemy batches them) and the audit rows follow with the new ids, still one per
    record. With autoflush on, a service's duplicate query still sees the records of the
    earlier rows; an import that turns autoflush off gets the batched INSERTs too, and must
    be one where no rule compares a row with earlier rows. Validation is unchanged.

    With `bulk` (which implies that no rule compares a row with earlier rows), a created
    record without related objects of its own stays out of the session: the flush writes
    it with one INSERT … RETURNING per model and its audit rows with one INSERT, and it
    gets its new id (the unit of work's bookkeeping per object cost an import more than
    the rest of its write). Code that goes on with such a record takes it into the session
    through `attached`. A record the session took in before the flush (by a cascade) is
    flushed with the session instead.
    """
    state = Batch(size=size, bulk=bulk)
    token = _batch.set(state)
    try:
        yield state
        flush_batch()
    finally:
        state.pending.clear()
        _batch.reset(token)


def flush_batch() -> None:
    """Flush the records created in batch mode and write their audit rows."""
    state = _batch.get()
    if state is None or not state.pending:
        return
    pending, state.pending = state.pending, []
    flush()
    outside = []
    if state.bulk:  # still transient: kept out of the session, and not taken in since
        outside = [record for _, record, _ in pending if inspect(record).transient]
    _insert_outside_session(outside)
    written = {id(record) for record in outside}
    audit.write_many(
        audit.entry(*_creation(actor, record, note))
        for actor, record, note in pending
        # a record of the session rolled back with its transaction has nothing to audit
        if id(record) in written or inspect(record).has_identity
    )


@dataclass(frozen=True)
class _Shape:
    """What bulk mode needs to know of a model, looked up once per model."""

    #: (attribute, column key) of every column but the id, in INSERT order
    columns: list[tuple[str, str]]
    #: (attribute, default) of the columns whose default is evaluated in Python
    defaults: list[tuple[str, Any]]
    relationships: frozenset[str]
    #: bulk mode writes every column itself; a default computed by the database would
    #: be overwritten, so such a model goes through the unit of work
    writable: bool


_SHAPES: dict[type, _Shape] = {}


def _shape(model: type) -> _Shape:
    shape = _SHAPES.get(model)
    if shape is None:
        mapper = inspect(model)
        props = [prop for prop in mapper.column_attrs if prop.key != "id"]
        shape = _SHAPES[model] = _Shape(
            [(prop.key, prop.columns[0].key) for prop in props],
            [
                (prop.key, default)
                for prop in props
                if (default := prop.columns[0].default) is not None
                and (default.is_callable or (default.is_scalar and default.arg is not None))
            ],
            frozenset(mapper.relationships.keys()),
            not any(c.server_default is not None for c in mapper.columns if c.key != "id"),
        )
    return shape


def _insert_outside_session(created: list[Any]) -> None:
    """INSERT the bulk mode's records per model, columns not given set to the model's
    defaults; each gets its new id and stays outside the session (see `attached`)."""
    by_model: dict[type, list[Any]] = {}
    for record in created:
        by_model.setdefault(type(record), []).append(record)
    for model, group in by_model.items():
        shape = _shape(model)
        rows = []
        for record in group:
            given = record.__dict__
            for attribute, default in shape.defaults:
                if attribute not in given:
                    value = default.arg(None) if default.is_callable else default.arg
                    if value is not None:  # the audit reads it, as after the unit of work
                        setattr(record, attribute, value)
            rows.append({key: given.get(attribute) for attribute, key in shape.columns})
        with _integrity_errors():
            ids = _inserted_ids(model.__table__, rows)
        for record, record_id in zip(group, ids, strict=True):
            record.id = record_id


def attached(record: R) -> R:
    """The record in the session, written first if it waits in a batch.

    Bulk mode leaves the records it wrote outside the session with just their new ids:
    making each a stored record of the session cost 15 µs a record (1.5 s of 100,000
    consultations), and hardly any is touched again. Code that goes on with a created
    record (loading its timeline, say) asks for it here. Added to a session any other way,
    such a record would be inserted again and refused for its id, so a mistake cannot
    store a duplicate.
    """
    if inspect(record).transient:
        flush_batch()
        if record.id is not None:  # written in bulk
            make_transient_to_detached(record)
    if inspect(record).detached:
        db.session.add(record)
    return record


def _inserted_ids(table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """INSERT the rows; their new ids in the rows' order.

    SQLAlchemy can only promise that order on SQLite by inserting row after row, 2.4 times
    as slow. SQLite's documented rowid rule (one more than the largest id so far:
    sqlite.org/autoinc.html) gives the rows of one multi-row INSERT ascending ids in the
    order of its VALUES, so there the ids are taken in ascending order instead.
    """
    if db.session.get_bind().dialect.name != "sqlite":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(db.session.scalars(statement, rows))
    ids = sorted(db.session.scalars(insert(table).returning(table.c.id), rows))
    if len(ids) != len(rows):
        raise RuntimeError("the database returned fewer ids than rows it was given")
    return ids


def _outside_session(state: Batch, record: Any) -> bool:
    """Whether bulk mode may write this record itself: not when it carries related
    objects (project partners, measurements), which only the unit of work inserts."""
    if not state.bulk:
        return False
    shape = _shape(type(record))
    return shape.writable and record.__dict__.keys().isdisjoint(shape.relationships)


def _never_closed(_programme: str, _year: int) -> bool:
    return False


#: answers whether a programme's fiscal year is closed; the KPI package, which owns year
#: closing, registers the real answer (core knows nothing of closures)
_year_closed: Callable[[str, int], bool] = _never_closed


def register_year_lock(is_closed: Callable[[str, int], bool]) -> None:
    global _year_closed
    _year_closed = is_closed


def lock_keys(record: Any) -> list[tuple[str, date]]:
    """(programme, date) pairs whose fiscal years must be open for this record to change.

    A hub's records name their hub, which is also the code of the hub's programme.
    """
    custom = getattr(record, "fiscal_lock_keys", None)
    if custom is not None:
        return custom()
    field = getattr(record, "fiscal_date_field", None)
    hub = getattr(record, "hub", None)
    day = getattr(record, field, None) if field else None
    return [(hub, day)] if hub and isinstance(day, date) else []


def ensure_open(record: Any) -> None:
    """Refuse (409) a change to a record dated in a closed fiscal year (DESIGN §6)."""
    state = _batch.get()
    for hub, day in lock_keys(record):
        year = fiscal_year(day)
        closed = state.closed.get((hub, year)) if state is not None else None
        if closed is None:
            closed = _year_closed(hub, year)
            if state is not None:
                state.closed[(hub, year)] = closed
        if closed:
            raise Conflict(
                f"{fiscal_year_label(year)}は年度締め済みのため、この記録は変更できません。"
                "管理者に締めの解除を依頼してください。",
                {
                    "fiscal_year": [
                        f"{fiscal_year_label(year)}は締め済みです。"
                        "変更が必要なら管理者に締めの解除を依頼してください。"
                    ]
                },
            )


def flush(message: str = "同じ内容の記録がすでにあります。") -> None:
    """Flush, turning a unique-index violation (a concurrent duplicate) into a 409.

    Any other integrity error (a missing value, a dangling reference) means the input
    slipped past its form: a 422, so it is not mistaken for a duplicate.
    """
    with _integrity_errors(message):
        db.session.flush()


@contextmanager
def _integrity_errors(message: str = "同じ内容の記録がすでにあります。") -> Iterator[None]:
    try:
        yield
    except IntegrityError as error:
        db.session.rollback()
        if _is_unique_violation(error):
            raise Conflict(message) from error
        raise ValidationFailed(
            "入力内容に誤りがあります。必須の項目と参照先を確認してください。"
        ) from error


def _is_unique_violation(error: IntegrityError) -> bool:
    original = error.orig
    if getattr(original, "sqlstate", None) == "23505":  # PostgreSQL unique_violation
        return True
    return "UNIQUE constraint failed" in str(original)  # SQLite


def apply(record: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(record, name, value)


def create(actor: User | None, record: R, note: str | None = None) -> R:
    ensure_open(record)
    record.created_by = actor.id if actor else None
    state = _batch.get()
    if state is not None:
        # the batch is written before this record joins it, never just after: the caller
        # may still change the record (its ref, a collection it joins) and that must count
        if len(state.pending) >= state.size:
            flush_batch()
        if not _outside_session(state, record):
            db.session.add(record)
        state.pending.append((actor, record, note))
        return record
    db.session.add(record)
    flush()
    audit.write(*_creation(actor, record, note))
    return record


def _creation(actor: User | None, record: Any, note: str | None) -> tuple[Any, ...]:
    """The audit row of a stored record's creation, as `audit.write`'s arguments."""
    return ("create", actor, record.audit_name, record.id, audit.diff({}, record.snapshot()), note)


def update(
    actor: User | None, record: R, values: dict[str, Any], note: str | None = None
) -> dict[str, list[Any]]:
    """Apply `values`; write an audit row only when something really changed."""
    flush_batch()  # creations first, so the audit log keeps the order of events
    ensure_open(record)
    before = record.snapshot()
    apply(record, values)
    ensure_open(record)
    changes = audit.diff(before, record.snapshot())
    if changes:
        record.updated_at = utcnow()
        flush()
        audit.write("update", actor, record.audit_name, record.id, changes, note)
    return changes


def soft_delete(actor: User | None, record: R, note: str | None = None) -> None:
    """Mark deleted; deleting a deleted record again changes nothing and is not audited."""
    if record.deleted_at is not None:
        return
    flush_batch()
    ensure_open(record)
    record.deleted_at = utcnow()
    flush()
    audit.write("delete", actor, record.audit_name, record.id, None, note)


def restore(actor: User | None, record: R, note: str | None = None) -> None:
    require(is_admin(actor), "削除した記録を元に戻せるのは管理者だけです。")
    if record.deleted_at is None:
        return  # nothing to restore (a repeated click): no audit row
    flush_batch()
    ensure_open(record)
    record.deleted_at = None
    flush("同じ内容の記録がすでにあるため、元に戻せません。")
    audit.write("restore", actor, record.audit_name, record.id, None, note)


def get_active(model: type[R], record_id: int) -> R:
    """The record, or NotFound if it does not exist or was deleted."""
    record = db.session.get(model, record_id)
    if record is None or record.deleted_at is not None:
        raise NotFound("指定された記録は見つかりません。")
    return record

"""The append-only audit trail (DESIGN §6): who changed which record, field by field."""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, Index, String, insert
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub_app.core.models import utcnow
from hub_app.extensions import db

if TYPE_CHECKING:
    from hub_app.auth.models import User


class AuditEntry(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    entity: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User | None] = relationship(lazy="joined")


#: values the log keeps as they are: most of an import's cells
_AS_IS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for each field whose value changed."""
    if not before:  # a creation: every field set, the one diff an import writes per row
        return {
            name: [None, value if type(value) in _AS_IS else _plain(value)]
            for name in sorted(after)
            if (value := after[name]) is not None
        }
    changed = {}
    for name in sorted(after.keys() | before.keys()):
        old = _plain(before[name]) if name in before else None
        new = _plain(after.get(name))
        if old != new:
            changed[name] = [old, new]
    return changed


def _remote_addr() -> str | None:
    return request.remote_addr if has_request_context() else None


_note: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_note", default=None)


@contextmanager
def noting(note: str) -> Iterator[None]:
    """Audit rows written inside name this (an import's file), where a service gives none."""
    token = _note.set(note[:500])
    try:
        yield
    finally:
        _note.reset(token)


def entry(
    action: str,
    actor: User | None,
    entity: str | None = None,
    entity_id: int | None = None,
    changes: dict[str, Any] | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """One audit row's columns (`write` and `write_many` store them)."""
    note = note or _note.get()
    return {
        "occurred_at": utcnow(),
        "action": action,
        "user_id": actor.id if actor is not None else None,
        "entity": entity,
        "entity_id": entity_id,
        "changes": changes,
        "remote_addr": _remote_addr(),
        "note": (note or None) and note[:500],
    }


def write(
    action: str,
    actor: User | None,
    entity: str | None = None,
    entity_id: int | None = None,
    changes: dict[str, Any] | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Add an audit row to the current transaction, so it commits or rolls back with the change."""
    row = AuditEntry(**entry(action, actor, entity, entity_id, changes, note))
    db.session.add(row)
    return row


def write_many(entries: Iterable[dict[str, Any]]) -> None:
    """Audit rows from `entry`, in one INSERT: a long import writes thousands at a time."""
    rows = list(entries)
    if rows:
        db.session.flush()  # rows added by `write` first, so ids keep the order of events
        db.session.execute(insert(AuditEntry.__table__), rows)


def history(entity: str, entity_id: int) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            db.select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
        )
    )

"""The data version: one row whose value changes in the same transaction as every write.

A figure cached under the version it was read at can then never be older than a committed
change, in any worker process: whoever commits a change commits a new version with it, and
whoever reads afterwards reads the new version first and misses the cache.

The value is a fresh random number, not a counter: equal values mean the same data even
across a restored backup or a copied test database, where a counter could repeat with other
data behind it. Per-request bookkeeping (rate counts, sign-in attempts, session and token
last-seen stamps, the audit log that accompanies a real change) changes no figure and keeps
the version, or every request would empty every cache.

On PostgreSQL the UPDATE holds the row's lock from a transaction's first write to its commit,
so writers queue one behind the other: writes here are small and few (SQLite serialises them
anyway), and it is what makes the version move with the data.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import g, has_app_context
from sqlalchemy import BigInteger, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from hub_app.extensions import db

#: tables whose writes no cached figure or list can show
BOOKKEEPING_TABLES = frozenset(
    {
        "api_rate_counts",
        "api_tokens",
        "audit_log",
        "data_version",
        "login_attempts",
        "user_sessions",
    }
)
_BUMPED = "hub_app.data_version_bumped"
_SEEN = "hub_app_data_version_seen"


class DataVersion(db.Model):
    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


_CURRENT = select(DataVersion.__table__.c.value).where(DataVersion.__table__.c.id == 1)


def fresh_value() -> int:
    return secrets.randbits(62)


def current() -> int | None:
    """The version this transaction sees, or the one this request read as it began
    (`seen`); None where the row is missing (nothing is cached)."""
    if has_app_context() and g.get(_SEEN) is not None:
        return g.get(_SEEN)
    return db.session.scalar(_CURRENT)


def seen(value: int) -> None:
    """A read-only request read the version with its token (api.callers): its cached
    reads need not ask again. Anything the request writes forgets it (`bump`)."""
    setattr(g, _SEEN, value)


def seed() -> None:
    if db.session.get(DataVersion, 1) is None:
        db.session.add(DataVersion(id=1, value=fresh_value()))


def bump(session: Session) -> None:
    """A new version in the session's transaction, once per transaction."""
    if session.info.get(_BUMPED):
        return
    session.info[_BUMPED] = True
    if has_app_context():
        g.pop(_SEEN, None)
    table = DataVersion.__table__
    session.connection().execute(update(table).where(table.c.id == 1).values(value=fresh_value()))


def _changes_data(session: Session) -> bool:
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(instance, "__tablename__", None)
        if table not in BOOKKEEPING_TABLES and (
            instance not in session.dirty or session.is_modified(instance)
        ):
            return True
    return False


def _before_flush_check(session: Session, _context: Any, _instances: Any) -> None:
    # session.new/dirty/deleted are emptied by the flush: look before, act after
    session.info["hub_app.flush_changes_data"] = _changes_data(session)


def _after_flush_bump(session: Session, _context: Any) -> None:
    if session.info.pop("hub_app.flush_changes_data", False):
        bump(session)


def _on_bulk_write(state: Any) -> None:
    """UPDATE / DELETE / INSERT statements run through the session (bulk soft deletes,
    repointing) change data without passing through the unit of work."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in BOOKKEEPING_TABLES:
        return
    bump(state.session)


def _transaction_over(session: Session, *_args: Any) -> None:
    session.info.pop(_BUMPED, None)


def init_app() -> None:
    """Listen on every session of the app (Flask-SQLAlchemy's session class)."""
    session_class = db.session.session_factory.class_
    if event.contains(session_class, "before_flush", _before_flush_check):
        return
    event.listen(session_class, "before_flush", _before_flush_check)
    event.listen(session_class, "after_flush", _after_flush_bump)
    event.listen(session_class, "do_orm_execute", _on_bulk_write)
    event.listen(session_class, "after_commit", _transaction_over)
    event.listen(session_class, "after_rollback", _transaction_over)
    event.listen(session_class, "after_soft_rollback", _transaction_over)

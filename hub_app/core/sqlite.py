"""SQLite set up for several worker processes writing at once.

pysqlite's own transaction handling is switched off so SQLAlchemy emits BEGIN itself
(the recipe in SQLAlchemy's SQLite dialect docs). Requests that may write, and CLI
commands, begin with BEGIN IMMEDIATE: the write lock is taken before the first read, so
read-then-write updates cannot interleave and a waiting writer queues on busy_timeout
instead of failing with "database is locked". GET requests stay deferred readers.

So a GET must not write through the request's session: a read transaction that turns
into a write fails at once (SQLITE_BUSY_SNAPSHOT) when another process wrote meanwhile.
Write in a transaction of its own whose first statement is the write (see
`api.callers.admit`, `web.audit_refusal`).
"""

from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _wants_write_lock() -> bool:
    return not (has_request_context() and request.method in READ_METHODS)


def configure(engine: Engine, busy_timeout_ms: int) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            # up to 64 MiB of pages per connection (SQLite's default is 2 MiB): a long import
            # spilled its pages to the WAL again and again, and KPI reports re-read theirs
            cursor.execute("PRAGMA cache_size = -65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:  # noqa: ANN001
        # straight to the driver: every request begins at least one transaction, and
        # exec_driver_sql's statement machinery cost more than the BEGIN itself
        statement = "BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN"
        connection.connection.driver_connection.execute(statement)

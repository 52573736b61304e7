"""Who calls the API: the presented token checked, counted and stamped in one short transaction.

Every API request asks, so the answer costs one SELECT (token, its user's active flag and
the data version, joined) and the rate count's upsert, on a connection of their own. The
upsert's transaction commits before the view runs, so the count stands even when the
request fails; it holds the write lock (SQLite) or the count's row lock (PostgreSQL) for
that one statement alone, as every API request queues for it. The request's session stays
untouched until a view needs it.

The user is loaded only when a view asks (`user()`): a list served from the cache needs
nothing but the ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import current_app, g, request
from sqlalchemy import Row, Select, bindparam, func, literal_column, select, update
from sqlalchemy.orm import selectinload

from hub_app.api import ratelimit
from hub_app.auth.models import ApiToken, Membership, User
from hub_app.core import versions
from hub_app.core.models import utcnow
from hub_app.core.sqlite import READ_METHODS
from hub_app.extensions import db


@dataclass(frozen=True)
class Caller:
    """What the permission rules (core.permissions) read of a user: its role and hubs,
    and that it is active, which a token of an inactive user never reaches."""

    token_id: int
    user_id: int
    read_only: bool
    role: str
    hub_codes: tuple[str, ...]
    is_active: bool = True


@cache
def _lookup(dialect: str) -> Select[Any]:
    """Built once per dialect: the separator is written into the SQL, where
    aggregate_strings would render it anew for every request."""
    tokens, users = ApiToken.__table__, User.__table__
    version, memberships = versions.DataVersion.__table__, Membership.__table__
    join_strings = func.string_agg if dialect == "postgresql" else func.group_concat
    hubs = (
        select(join_strings(memberships.c.hub, literal_column("','")))
        .where(memberships.c.user_id == tokens.c.user_id)
        .scalar_subquery()
    )
    return (
        select(
            tokens.c.id,
            tokens.c.user_id,
            tokens.c.read_only,
            tokens.c.last_used_at,
            users.c.active,
            users.c.role,
            hubs.label("hubs"),
            version.c.value.label("data_version"),
        )
        .join(users, users.c.id == tokens.c.user_id)
        .outerjoin(version, version.c.id == 1)
        .where(
            tokens.c.token_hash == bindparam("hash"),
            tokens.c.revoked_at.is_(None),
            tokens.c.expires_at > bindparam("now"),
        )
    )


def presented_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def admit() -> Caller | None:
    """The valid token's caller, or None (401 for the views that need one); raises 429
    past the rate limit. Counts the request and notes the token's use."""
    token = presented_token()
    now = utcnow()
    with db.engine.connect() as connection:
        row: Row | None = None
        if token is not None:
            with connection.begin():  # a reader: on SQLite it waits for no lock
                params = {"hash": ApiToken.hash(token), "now": now}
                row = connection.execute(_lookup(connection.dialect.name), params).first()
            if row is not None and not row.active:
                row = None
        stale = row is not None and (
            row.last_used_at is None
            or now - row.last_used_at >= current_app.config["LAST_SEEN_INTERVAL"]
        )
        count = None
        if stale or ratelimit.enabled():
            # its first statement writes, so SQLite holds the write lock for the two
            # statements alone, and another process's commit cannot make it stale
            with connection.begin():
                if ratelimit.enabled():
                    count = ratelimit.hit(connection, row.id if row is not None else None)
                if stale:
                    table = ApiToken.__table__
                    connection.execute(
                        update(table).where(table.c.id == row.id).values(last_used_at=now)
                    )
    ratelimit.refuse_past_limit(count)
    if row is None:
        return None
    if request.method in READ_METHODS and row.data_version is not None:
        versions.seen(row.data_version)
    return Caller(
        token_id=row.id,
        user_id=row.user_id,
        read_only=row.read_only,
        role=row.role,
        hub_codes=tuple(sorted(row.hubs.split(","))) if row.hubs else (),
    )


def user() -> User:
    """The calling user, with memberships, loaded once per request at first use."""
    found = g.get("api_user")
    if found is None:
        found = db.session.get(User, g.api_caller.user_id, options=[selectinload(User.memberships)])
        g.api_user = found
    return found

"""The API's rate limit, counted in the database (DESIGN §6).

A caller is its token, or its address for a request without a valid one, and each gets
API_RATE_LIMIT requests per fixed window ("600 per minute"). One upsert per request keeps
the count, so it holds across worker processes and restarts, as sign-in throttling does,
and needs no server of its own. The upsert runs in a transaction of its own that commits at
once: a request that is refused or fails later still counts.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from flask import Response, current_app, g, request
from sqlalchemy import bindparam, delete, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hub_app.auth.models import ApiRateCount, ApiToken
from hub_app.core.errors import ServiceError
from hub_app.core.models import utcnow
from hub_app.extensions import db

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_LIMIT = re.compile(r"^\s*(\d+)\s*(?:per|/)\s*(second|minute|hour|day)s?\s*$")


class TooManyRequests(ServiceError):
    status = 429


@dataclass(frozen=True)
class Count:
    limit: int
    hits: int
    resets_at: int  # epoch seconds

    @property
    def remaining(self) -> int:
        return max(self.limit - self.hits, 0)


def parse(setting: str) -> tuple[int, int]:
    """("600 per minute") → (600, 60)."""
    found = _LIMIT.match(setting or "")
    if not found:
        raise ValueError(f"API_RATE_LIMIT: {setting!r} (例: '600 per minute')")
    return int(found.group(1)), PERIODS[found.group(2)]


def bucket_for(token: ApiToken | None) -> str:
    if token is not None:
        return f"token:{token.id}"
    return f"addr:{request.remote_addr or '-'}"


def check(token: ApiToken | None) -> None:
    """Count this request and refuse it with 429 past the limit; also note the token's use."""
    config = current_app.config
    stamp = token is not None and (
        token.last_used_at is None or utcnow() - token.last_used_at >= config["LAST_SEEN_INTERVAL"]
    )
    counting = bool(config.get("RATELIMIT_ENABLED", True))
    if not (counting or stamp):
        return
    token_id, bucket = (token.id if token else None), bucket_for(token)
    with _objects_kept():
        db.session.commit()  # end this request's reads: the write below opens its transaction
        if stamp:
            db.session.execute(
                update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow())
            )
        count = _hit(bucket, *parse(config["API_RATE_LIMIT"])) if counting else None
        db.session.commit()
    if count is None:
        return
    g.api_rate_count = count
    if count.hits > count.limit:
        raise TooManyRequests("短時間に操作が集中しました。しばらく待ってから再度お試しください。")


@contextmanager
def _objects_kept() -> Iterator[None]:
    """The token and its user were read a moment ago: the commits here need not expire
    them (reloading both cost a fifth of the count's time)."""
    session = db.session()
    session.expire_on_commit = False
    try:
        yield
    finally:
        session.expire_on_commit = True


@cache
def _upsert(dialect: str):
    """One INSERT … ON CONFLICT DO UPDATE … RETURNING, built once per dialect."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    table = ApiRateCount.__table__
    return (
        insert(table)
        .values(bucket=bindparam("bucket"), window_start=bindparam("window"), hits=1)
        .on_conflict_do_update(
            index_elements=[table.c.bucket, table.c.window_start],
            set_={"hits": table.c.hits + 1},
        )
        .returning(table.c.hits)
    )


def _hit(bucket: str, limit: int, period: int) -> Count:
    window = int(time.time()) // period
    statement = _upsert(db.engine.dialect.name)
    hits = db.session.execute(statement, {"bucket": bucket, "window": window}).scalar_one()
    if hits == 1:  # the caller's first request in this window: drop the past ones
        table = ApiRateCount.__table__
        db.session.execute(delete(table).where(table.c.window_start < window - 1))
    return Count(limit=limit, hits=hits, resets_at=(window + 1) * period)


def add_headers(response: Response) -> Response:
    count: Count | None = g.get("api_rate_count")
    if count is not None:
        response.headers["X-RateLimit-Limit"] = str(count.limit)
        response.headers["X-RateLimit-Remaining"] = str(count.remaining)
        response.headers["X-RateLimit-Reset"] = str(count.resets_at)
        if count.hits > count.limit:
            response.headers["Retry-After"] = str(max(count.resets_at - int(time.time()), 1))
    return response

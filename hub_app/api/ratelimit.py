"""The API's rate limit, counted in the database (DESIGN §6).

A caller is its token, or its address for a request without a valid one, and each gets
API_RATE_LIMIT requests per fixed window ("600 per minute"). One upsert per request keeps
the count, so it holds across worker processes and restarts, as sign-in throttling does,
and needs no server of its own. The upsert runs in the short transaction that checks the
token (api.callers), which commits at once: a request that is refused or fails later still
counts.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cache

from flask import Response, current_app, g, request
from sqlalchemy import Connection, bindparam, delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hub_app.auth.models import ApiRateCount
from hub_app.core.errors import ServiceError

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


def bucket_for(token_id: int | None) -> str:
    if token_id is not None:
        return f"token:{token_id}"
    return f"addr:{request.remote_addr or '-'}"


def enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def hit(connection: Connection, token_id: int | None) -> Count:
    """Count this request in the caller's window, on a connection whose transaction
    commits before the request goes on (api.callers)."""
    limit, period = parse(current_app.config["API_RATE_LIMIT"])
    window = int(time.time()) // period
    statement = _upsert(connection.dialect.name)
    params = {"bucket": bucket_for(token_id), "window": window}
    hits = connection.execute(statement, params).scalar_one()
    if hits == 1:  # the caller's first request in this window: drop the past ones
        table = ApiRateCount.__table__
        connection.execute(delete(table).where(table.c.window_start < window - 1))
    return Count(limit=limit, hits=hits, resets_at=(window + 1) * period)


def refuse_past_limit(count: Count | None) -> None:
    if count is None:
        return
    g.api_rate_count = count
    if count.hits > count.limit:
        raise TooManyRequests("短時間に操作が集中しました。しばらく待ってから再度お試しください。")


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


def add_headers(response: Response) -> Response:
    count: Count | None = g.get("api_rate_count")
    if count is not None:
        response.headers["X-RateLimit-Limit"] = str(count.limit)
        response.headers["X-RateLimit-Remaining"] = str(count.remaining)
        response.headers["X-RateLimit-Reset"] = str(count.resets_at)
        if count.hits > count.limit:
            response.headers["Retry-After"] = str(max(count.resets_at - int(time.time()), 1))
    return response

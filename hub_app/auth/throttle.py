"""Sign-in throttling counted in the database, so it holds across worker processes."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import delete, func, or_, select

from hub_app.auth.models import LoginAttempt
from hub_app.core.models import utcnow
from hub_app.extensions import db


def is_throttled(email: str, remote_addr: str) -> bool:
    """True when the account or the address has too many recent failures (DESIGN §6)."""
    since = utcnow() - current_app.config["LOGIN_FAILURE_WINDOW"]
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    recent = (
        select(LoginAttempt.email, LoginAttempt.remote_addr)
        .where(
            LoginAttempt.attempted_at >= since,
            LoginAttempt.succeeded.is_(False),
            or_(LoginAttempt.email == email, LoginAttempt.remote_addr == remote_addr),
        )
        .subquery()
    )
    by_email, by_addr = db.session.execute(
        select(
            func.count().filter(recent.c.email == email),
            func.count().filter(recent.c.remote_addr == remote_addr),
        )
    ).one()
    return by_email >= limit or by_addr >= limit


def record_attempt(email: str, remote_addr: str, succeeded: bool) -> None:
    """Keep the attempt, and drop those past LOGIN_ATTEMPT_RETENTION on the way.

    Purged where attempts are written, so the table stays bounded by the retention with
    no scheduled job to forget; the index on attempted_at keeps it one short range delete.
    """
    purge_old_attempts()
    db.session.add(LoginAttempt(email=email, remote_addr=remote_addr, succeeded=succeeded))


def purge_old_attempts() -> int:
    """Delete attempts older than the retention (90 days); how many went."""
    cutoff = utcnow() - current_app.config["LOGIN_ATTEMPT_RETENTION"]
    result = db.session.execute(
        delete(LoginAttempt).where(LoginAttempt.attempted_at < cutoff),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount or 0

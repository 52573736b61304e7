"""Signed-in browsers kept on the server, so a person sees theirs and can end any of them.

The session cookie (signed, HttpOnly) carries the user's id with their session token, which
rotation changes to end every session at once, and a random id of this browser's session,
whose hash is a row of `user_sessions`. A cookie whose row has ended signs nobody in.
"""

from __future__ import annotations

import secrets
from functools import cache
from typing import Any

from flask import current_app, g, request, session
from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import joinedload

from hub_app.auth.models import User, UserSession, secret_hash
from hub_app.core import audit, versions
from hub_app.core.models import utcnow
from hub_app.core.permissions import is_admin, require
from hub_app.core.sqlite import READ_METHODS
from hub_app.extensions import db

SESSION_KEY = "sid"


def start(user: User) -> UserSession:
    """A new session row for this browser; the caller has cleared the old session."""
    secret = secrets.token_urlsafe(32)
    record = UserSession(
        user_id=user.id,
        secret_hash=secret_hash(secret),
        remote_addr=(request.remote_addr or "-")[:64],
        user_agent=(request.user_agent.string or "")[:300],
    )
    db.session.add(record)
    session[SESSION_KEY] = secret
    g.user_session = record
    return record


@cache
def _signed_in_statement() -> Select[Any]:
    """Built once: composing it anew cost as much as running it."""
    version = versions.DataVersion.__table__
    return (
        select(User, UserSession, version.c.value)
        .join(UserSession, UserSession.user_id == User.id)
        .outerjoin(version, version.c.id == 1)
        .options(joinedload(User.memberships))
        .where(User.id == bindparam("user_id"), UserSession.secret_hash == bindparam("secret"))
    )


def signed_in(user_id: int, session_token: str) -> User | None:
    """The cookie's user, when its session token is current and this browser's session row
    live. Every page asks: the user, its memberships, the row and the data version come in
    one statement, and a GET's cached pages use that version (core.versions.seen)."""
    secret = session.get(SESSION_KEY)
    if not isinstance(secret, str) or not secret:
        return None
    params = {"user_id": user_id, "secret": secret_hash(secret)}
    found = db.session.execute(_signed_in_statement(), params).unique().first()
    if found is None:
        return None
    user, record, version = found
    if not user.active or user.session_token != session_token or record.ended_at is not None:
        return None
    g.user_session = record
    if request.method in READ_METHODS and version is not None:
        versions.seen(version)
    return user


def current() -> UserSession | None:
    return g.get("user_session")


def touch() -> None:
    """Note when the session was last seen, at most once per LAST_SEEN_INTERVAL.

    A GET is a SQLite reader: its transaction is ended first, so the UPDATE starts a
    transaction of its own (see core.sqlite). Other requests write with their own change.
    """
    record = current()
    if record is None:
        return
    now = utcnow()
    if now - record.last_seen_at < current_app.config["LAST_SEEN_INTERVAL"]:
        return
    address = (request.remote_addr or "-")[:64]
    if request.method in READ_METHODS:
        record_id = record.id
        db.session.commit()
        db.session.execute(
            update(UserSession)
            .where(UserSession.id == record_id)
            .values(last_seen_at=now, remote_addr=address)
        )
        db.session.commit()
    else:
        record.last_seen_at, record.remote_addr = now, address


def renew(user: User) -> UserSession:
    """A new session id after a re-authentication; the old one ends (ASVS 7.2.4)."""
    end_current()
    return start(user)


def end_current() -> None:
    record = current()
    if record is not None and record.ended_at is None:
        record.ended_at = utcnow()


def active_of(user: User) -> list[UserSession]:
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def end_one(actor: User, record: UserSession) -> None:
    """End one session of the actor's own (another browser of theirs)."""
    require(record.user_id == actor.id, "このセッションを終了する権限がありません。")
    if record.ended_at is None:
        record.ended_at = utcnow()
        db.session.flush()
        audit.write("session_end", actor, "user", actor.id, {"session": [record.id, None]})


def end_others(actor: User) -> int:
    """End every session of the actor but this one; returns how many ended."""
    keep = current()
    ending = update(UserSession).where(
        UserSession.user_id == actor.id, UserSession.ended_at.is_(None)
    )
    if keep is not None:
        ending = ending.where(UserSession.id != keep.id)
    ended = db.session.execute(
        ending.values(ended_at=utcnow()), execution_options={"synchronize_session": False}
    ).rowcount
    if ended:
        audit.write("session_end", actor, "user", actor.id, note=f"他のセッション {ended}件")
    return ended


def end_all(actor: User, user: User) -> None:
    """An admin ends all of a user's sessions: the user's cookies stop working at once."""
    require(is_admin(actor))
    user.rotate_session_token()
    db.session.flush()
    audit.write("session_end", actor, "user", user.id, note="すべてのセッション")

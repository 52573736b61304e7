"""The JSON API under /api/v1 (DESIGN §7): Bearer tokens, the same services as the pages."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request
from sqlalchemy import update

from hub_app.auth.models import ApiToken
from hub_app.core.errors import ServiceError
from hub_app.core.models import utcnow
from hub_app.core.sqlite import READ_METHODS
from hub_app.extensions import csrf, db, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)

PUBLIC_ENDPOINTS = {"api.health", "api.openapi"}


class Unauthorized(ServiceError):
    status = 401


@bp.before_request
def authenticate() -> None:
    """Token auth only: the API never trusts a session cookie, so CSRF cannot reach it."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    record = ApiToken.lookup(token.strip()) if scheme.lower() == "bearer" and token else None
    if record is None or not record.user.is_active:
        raise Unauthorized("有効なAPIトークンを Authorization: Bearer で指定してください。")
    g.api_user = record.user
    if record.last_used_at is None or (utcnow() - record.last_used_at).total_seconds() > 300:
        if request.method in READ_METHODS:
            _stamp_last_use(record.id)
        else:
            record.last_used_at = utcnow()  # commits with the request's write


def _stamp_last_use(token_id: int) -> None:
    """Stamp the token on a read in a transaction of its own that starts with the write.

    Through the request's session, a GET would never commit the stamp, and its autoflush
    would turn a SQLite read transaction into a write mid-way: under concurrent writers
    that fails at once with "database is locked" instead of waiting its turn.
    """
    with db.engine.begin() as connection:
        connection.execute(
            update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=utcnow())
        )


@bp.get("/health")
def health():
    return jsonify({"status": "ok"})


from hub_app.api import organizations  # noqa: E402,F401  (registers its routes)

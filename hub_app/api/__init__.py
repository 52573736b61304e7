"""The JSON API under /api/v1 (DESIGN §7): Bearer tokens, the same services as the pages."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request

from hub_app.auth.models import ApiToken
from hub_app.core.errors import ServiceError
from hub_app.core.models import utcnow
from hub_app.core.sqlite import READ_METHODS
from hub_app.extensions import csrf, limiter

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
    if request.method not in READ_METHODS and (
        record.last_used_at is None or (utcnow() - record.last_used_at).total_seconds() > 300
    ):
        record.last_used_at = utcnow()  # commits with the request's write


# Reads do not stamp last_used_at: a GET never commits, and a write in its transaction would
# turn a SQLite read into a write mid-way, which fails at once ("database is locked") when
# another process wrote meanwhile. So the stamp tells when the token last changed something.


@bp.get("/health")
def health():
    return jsonify({"status": "ok"})


from hub_app.api import (  # noqa: E402,F401
    events,
    knic,
    kpi,
    openapi,
    organizations,
    reports,
    welltech,
)

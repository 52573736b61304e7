"""The JSON API under /api/v1 (DESIGN §7): Bearer tokens, the same services as the pages."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hub_app.api import callers, ratelimit
from hub_app.core.errors import PermissionDenied, ServiceError
from hub_app.core.sqlite import READ_METHODS
from hub_app.extensions import csrf, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.after_request(ratelimit.add_headers)

PUBLIC_ENDPOINTS = {"api.health", "api.openapi"}


class Unauthorized(ServiceError):
    status = 401


@bp.before_request
def authenticate() -> None:
    """Token auth only: the API never trusts a session cookie, so CSRF cannot reach it.

    The rate limit counts before anything else answers, so guessing tokens is limited
    per address too; the health check stays outside it, for load balancers.
    """
    if request.endpoint == "api.health":
        return
    caller = callers.admit()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    if caller is None:
        raise Unauthorized("有効なAPIトークンを Authorization: Bearer で指定してください。")
    g.api_caller = caller
    if caller.read_only and request.method not in READ_METHODS:
        raise PermissionDenied("読み取り専用のAPIトークンでは変更できません。")


@bp.get("/health")
def health():
    """Whether the app and its database answer: 503 when the database does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify({"status": "error", "database": "unavailable"}), 503
    return jsonify({"status": "ok", "database": "ok"})


from hub_app.api import (  # noqa: E402,F401
    bookings,
    consultations,
    events,
    knic,
    kpi,
    openapi,
    organizations,
    registry,
    reports,
    search,
    welltech,
)

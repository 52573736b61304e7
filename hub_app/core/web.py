"""Request-wide behaviour: sessions, security headers, error pages, template filters."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Any

from flask import (
    Flask,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from hub_app.core import audit, audit_display, clock, enums, navigation
from hub_app.core.errors import ServiceError
from hub_app.core.fields import MAX_ID
from hub_app.core.fiscal import fiscal_year, fiscal_year_label, japanese_date
from hub_app.core.models import utcnow
from hub_app.extensions import db, login_manager

JST = timedelta(hours=9)
#: how stale the cookie's "last seen" may grow before it is written again: a changed cookie
#: is signed, compressed and sent anew, which cost a busy page a fifth of its time; the idle
#: timeout can then come this much early, never late
SEEN_STEP = timedelta(seconds=15)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

ERROR_TITLES = {
    400: "リクエストが正しくありません",
    401: "サインインが必要です",
    403: "この操作を行う権限がありません",
    404: "ページが見つかりません",
    405: "この方法では利用できません",
    409: "記録を変更できません",
    413: "ファイルが大きすぎます",
    422: "入力内容に誤りがあります",
    429: "しばらく時間をおいてから再度お試しください",
    500: "システムエラーが発生しました",
}


class SessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS, and signs it
    with HMAC-SHA256 (Flask's default is HMAC-SHA1)."""

    digest_method = staticmethod(hashlib.sha256)

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(super().get_cookie_secure(app) or (request and request.is_secure))


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None, errors: dict | None = None):
    if wants_json():
        body: dict[str, Any] = {"errors": errors or {"_": [message or ERROR_TITLES.get(status)]}}
        return jsonify(body), status
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=ERROR_TITLES.get(status, "エラー"),
            message=message,
        ),
        status,
    )


def audit_refusal(status: int, note: str | None = None) -> None:
    """Record a refused access in its own transaction; the refused change is rolled back.

    The user's id is read before the rollback, so the new transaction starts with the
    INSERT: on SQLite it then queues for the write lock instead of upgrading a read.
    """
    caller = g.get("api_caller")  # the API's caller (api.callers); pages have current_user
    if caller is not None:
        user_id = caller.user_id
    else:
        user_id = current_user.id if current_user and current_user.is_authenticated else None
    db.session.rollback()
    note = f"{status} {request.method} {request.path} {note or ''}".strip()
    row = audit.entry("access_denied", None, note=note)
    db.session.add(audit.AuditEntry(**{**row, "user_id": user_id}))
    db.session.commit()


def _load_user(user_id: str):
    """The cookie's user, when its session token is current and its session row live."""
    from hub_app.auth import sessions

    ident, _, token = user_id.partition(":")
    if not ident.isdigit() or not token:
        return None
    return sessions.signed_in(int(ident), token)


def _refuse_nul_in_url():
    """NUL in the path or query string reaches no database (PostgreSQL refuses it in text)."""
    if "\x00" in request.path or any("\x00" in v for v in request.args.values()):
        return error_response(400, "URLに使用できない文字が含まれています。")
    return None


def _enforce_session_timeouts():
    # the API reads no session cookie (api.callers): its user is the token's
    if request.endpoint == "static" or wants_json() or not current_user.is_authenticated:
        return None
    now = utcnow()
    started = session.get("login_at")
    seen = session.get("seen_at")
    idle = current_app.config["SESSION_IDLE_TIMEOUT"]
    absolute = current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    expired = (
        started is None
        or seen is None
        or now - datetime.fromisoformat(seen) > idle
        or now - datetime.fromisoformat(started) > absolute
    )
    if expired:
        logout_user()
        session.clear()
        flash(
            "一定時間操作がなかったため、サインアウトしました。もう一度サインインしてください。",
            "info",
        )
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if now - datetime.fromisoformat(seen) >= SEEN_STEP:
        session["seen_at"] = now.isoformat()
    from hub_app.auth import sessions

    sessions.touch()
    return None


#: pages a user who must enrol a second factor may still open
ENROLMENT_ENDPOINTS = frozenset(
    {"account.mfa_setup", "account.reauth", "auth.logout", "auth.login", "static"}
)


def _require_enrolment():
    """Roles in MFA_REQUIRED_ROLES enrol before any other page opens (DESIGN §6)."""
    if request.endpoint in ENROLMENT_ENDPOINTS or wants_json():
        return None
    if not current_user.is_authenticated or current_user.mfa_enabled:
        return None
    from hub_app.auth import mfa

    if not mfa.required_for(current_user):
        return None
    return redirect(url_for("account.mfa_setup"))  # the page says why


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _number(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:,}"


def _jdate(value: date | None) -> str:
    return japanese_date(value) if value else ""


def _jdatetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value + JST
    return f"{japanese_date(local.date())} {local:%H:%M}"


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    login_manager.user_loader(_load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "このページを見るにはサインインしてください。"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(_refuse_nul_in_url)
    app.before_request(_enforce_session_timeouts)
    app.before_request(_require_enrolment)
    app.after_request(_security_headers)

    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError):
        # refused: a forbidden action, or an API token that was presented but is not valid
        if error.status == 403 or (error.status == 401 and request.headers.get("Authorization")):
            audit_refusal(error.status, error.message)
        else:
            db.session.rollback()
        return error_response(error.status, error.message, error.errors or None)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        return error_response(
            400,
            "フォームの有効期限が切れたか、不正な送信です。ページを再読み込みしてやり直してください。",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 403:
            audit_refusal(403, error.description)
        else:
            db.session.rollback()
        message = None if error.code in (404, 405, 500) else error.description
        if error.code == 429:
            message = "短時間に操作が集中しました。しばらく待ってから再度お試しください。"
        body, status = error_response(error.code or 500, message)
        response = current_app.make_response((body, status))
        # Werkzeug's own headers: Allow on a 405 (RFC 9110 §15.5.6), Retry-After on a 429
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("unhandled error")
        db.session.rollback()
        return error_response(
            500, "時間をおいて再度お試しください。解決しない場合は管理者に連絡してください。"
        )

    app.jinja_env.filters.update(
        jdate=_jdate, jdatetime=_jdatetime, number=_number, fy_label=fiscal_year_label
    )
    app.jinja_env.globals.update(
        nav_sections=navigation.sections_for,
        audit_action=navigation.audit_action,
        audit_changes=audit_display.change_lines,
        audit_entity=audit_display.entity_label,
        audit_entities=audit_display.ENTITIES,
        audit_url=audit_display.entity_url,
        audit_actions=navigation.AUDIT_ACTIONS,
        enums=enums,
        label=enums.label,
        fiscal_year=fiscal_year,
        today=clock.today,
    )


class RecordIdConverter(IntegerConverter):
    """`<int:…>` in every URL. An id beyond the 32-bit range becomes 0, which no record
    has, so the page answers its usual 404 instead of a PostgreSQL overflow error."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_ID else 0

"""Administration: users and the audit log."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from hub_app.auth import mfa, reauth, services, sessions
from hub_app.auth.forms import PasswordResetForm, UserCreateForm, UserForm
from hub_app.auth.models import ApiToken, User
from hub_app.core import audit_display, navigation
from hub_app.core.audit import AuditEntry
from hub_app.core.listing import id_arg, page_args, paginate
from hub_app.core.permissions import is_admin
from hub_app.core.views import run_form, status_of
from hub_app.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")
navigation.add("管理", "利用者", "admin.users", is_admin)
navigation.add("管理", "監査ログ", "admin.audit_log", is_admin)
navigation.add("管理", "APIトークン", "admin.tokens", is_admin)


@bp.before_request
@login_required
def require_admin():
    if not is_admin(current_user):
        abort(403)


def _jst_midnight_in_utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day) - timedelta(hours=9)


def _user(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.get("/users")
def users():
    rows = db.session.scalars(select(User).order_by(User.active.desc(), User.email))
    return render_template("admin/users.html", users=list(rows))


@bp.route("/users/new", methods=["GET", "POST"])
def create_user():
    form = UserCreateForm()
    if form.is_submitted():
        user = run_form(form, lambda: services.create_user(current_user, form))
        if user is not None:
            flash(
                f"{user.email} を登録しました。初期パスワードを本人に安全な方法で伝えてください。",
                "success",
            )
            return redirect(url_for(".users"))
    return render_template("admin/user_form.html", form=form, user=None), status_of(form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = _user(user_id)
    form = UserForm(obj=user, data={"hubs": user.hub_codes})
    if form.is_submitted() and form.role.data != user.role and not reauth.is_recent():
        return reauth.ask()  # a change of role is among the riskiest actions
    if form.is_submitted():
        saved = run_form(form, lambda: services.update_user(current_user, user, form))
        if saved is not None:
            flash("利用者の設定を保存しました。", "success")
            return redirect(url_for(".users"))
    reset = PasswordResetForm(formdata=None)
    return render_template(
        "admin/user_form.html",
        form=form,
        reset=reset,
        user=user,
        sessions=sessions.active_of(user),
    ), status_of(form)


@bp.post("/users/<int:user_id>/password")
def reset_password(user_id: int):
    user = _user(user_id)
    reset = PasswordResetForm()
    run_form(
        reset, lambda: services.reset_password(current_user, user, reset.new_password.data or "")
    )
    if status_of(reset) != 200:
        form = UserForm(formdata=None, obj=user, data={"hubs": user.hub_codes})
        return render_template("admin/user_form.html", form=form, reset=reset, user=user), 422
    flash(
        f"{user.email} のパスワードを再設定しました。この利用者のセッションは終了しました。",
        "success",
    )
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>/deactivate")
def deactivate_user(user_id: int):
    user = _user(user_id)
    services.deactivate_user(current_user, user)
    db.session.commit()
    flash(f"{user.email} を無効にしました。セッションとAPIトークンは終了しました。", "success")
    return redirect(url_for(".users"))


@bp.post("/users/<int:user_id>/mfa/reset")
def reset_mfa(user_id: int):
    user = _user(user_id)
    mfa.reset(current_user, user)
    db.session.commit()
    flash(
        f"{user.email} の二要素認証を解除しました。この利用者のセッションは終了しました。",
        "success",
    )
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/sessions/end")
def end_sessions(user_id: int):
    user = _user(user_id)
    sessions.end_all(current_user, user)
    db.session.commit()
    flash(f"{user.email} のすべてのセッションを終了しました。", "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.get("/tokens")
def tokens():
    query = select(ApiToken).order_by(ApiToken.revoked_at.isnot(None), ApiToken.created_at.desc())
    page, per_page = page_args(request.args, 50)
    return render_template("admin/tokens.html", pagination=paginate(query, page, per_page))


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id) or abort(404)
    services.revoke_token(current_user, token)
    db.session.commit()
    flash(f"{token.user.email} のトークン「{token.name}」を無効にしました。", "success")
    return redirect(url_for(".tokens"))


@bp.get("/audit")
def audit_log():
    args = request.args
    query = select(AuditEntry)
    if args.get("action"):
        query = query.where(AuditEntry.action == args["action"])
    if args.get("entity"):
        query = query.where(AuditEntry.entity == args["entity"])
    user_id = id_arg(args, "user_id")
    if user_id is not None:
        query = query.where(AuditEntry.user_id == user_id)
    # The dates a person picks are Japanese days; the log keeps UTC. `until` takes in its day.
    for name in ("since", "until"):
        try:
            day = date.fromisoformat(args.get(name, ""))
        except ValueError:
            continue
        if name == "since":
            query = query.where(AuditEntry.occurred_at >= _jst_midnight_in_utc(day))
        else:
            next_day = day + timedelta(days=1)
            query = query.where(AuditEntry.occurred_at < _jst_midnight_in_utc(next_day))
    query = query.order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())
    page, per_page = page_args(args, 50)
    users = db.session.scalars(select(User).order_by(User.email)).all()
    pagination = paginate(query, page, per_page)
    return render_template(
        "admin/audit.html",
        pagination=pagination,
        shown_changes=audit_display.shown_changes(pagination.items),
        users=users,
    )

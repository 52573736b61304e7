"""Sign-in, sign-out and the user's own password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from hub_app.auth import services, throttle
from hub_app.auth.forms import LoginForm, PasswordChangeForm
from hub_app.core import audit
from hub_app.core.errors import ValidationFailed
from hub_app.core.forms import attach_errors
from hub_app.core.models import utcnow
from hub_app.extensions import db

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """A local path to continue to after sign-in; anything else leads to the dashboard."""
    fallback = url_for("dashboard.index")
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        address = request.remote_addr or "-"
        if throttle.is_throttled(email, address):
            audit.write("login_throttled", None, note=email)
            db.session.commit()
            abort(429)
        user = services.authenticate(email, form.password.data)
        throttle.record_attempt(email, address, succeeded=user is not None)
        if user is None:
            audit.write("login_failed", None, note=email)
            db.session.commit()
            form.password.errors = ["メールアドレスまたはパスワードが違います。"]
            return render_template("auth/login.html", form=form), 200
        session.clear()  # a new session at sign-in: nothing from before carries over
        login_user(user)
        now = utcnow().isoformat()
        session["login_at"] = session["seen_at"] = now
        audit.write("login", user, "user", user.id)
        db.session.commit()
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
@login_required
def logout():
    if request.method == "GET":
        return render_template("auth/logout.html")
    user = current_user._get_current_object()
    user.rotate_session_token()
    audit.write("logout", user, "user", user.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash("サインアウトしました。", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, form.current_password.data, form.new_password.data)
        except ValidationFailed as error:
            db.session.rollback()
            attach_errors(form, error.errors)
            return render_template("auth/password.html", form=form), 422
        db.session.commit()
        login_user(user)  # keep this session, with the new token; all others have ended
        flash("パスワードを変更しました。他の端末のセッションは終了しました。", "success")
        return redirect(url_for("dashboard.index"))
    return render_template("auth/password.html", form=form)

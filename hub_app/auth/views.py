"""Sign-in, sign-out and the user's own password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user

from hub_app.auth import mfa, services, sessions, signin, throttle
from hub_app.auth.forms import CodeForm, LoginForm, PasswordChangeForm
from hub_app.core import audit
from hub_app.core.errors import ValidationFailed
from hub_app.core.forms import attach_errors
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
    pending = signin.pending_user()
    if pending is not None and "email" not in request.form and not request.args.get("restart"):
        return _code_step(pending)
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
        if user.mfa_enabled:  # the password was right: now the code (DESIGN §6)
            signin.await_code(user)
            db.session.commit()
            return render_template("auth/login_code.html", form=CodeForm(formdata=None))
        return signin.complete(user)
    return render_template("auth/login.html", form=form)


def _code_step(user):
    """The second step of a sign-in: a code from the app, or a recovery code."""
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("auth/login_code.html", form=form)
    address = request.remote_addr or "-"
    if throttle.is_throttled(user.email, address):
        audit.write("login_throttled", None, note=user.email)
        db.session.commit()
        abort(429)
    kind = mfa.accept(user, form.code.data)
    if kind is None:
        throttle.record_attempt(user.email, address, succeeded=False)
        audit.write("mfa_failed", None, "user", user.id, note=user.email)
        db.session.commit()
        form.code.errors = [mfa.WRONG_CODE]
        return render_template("auth/login_code.html", form=form), 200
    if kind == "recovery":
        audit.write("mfa_recovery_used", user, "user", user.id)
    return signin.complete(user)


@bp.route("/logout", methods=["GET", "POST"])
@login_required
def logout():
    if request.method == "GET":
        return render_template("auth/logout.html")
    user = current_user._get_current_object()
    sessions.end_current()  # this browser's session; the account page ends the others
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
            services.change_password(
                user,
                form.current_password.data,
                form.new_password.data,
                keep_session=sessions.current(),
            )
        except ValidationFailed as error:
            db.session.rollback()
            attach_errors(form, error.errors)
            return render_template("auth/password.html", form=form), 422
        db.session.commit()
        signin.keep_after_rotation(user)  # this session goes on; all others have ended
        flash("パスワードを変更しました。他の端末のセッションは終了しました。", "success")
        return redirect(url_for("dashboard.index"))
    return render_template("auth/password.html", form=form)

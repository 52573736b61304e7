"""The signed-in person's own account: sessions, second factor, API tokens, re-authentication."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from hub_app.auth import mfa, reauth, services, sessions, throttle
from hub_app.auth.forms import CodeForm, ReauthForm, RemindersForm, TokenForm
from hub_app.auth.models import ApiToken, UserSession
from hub_app.auth.passwords import verify_password
from hub_app.auth.views import safe_next
from hub_app.core import audit
from hub_app.core.views import run_form, status_of
from hub_app.extensions import db

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
@login_required
def signed_in_only() -> None:
    return None


def _me():
    return current_user._get_current_object()


@bp.get("")
def index():
    return render_template(
        "account/index.html",
        sessions=sessions.active_of(_me()),
        current=sessions.current(),
        recovery_left=mfa.remaining_recovery_codes(_me()),
        reminders_form=RemindersForm(formdata=None, reminders_enabled=_me().reminders_enabled),
    )


@bp.post("/reminders")
def reminders():
    form = RemindersForm()
    changed = run_form(form, lambda: services.set_reminders(_me(), form))
    if changed is None:
        abort(400)
    if changed:
        on = current_user.reminders_enabled
        flash(
            "リマインドメールを受け取ります。" if on else "リマインドメールを止めました。",
            "success",
        )
    return redirect(url_for(".index"))


@bp.post("/sessions/<int:session_id>/end")
@reauth.required  # ASVS 7.5.2: the person proves it is them before ending sessions
def end_session(session_id: int):
    record = db.session.get(UserSession, session_id)
    if record is None or record.user_id != current_user.id:
        abort(404)
    sessions.end_one(_me(), record)
    db.session.commit()
    flash("セッションを終了しました。", "success")
    return redirect(url_for(".index"))


@bp.post("/sessions/end-others")
@reauth.required
def end_other_sessions():
    ended = sessions.end_others(_me())
    db.session.commit()
    flash(f"他のセッションを{ended}件終了しました。", "success")
    return redirect(url_for(".index"))


# --- second factor -----------------------------------------------------------------------


@bp.route("/mfa", methods=["GET", "POST"])
def mfa_setup():
    user = _me()
    form = CodeForm()
    if user.mfa_enabled:
        return render_template(
            "account/mfa.html", form=form, recovery_left=mfa.remaining_recovery_codes(user)
        )
    if form.is_submitted() and not reauth.is_recent():
        return reauth.ask()  # ASVS 7.5.1: a change of the factors needs a fresh sign-in
    secret = mfa.pending_secret(user)
    if form.is_submitted():
        codes = run_form(form, lambda: mfa.confirm(user, form.code.data or ""))
        if codes is not None:
            flash("二要素認証を有効にしました。", "success")
            return render_template("account/recovery_codes.html", codes=codes)
    uri = mfa.provisioning_uri(user, secret)
    return render_template(
        "account/mfa.html",
        form=form,
        secret=secret,
        qr=mfa.qr_data_uri(uri),
        required=mfa.required_for(user),
    ), status_of(form)


@bp.post("/mfa/recovery-codes")
@reauth.required
def new_recovery_codes():
    user = _me()
    form = CodeForm()
    codes = run_form(form, lambda: mfa.regenerate_recovery_codes(user, form.code.data or ""))
    if codes is None:
        return render_template(
            "account/mfa.html", form=form, recovery_left=mfa.remaining_recovery_codes(user)
        ), status_of(form)
    flash("回復コードを作り直しました。以前の回復コードは使えません。", "success")
    return render_template("account/recovery_codes.html", codes=codes)


# --- re-authentication -------------------------------------------------------------------


@bp.route("/reauth", methods=["GET", "POST"], endpoint="reauth")
def reauth_page():
    user = _me()
    form = ReauthForm()
    if form.validate_on_submit():
        address = request.remote_addr or "-"
        if throttle.is_throttled(user.email, address):
            audit.write("login_throttled", user, note=user.email)
            db.session.commit()
            abort(429)
        password_ok = verify_password(user.password_hash, form.password.data)
        code_ok = not user.mfa_enabled or (
            password_ok and mfa.accept(user, form.code.data or "") is not None
        )
        if not (password_ok and code_ok):
            throttle.record_attempt(user.email, address, succeeded=False)
            audit.write("reauth_failed", user, "user", user.id)
            db.session.commit()
            form.password.errors = ["パスワードまたは確認コードが違います。"]
            return render_template("account/reauth.html", form=form), 422
        sessions.renew(user)
        reauth.mark()
        audit.write("reauth", user, "user", user.id)
        db.session.commit()
        flash("本人確認ができました。操作を続けてください。", "success")
        return redirect(safe_next(request.args.get("next")))
    return render_template("account/reauth.html", form=form)


# --- API tokens --------------------------------------------------------------------------


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    user = _me()
    form = TokenForm()
    shown = None
    if form.is_submitted():
        shown = run_form(form, lambda: services.issue_token(user, form))
        if shown is not None:
            form = TokenForm(formdata=None)
    rows = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    )
    return render_template(
        "account/tokens.html", form=form, tokens=list(rows), new_token=shown
    ), status_of(form)


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    services.revoke_token(_me(), token)
    db.session.commit()
    flash(f"トークン「{token.name}」を無効にしました。", "success")
    return redirect(url_for(".tokens"))

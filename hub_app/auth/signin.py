"""The steps of a sign-in: the password, then (when enrolled) the code, then the session.

Between the two steps the session cookie holds only who passed the password and when, with
the user's session token: a password change or reset in between voids it, and it lapses
after MFA_PENDING_MAX_AGE. Nobody is signed in until the code is right.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, redirect, request, session
from flask_login import login_user

from hub_app.auth import sessions
from hub_app.auth.models import User
from hub_app.core import audit
from hub_app.core.models import utcnow
from hub_app.extensions import db

PENDING_USER = "mfa_user"
PENDING_AT = "mfa_at"


def await_code(user: User) -> None:
    session.clear()  # nothing from before the sign-in carries over
    session[PENDING_USER] = user.get_id()
    session[PENDING_AT] = utcnow().isoformat()


def pending_user() -> User | None:
    """The user who gave the right password and now owes the code, if still in time."""
    ident, _, token = str(session.get(PENDING_USER) or "").partition(":")
    started = session.get(PENDING_AT)
    if not ident.isdigit() or not token or not isinstance(started, str):
        return None
    try:
        age = utcnow() - datetime.fromisoformat(started)
    except ValueError:
        return None
    if age > current_app.config["MFA_PENDING_MAX_AGE"]:
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.active or user.session_token != token or not user.mfa_enabled:
        return None
    return user


def complete(user: User):
    """Sign the user in with a new session (fixation-proof), audited; commits."""
    from hub_app.auth.views import safe_next

    session.clear()
    login_user(user)
    sessions.start(user)
    now = utcnow()
    user.last_login_at = now
    session["login_at"] = session["seen_at"] = session["reauth_at"] = now.isoformat()
    audit.write("login", user, "user", user.id)
    db.session.commit()
    return redirect(safe_next(request.args.get("next")))


def keep_after_rotation(user: User) -> None:
    """After the user's own password change, this browser stays signed in: its cookie
    takes the new session token, and its session row was kept from the rotation."""
    login_user(user)

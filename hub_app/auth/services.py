"""Writes on users and tokens: one function per change, each audited."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from hub_app.auth.forms import RemindersForm, TokenForm, UserCreateForm, UserForm
from hub_app.auth.models import ApiToken, Membership, User, UserSession
from hub_app.auth.passwords import hash_password, needs_rehash, policy_errors, verify_password
from hub_app.core import audit
from hub_app.core.errors import Conflict, ValidationFailed
from hub_app.core.forms import form_values, validate
from hub_app.core.models import utcnow
from hub_app.core.permissions import is_admin, require
from hub_app.core.records import flush
from hub_app.extensions import db


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def _user_values(form: UserForm, existing: User | None = None) -> dict[str, Any]:
    validate(form)
    values = form_values(form)
    values["email"] = values["email"].strip().lower()
    values["hubs"] = sorted(set(values.get("hubs") or []))
    if values["role"] == "staff" and not values["hubs"]:
        message = "職員は少なくとも一つの拠点に所属させてください。"
        raise ValidationFailed(message, {"hubs": [message]})
    other = find_by_email(values["email"])
    if other is not None and other is not existing:
        message = "このメールアドレスはすでに登録されています。"
        raise Conflict(message, {"email": [message]})
    return values


def _check_password(password: str, email: str, field: str = "password") -> None:
    problems = policy_errors(password, email)
    if problems:
        raise ValidationFailed(problems[0], {field: problems})


def create_user(actor: User | None, form: UserCreateForm) -> User:
    """Create a user; `actor` is None only for the CLI and the first admin."""
    if actor is not None:
        require(is_admin(actor))
    values = _user_values(form)
    _check_password(values["password"], values["email"])
    user = User(
        email=values["email"],
        name=values["name"],
        role=values["role"],
        active=values["active"],
        password_hash=hash_password(values["password"]),
        memberships=[Membership(hub=h) for h in values["hubs"]],
    )
    db.session.add(user)
    flush("このメールアドレスはすでに登録されています。")
    audit.write("create", actor, "user", user.id, audit.diff({}, user.snapshot()))
    return user


def update_user(actor: User, user: User, form: UserForm) -> dict:
    """Roles, hubs and activation; deactivating ends the user's sessions and tokens."""
    require(is_admin(actor))
    values = _user_values(form, existing=user)
    if user.id == actor.id and (values["role"] != "admin" or not values["active"]):
        message = "自分自身の管理者権限や有効状態は変更できません。"
        raise ValidationFailed(message, {"role": [message]})
    before = user.snapshot()
    user.email, user.name, user.role = values["email"], values["name"], values["role"]
    kept = {m.hub: m for m in user.memberships}
    user.memberships = [kept.get(h) or Membership(hub=h) for h in values["hubs"]]
    if user.active and not values["active"]:
        user.rotate_session_token()
        _revoke_tokens(user)
    user.active = values["active"]
    changes = audit.diff(before, user.snapshot())
    flush()
    if changes:
        audit.write("update", actor, "user", user.id, changes)
    return changes


def _revoke_tokens(user: User) -> None:
    for token in db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ):
        token.revoked_at = utcnow()


def deactivate_user(actor: User, user: User) -> None:
    """Ends the user's sessions and API tokens at once: a copied cookie stops working."""
    require(is_admin(actor))
    if user.id == actor.id:
        message = "自分自身は無効にできません。"
        raise ValidationFailed(message, {"active": [message]})
    if not user.active:
        return
    user.active = False
    user.rotate_session_token()
    _revoke_tokens(user)
    flush()
    audit.write("update", actor, "user", user.id, {"active": [True, False]})


def _store_password(
    actor: User | None, user: User, password: str, field: str, keep_session: int | None = None
) -> None:
    _check_password(password, user.email, field)
    user.password_hash = hash_password(password)
    user.rotate_session_token(keep_session)
    flush()
    audit.write("password_change", actor, "user", user.id, None)


def change_password(
    user: User, current: str, password: str, keep_session: UserSession | None = None
) -> None:
    """The user's own change; every other session of theirs ends."""
    if not verify_password(user.password_hash, current):
        raise ValidationFailed(
            "現在のパスワードが違います。", {"current_password": ["現在のパスワードが違います。"]}
        )
    _store_password(user, user, password, "new_password", keep_session.id if keep_session else None)


def reset_password(actor: User | None, user: User, password: str) -> None:
    """An admin (or the CLI, actor None) sets a new password; the user's sessions end."""
    if actor is not None:
        require(is_admin(actor))
    _store_password(actor, user, password, "new_password")


def authenticate(email: str, password: str) -> User | None:
    from hub_app.auth.passwords import burn_time

    user = find_by_email(email)
    if user is None:
        burn_time()
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def create_token(
    actor: User | None,
    user: User,
    name: str = "",
    days: int | None = None,
    read_only: bool = False,
) -> str:
    """A new API token; only its SHA-256 is stored, the token itself is shown once.

    It expires after `days` (API_TOKEN_DEFAULT_DAYS when None, at most API_TOKEN_MAX_DAYS).
    """
    if actor is not None:
        require(is_admin(actor) or actor.id == user.id)
    config = current_app.config
    days = config["API_TOKEN_DEFAULT_DAYS"] if days is None else days
    if not 1 <= days <= config["API_TOKEN_MAX_DAYS"]:
        message = f"有効期限は1日から{config['API_TOKEN_MAX_DAYS']}日の間で指定してください。"
        raise ValidationFailed(message, {"days": [message]})
    token = secrets.token_urlsafe(32)
    record = ApiToken(
        user_id=user.id,
        token_hash=ApiToken.hash(token),
        name=name.strip()[:100],
        read_only=read_only,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(record)
    flush()
    audit.write(
        "create",
        actor,
        "api_token",
        record.id,
        audit.diff(
            {},
            {
                "user_id": user.id,
                "name": record.name,
                "read_only": read_only,
                "expires_at": record.expires_at,
            },
        ),
    )
    return token


def issue_token(actor: User, form: TokenForm) -> str:
    """A token the signed-in user makes for themself at /account/tokens."""
    validate(form)
    values = form_values(form)
    return create_token(actor, actor, values["name"], values["days"], bool(values["read_only"]))


def revoke_token(actor: User, token: ApiToken) -> None:
    """The owner or an admin revokes a token: it answers 401 from the next request on."""
    require(is_admin(actor) or token.user_id == actor.id)
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    flush()
    audit.write(
        "revoke",
        actor,
        "api_token",
        token.id,
        audit.diff({"revoked_at": None}, {"revoked_at": token.revoked_at}),
    )


def set_reminders(actor: User, form: RemindersForm) -> dict:
    """Switch one's own reminder e-mail on or off; audited like any change of the account."""
    validate(form)
    before = bool(actor.reminders_enabled)
    wanted = bool(form.reminders_enabled.data)
    if before == wanted:
        return {}
    actor.reminders_enabled = wanted
    db.session.flush()
    changes = {"reminders_enabled": [before, wanted]}
    audit.write("update", actor, "user", actor.id, changes)
    return changes

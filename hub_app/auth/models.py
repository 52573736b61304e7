"""Users, hub memberships, sessions, second factors, API tokens and sign-in attempts (DESIGN §6)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String, select, update
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from hub_app.core.models import utcnow
from hub_app.extensions import db


class Hub(db.Model):
    __tablename__ = "hubs"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)


class Membership(db.Model):
    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    hub: Mapped[str] = mapped_column(ForeignKey("hubs.code"), primary_key=True)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Rotated on sign-out, password change and deactivation; a session cookie carries it,
    # so every cookie issued before the rotation stops working on the next request.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    last_login_at: Mapped[datetime | None]
    # The second factor (RFC 6238). The secret is confirmed once the user typed a code from
    # it; until then it waits in mfa_pending_secret. mfa_last_step is the time step of the
    # last code accepted: a code is accepted only for a later step, so never twice.
    mfa_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_pending_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_enabled_at: Mapped[datetime | None]
    mfa_last_step: Mapped[int | None]
    #: whether send-reminders e-mails this person their due follow-ups (account page)
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True)

    memberships: Mapped[list[Membership]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    audit_name = "user"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    @property
    def hub_codes(self) -> list[str]:
        return sorted(m.hub for m in self.memberships)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def mfa_enabled(self) -> bool:
        return self.mfa_secret is not None

    def rotate_session_token(self, keep_session: int | None = None) -> None:
        """End every session of this user at once (all but `keep_session`, when given)."""
        self.session_token = secrets.token_hex(32)
        if self.id is None:
            return
        ending = update(UserSession).where(
            UserSession.user_id == self.id, UserSession.ended_at.is_(None)
        )
        if keep_session is not None:
            ending = ending.where(UserSession.id != keep_session)
        db.session.execute(
            ending.values(ended_at=utcnow()), execution_options={"synchronize_session": False}
        )

    def snapshot(self) -> dict:
        return {
            "email": self.email,
            "name": self.name,
            "role": self.role,
            "active": self.active,
            "hubs": self.hub_codes,
        }


def secret_hash(secret: str) -> str:
    """SHA-256 of a random secret of 256 bits: no salt or slow hash needed to keep it."""
    return hashlib.sha256(secret.encode()).hexdigest()


class UserSession(db.Model):
    """One signed-in browser. The cookie carries a random id whose hash is kept here, so
    the account page can list a person's sessions and end any of them on the server."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    remote_addr: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def browser(self) -> str:
        return describe_browser(self.user_agent)


def describe_browser(user_agent: str) -> str:
    """A short name people recognise ("Chrome / Windows"), not the full User-Agent string."""
    agent = user_agent or ""
    browser = next(
        (name for key, name in _BROWSERS if key in agent),
        "不明なブラウザ" if not agent else "その他",
    )
    system = next((name for key, name in _SYSTEMS if key in agent), "")
    return f"{browser} / {system}" if system else browser


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


class RecoveryCode(db.Model):
    """A single-use code for when the phone is lost; kept as a salted SHA-256."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    read_only: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @staticmethod
    def hash(token: str) -> str:
        return secret_hash(token)

    @classmethod
    def lookup(cls, token: str) -> ApiToken | None:
        """The token if it is neither revoked nor expired; None answers 401.

        The token, its user and the user's memberships come in one statement: every API
        request asks, and the permission checks read the memberships at once."""
        return (
            db.session.execute(
                select(cls)
                .options(joinedload(cls.user).joinedload(User.memberships))
                .where(
                    cls.token_hash == cls.hash(token),
                    cls.revoked_at.is_(None),
                    cls.expires_at > utcnow(),
                )
            )
            .unique()
            .scalar_one_or_none()
        )

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= utcnow() else "active"


class ApiRateCount(db.Model):
    """API requests per caller (a token, or an address without one) and fixed window,
    counted in the database so the limit holds across worker processes and restarts."""

    __tablename__ = "api_rate_counts"

    bucket: Mapped[str] = mapped_column(String(80), primary_key=True)
    window_start: Mapped[int] = mapped_column(primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)


class LoginAttempt(db.Model):
    """Sign-in attempts, counted in the database so throttling holds across processes."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "attempted_at"),
        Index("ix_login_attempts_addr_at", "remote_addr", "attempted_at"),
        # the purge of attempts past their retention reads by age alone
        Index("ix_login_attempts_attempted_at", "attempted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    email: Mapped[str] = mapped_column(String(254))
    remote_addr: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)

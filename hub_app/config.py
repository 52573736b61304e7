"""Configuration: defaults here, overridden by the environment and by instance/config.py."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path


def load_secret_key(instance_path: str) -> str:
    """Return SECRET_KEY from the environment, or one generated once and kept in instance/.

    A built-in default would let anyone who reads the source forge sessions.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        _create_once(path, secrets.token_hex(32))
    return path.read_text().strip()


def _create_once(path: Path, content: str) -> None:
    """Write the file complete under a temporary name, then link it into place.

    Several workers starting together on a fresh install race here: the link succeeds for
    exactly one of them, and no worker ever reads a half-written key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(content)
        os.chmod(temporary, 0o600)
        with contextlib.suppress(FileExistsError):  # another worker won: its key is the one
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def default_config(instance_path: str) -> dict:
    database_url = os.environ.get("DATABASE_URL") or (
        "sqlite:///" + str(Path(instance_path) / "hub_app.sqlite3")
    )
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        # pool_pre_ping is set in create_app, once the database is known
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # production behind HTTPS: __Host-hub_app_session (Secure, no Domain, Path=/)
        "SESSION_COOKIE_NAME": os.environ.get("SESSION_COOKIE_NAME") or "hub_app_session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", 30))),
        "SESSION_ABSOLUTE_TIMEOUT": timedelta(hours=12),
        "LOGIN_MAX_FAILURES": 10,
        "LOGIN_FAILURE_WINDOW": timedelta(minutes=15),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,
        "ATTACHMENT_MAX_BYTES": 20 * 1024 * 1024,
        "IMPORT_MAX_BYTES": 50 * 1024 * 1024,
        "PER_PAGE": 25,
        # per token (per address for requests without one), counted in the database
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT") or "600 per minute",
        "RATELIMIT_ENABLED": True,
        # Roles that must enrol a second factor before any page opens; empty for none
        # (MFA_REQUIRED_ROLES= to try the app without a phone).
        "MFA_REQUIRED_ROLES": os.environ.get("MFA_REQUIRED_ROLES", "admin,manager"),
        # How long a sign-in or re-authentication allows the riskiest actions (erasing a
        # talent, changing a role, reopening a fiscal year) before asking again.
        "REAUTH_MAX_AGE": timedelta(minutes=5),
        # How long the code step after the password may wait.
        "MFA_PENDING_MAX_AGE": timedelta(minutes=5),
        # A session's and a token's "last seen" are written at most this often.
        "LAST_SEEN_INTERVAL": timedelta(minutes=1),
        "API_TOKEN_DEFAULT_DAYS": 90,
        "API_TOKEN_MAX_DAYS": 365,
        "SQLITE_BUSY_TIMEOUT_MS": 30000,
        # Reverse proxies in front of the app (X-Forwarded-For/-Proto are trusted from this
        # many hops): sign-in throttling then counts the visitor's address, not the proxy's,
        # and cookies are marked Secure when the proxy speaks HTTPS.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0") or 0),
        # Sign-in attempts are kept this long (the throttle reads 15 minutes of them; the
        # rest is for the audit of an attack), then purged as new attempts are recorded.
        "LOGIN_ATTEMPT_RETENTION": timedelta(days=90),
        # send-reminders: the SMTP server, and the address its links point at
        **mail_config(os.environ),
    }


def mail_config(environ: Mapping[str, str]) -> dict:
    """The MAIL_* settings of send-reminders, read from the environment."""
    return {
        "MAIL_SERVER": environ.get("MAIL_SERVER") or "localhost",
        "MAIL_PORT": environ.get("MAIL_PORT") or "25",  # checked when mail is sent
        "MAIL_USE_TLS": (environ.get("MAIL_USE_TLS") or "").lower() in ("1", "true", "yes"),
        "MAIL_USERNAME": environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": environ.get("MAIL_PASSWORD") or None,
        "MAIL_FROM": environ.get("MAIL_FROM") or "hub_app <hub-app@localhost>",
        "BASE_URL": (environ.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
    }

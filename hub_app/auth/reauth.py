"""Re-authentication before the riskiest actions: erasing a talent, changing a user's role,
reopening a closed fiscal year.

A sign-in, or the password (and code, when enrolled) given again at /account/reauth,
allows them for REAUTH_MAX_AGE; later, the action sends the user to confirm first. A
cookie left signed in on an unattended desk cannot erase anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user

from hub_app.core.models import utcnow

F = TypeVar("F", bound=Callable[..., Any])
REAUTH_AT = "reauth_at"


def is_recent() -> bool:
    stamp = session.get(REAUTH_AT)
    if not isinstance(stamp, str):
        return False
    try:
        age = utcnow() - datetime.fromisoformat(stamp)
    except ValueError:
        return False
    return age <= current_app.config["REAUTH_MAX_AGE"]


def mark() -> None:
    session[REAUTH_AT] = utcnow().isoformat()


def ask():
    """Send the user to confirm who they are, then back to the page the action was on."""
    flash(
        "この操作の前に本人確認が必要です。確認のあと、もう一度操作してください。",
        "info",
    )
    return redirect(url_for("account.reauth", next=_page_of_the_action()), code=303)


def required(view: F) -> F:
    """Decorator for a view of a risky action (after its route)."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any):
        if current_user.is_authenticated and not is_recent():
            return ask()
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]


def _page_of_the_action() -> str:
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("dashboard.index")

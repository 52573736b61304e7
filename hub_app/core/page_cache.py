"""Whole list pages kept per data version (core.cache), for the signed-in user who asked.

A list page is the same HTML until a write changes the data (the version), the day changes
(due badges), or another person asks. So the key holds the path, the query string, the
user and the day; the permission checks run on every request before the cache is asked.

The page carries one thing of the browser's session: the CSRF token of its forms (sign-out
in the header). In another browser of the same person the token the page was built with is
replaced by one of that session's, so the page works there too. A request with flashed
messages waiting is rendered afresh: they belong in this page alone.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from hub_app.core import clock
from hub_app.core.cache import cached


def cached_page(build: Callable[[], str]) -> str:
    if session.get("_flashes"):
        return build()
    args = tuple(sorted(request.args.items(multi=True)))
    key = ("page", request.path, args, current_user.id, clock.today())
    page, built_with, secret = cached(key, lambda: (build(), generate_csrf(), _csrf_secret()))
    if secret == _csrf_secret() and current_app.config.get("WTF_CSRF_TIME_LIMIT") is None:
        return page  # built in this browser's session, with a token that does not expire
    return page.replace(built_with, generate_csrf())


def _csrf_secret() -> str | None:
    """The session's raw CSRF secret, which the signed tokens in forms are made from."""
    return session.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))

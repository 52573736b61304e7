"""Sign-in attempts are kept 90 days (the throttle reads 15 minutes of them, the rest is for
looking into an attack) and purged as new attempts are written: no job to forget."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hub_app.auth import throttle
from hub_app.auth.models import LoginAttempt
from hub_app.core.models import utcnow
from hub_app.extensions import db
from tests.auth.conftest import password_step


def attempt(age: timedelta, email: str = "old@example.jp") -> None:
    db.session.add(
        LoginAttempt(
            email=email, remote_addr="192.0.2.1", succeeded=False, attempted_at=utcnow() - age
        )
    )
    db.session.commit()


def kept_emails() -> list[str]:
    return sorted(db.session.scalars(select(LoginAttempt.email)))


def test_a_sign_in_purges_attempts_older_than_90_days(client, make_user):
    attempt(timedelta(days=90, minutes=1), "past@example.jp")
    attempt(timedelta(days=400), "ancient@example.jp")
    attempt(timedelta(days=89, hours=23), "kept@example.jp")
    user = make_user()
    assert password_step(client, user, "wrong-password").status_code == 200
    assert kept_emails() == sorted(["kept@example.jp", user.email])


def test_the_purge_counts_what_went_and_follows_the_setting(app):
    attempt(timedelta(days=31), "month@example.jp")
    attempt(timedelta(days=91), "quarter@example.jp")
    assert throttle.purge_old_attempts() == 1
    assert kept_emails() == ["month@example.jp"]
    app.config["LOGIN_ATTEMPT_RETENTION"] = timedelta(days=30)
    assert throttle.purge_old_attempts() == 1
    assert kept_emails() == []


def test_the_purge_keeps_what_the_throttle_still_counts(client, make_user):
    user = make_user()
    for _ in range(10):
        attempt(timedelta(minutes=5), user.email)
    refused = password_step(client, user)  # the right password, but ten recent failures
    assert refused.status_code == 429
    assert kept_emails().count(user.email) >= 10

"""Helpers for the sign-in security tests: enrolled users, codes, the two-step sign-in."""

from __future__ import annotations

import time

import pyotp
import pytest

from tests.factories import PASSWORD, csrf_token


def code_for(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


@pytest.fixture
def mfa_on(app):
    """The production default: admins and managers must enrol."""
    app.config["MFA_REQUIRED_ROLES"] = "admin,manager"
    return app


@pytest.fixture
def enrolled_user(make_user):
    """A user with a confirmed second factor; returns (user, secret)."""

    def build(role: str = "staff", hubs=("welltech",)):
        secret = pyotp.random_base32()
        user = make_user(role, hubs, mfa_secret=secret)
        return user, secret

    return build


def password_step(client, user, password: str = PASSWORD, **kwargs):
    token = csrf_token(client, "/login")
    return client.post(
        "/login", data={"email": user.email, "password": password, "csrf_token": token}, **kwargs
    )


def code_step(client, code: str, **kwargs):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"code": code, "csrf_token": token}, **kwargs)


@pytest.fixture
def login_mfa(client):
    """Sign in with password and a current code; returns the client."""

    def sign_in(user, secret: str, test_client=None):
        test_client = test_client or client
        assert password_step(test_client, user).status_code == 200
        response = code_step(test_client, code_for(secret))
        assert response.status_code == 302, response.text
        return test_client

    return sign_in

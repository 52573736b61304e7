"""Factories that build valid records with as little as a test needs to say."""

from __future__ import annotations

import re
from functools import cache
from itertools import count
from typing import Any

from hub_app.auth import services as auth_services
from hub_app.auth.models import Membership, User
from hub_app.auth.passwords import hash_password
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.organizations.names import name_key

PASSWORD = "kawasaki-welltech-2022"
_sequence = count(1)


@cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


def make_user(
    role: str = "staff", hubs: tuple[str, ...] | list[str] = ("welltech",), **extra
) -> User:
    number = next(_sequence)
    user = User(
        email=extra.pop("email", f"user{number}@example.jp"),
        name=extra.pop("name", f"利用者{number}"),
        role=role,
        password_hash=extra.pop("password_hash", None) or _password_hash(),
        memberships=[Membership(hub=h) for h in hubs],
        **extra,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_organization(name: str | None = None, **values: Any) -> Organization:
    name = name or f"テスト企業{next(_sequence)}"
    organization = Organization(
        name=name, name_key=name_key(name), kind=values.pop("kind", "sme"), **values
    )
    db.session.add(organization)
    db.session.commit()
    return organization


def csrf_token(client, path: str) -> str:
    page = client.get(path)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page.text
    )
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def post_form(client, path: str, data: dict, form_path: str | None = None):
    """Submit a form the way a browser does: fetch the page for its CSRF token, then post."""
    token = csrf_token(client, form_path or path)
    return client.post(path, data={**data, "csrf_token": token})


def sign_out(client) -> None:
    assert post_form(client, "/logout", {}, form_path="/").status_code == 302


class ApiClient:
    def __init__(self, client, token: str):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    @classmethod
    def for_user(cls, client):
        def build(user: User) -> ApiClient:
            token = auth_services.create_token(None, user)
            db.session.commit()
            return cls(client, token)

        return build

    def get(self, path: str, **kwargs):
        return self.client.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs):
        return self.client.post(path, json=json, headers=self.headers, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs):
        return self.client.patch(path, json=json, headers=self.headers, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs):
        return self.client.put(path, json=json, headers=self.headers, **kwargs)

    def delete(self, path: str, **kwargs):
        return self.client.delete(path, headers=self.headers, **kwargs)

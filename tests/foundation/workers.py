"""Work done in other processes (multiprocessing, spawn): each is a worker of its own.

Each function builds its own app on the shared database, as a second gunicorn worker would,
so nothing in memory is shared with the test process.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, jsonify
from sqlalchemy import select

from hub_app import create_app
from hub_app.extensions import db


def worker_app(db_url: str, **config: Any) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": db_url,
            "RATELIMIT_ENABLED": False,
            # as in conftest: tests/auth turns the second factor on where it tests it
            "MFA_REQUIRED_ROLES": "",
            **config,
        }
    )


def _token(client, path: str) -> str:
    page = client.get(path)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)


def fail_sign_ins(db_url: str, email: str, times: int) -> list[int]:
    app = worker_app(db_url)
    client = app.test_client()
    statuses = []
    for _ in range(times):
        response = client.post(
            "/login",
            data={
                "email": email,
                "password": "not-the-password",
                "csrf_token": _token(client, "/login"),
            },
        )
        statuses.append(response.status_code)
    with app.app_context():
        db.engine.dispose()
    return statuses


def _counter_blueprint() -> Blueprint:
    """A read-then-write route: read a stored number in Python, write it back plus one."""
    from hub_app.kpi.models import KpiTarget

    bp = Blueprint("counter", __name__)

    @bp.post("/_test/increment/<int:target_id>")
    def increment(target_id: int):
        target = db.session.scalar(select(KpiTarget).where(KpiTarget.id == target_id))
        target.plan = target.plan + 1
        db.session.commit()
        return jsonify({"plan": target.plan})

    return bp


def write_concurrently(
    db_url: str,
    email: str,
    password: str,
    worker: int,
    rounds: int,
    target_id: int | None,
    token: str | None = None,
) -> dict[str, Any]:
    """Sign in, then bump a counter, create an organisation through the pages and read the
    list through the API, round after round."""
    app = worker_app(db_url, WTF_CSRF_ENABLED=False)
    if target_id is not None:
        app.register_blueprint(_counter_blueprint())
    client = app.test_client()
    signed_in = client.post("/login", data={"email": email, "password": password})
    result: dict[str, Any] = {"login": signed_in.status_code, "statuses": [], "errors": []}
    for number in range(rounds):
        if target_id is not None:
            response = client.post(f"/_test/increment/{target_id}")
            result["statuses"].append(response.status_code)
            if response.status_code != 200:
                result["errors"].append(response.text[:300])
        response = client.post(
            "/organizations/new",
            data={"name": f"並行企業 {worker}-{number}", "kind": "sme"},
        )
        result["statuses"].append(response.status_code)
        if response.status_code != 302:
            result["errors"].append(response.text[:300])
        refused = client.get("/admin/users")  # audited in a transaction of its own
        if refused.status_code != 403:
            result["errors"].append(refused.text[:300])
        if token is not None:
            response = client.get(
                "/api/v1/organizations", headers={"Authorization": f"Bearer {token}"}
            )
            if response.status_code != 200:
                result["errors"].append(response.text[:300])
    with app.app_context():
        db.engine.dispose()
    return result

"""API callers in processes of their own (multiprocessing, spawn), as gunicorn workers are."""

from __future__ import annotations

from hub_app.extensions import db
from tests.foundation.workers import worker_app


def call_api(db_url: str, token: str | None, times: int, limit: str) -> list[int]:
    app = worker_app(db_url, RATELIMIT_ENABLED=True, API_RATE_LIMIT=limit)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    statuses = [
        client.get("/api/v1/organizations", headers=headers).status_code for _ in range(times)
    ]
    with app.app_context():
        db.engine.dispose()
    return statuses

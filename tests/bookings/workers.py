"""A booking made from another process (multiprocessing, spawn), as a second worker would."""

from __future__ import annotations

from typing import Any

from hub_app.extensions import db
from tests.foundation.workers import worker_app


def book_at_once(db_url: str, token: str, slots: list[dict[str, Any]], barrier: Any, out: Any):
    """Post each slot right after the other process is ready to post the same one."""
    app = worker_app(db_url)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    client.get("/api/v1/bookings", headers=headers)  # connect and warm up before the race
    statuses = []
    for slot in slots:
        barrier.wait(timeout=60)
        response = client.post("/api/v1/bookings", json=slot, headers=headers)
        statuses.append(response.status_code)
    with app.app_context():
        db.engine.dispose()
    out.put(statuses)

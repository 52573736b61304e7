"""Writes made by another process (multiprocessing, spawn), as a second gunicorn worker
would make them: an app of its own on the shared database, nothing shared in memory."""

from __future__ import annotations

from tests.foundation.workers import worker_app


def create_consultation(db_url: str, token: str, organization_id: int) -> int:
    app = worker_app(db_url)
    response = app.test_client().post(
        "/api/v1/consultations",
        json={
            "organization_id": organization_id,
            "opened_on": "2022-06-01",
            "kind": "consultation",
            "channel": "visit",
            "topic": "other",
            "title": "別の処理からの相談",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    from hub_app.extensions import db

    with app.app_context():
        db.engine.dispose()
    return response.status_code

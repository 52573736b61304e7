"""Is a figure this process keeps ever older than what another process committed?
The other process is a worker of its own (tests/cache/workers.py) on the same database:
a SQLite file, or PostgreSQL when the suite runs there."""

from __future__ import annotations

import multiprocessing

from hub_app.auth import services
from hub_app.core.cache import of_app
from hub_app.extensions import db
from tests.cache import workers
from tests.cache.conftest import consultations_figure


def test_another_process_commits_and_this_one_shows_it(admin, admin_api, organization, db_url):
    before = consultations_figure(admin_api)
    listed = admin_api.get("/api/v1/consultations").json["total"]
    hits = of_app().hits
    assert consultations_figure(admin_api) == before
    assert admin_api.get("/api/v1/consultations").json["total"] == listed
    assert of_app().hits == hits + 2  # both answers are kept here now

    organization_id = organization.id
    token = services.create_token(None, admin)
    db.session.commit()  # and read nothing more: on SQLite a read now would take the lock
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        status = pool.apply(workers.create_consultation, (db_url, token, organization_id))
    assert status == 201

    assert consultations_figure(admin_api) == before + 1
    assert admin_api.get("/api/v1/consultations").json["total"] == listed + 1

"""Several worker processes writing at once lose nothing and never see "database is locked"."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import select

from hub_app.auth import services as auth_services
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.kpi.models import KpiTarget
from hub_app.organizations.models import Organization
from tests.conftest import PG_URL
from tests.factories import PASSWORD
from tests.foundation import workers

WORKERS = 4
ROUNDS = 15


def test_concurrent_writers_lose_nothing(app, make_user, db_url):
    """Each process reads a number and writes it back plus one, creates organisations, and
    reads the list through the API (whose first read stamps the token).

    On SQLite the write lock is taken at BEGIN IMMEDIATE, before the read, so the
    increments serialise. (On PostgreSQL such a read-then-write would need SELECT … FOR
    UPDATE; there only the creates run concurrently.)
    """
    user = make_user("staff", ["welltech"])
    email = user.email
    tokens = [auth_services.create_token(None, user) for _ in range(WORKERS)]
    target = db.session.scalars(select(KpiTarget).order_by(KpiTarget.id)).first()
    target_id, plan = target.id, target.plan
    counting = None if PG_URL else target_id
    db.session.commit()

    context = multiprocessing.get_context("spawn")
    with context.Pool(WORKERS) as pool:
        results = pool.starmap(
            workers.write_concurrently,
            [
                (db_url, email, PASSWORD, worker, ROUNDS, counting, tokens[worker])
                for worker in range(WORKERS)
            ],
        )

    assert [r["login"] for r in results] == [302] * WORKERS
    assert [r["errors"] for r in results] == [[]] * WORKERS
    names = db.session.scalars(select(Organization.name)).all()
    assert len(names) == len(set(names)) == WORKERS * ROUNDS
    created = db.session.scalar(
        select(db.func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.entity == "organization", AuditEntry.action == "create")
    )
    assert created == WORKERS * ROUNDS
    refusals = db.session.scalar(
        select(db.func.count()).select_from(AuditEntry).where(AuditEntry.action == "access_denied")
    )
    assert refusals == WORKERS * ROUNDS
    if counting is not None:
        db.session.expire_all()
        assert db.session.get(KpiTarget, target_id).plan == plan + WORKERS * ROUNDS

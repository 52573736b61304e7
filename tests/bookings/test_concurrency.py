"""Two processes booking the same slot at the same moment store exactly one booking."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import func, select

from hub_app.auth import services as auth_services
from hub_app.bookings.models import Booking
from hub_app.extensions import db
from tests.bookings import workers
from tests.bookings.conftest import body

ROUNDS = 6


def test_two_processes_booking_one_slot_store_one(app, make_user, db_url):
    staff = make_user("staff", ["welltech"])
    tokens = [auth_services.create_token(None, staff) for _ in range(2)]
    db.session.commit()
    slots = [
        body(
            title=f"同時予約 {n}",
            starts_at=f"2026-12-{n + 1:02d}T10:00:00+09:00",
            ends_at=f"2026-12-{n + 1:02d}T12:00:00+09:00",
        )
        for n in range(ROUNDS)
    ]
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(2), context.Queue()
    processes = [
        context.Process(target=workers.book_at_once, args=(db_url, token, slots, barrier, out))
        for token in tokens
    ]
    for process in processes:
        process.start()
    results = [out.get(timeout=180) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    for number in range(ROUNDS):
        assert sorted(r[number] for r in results) == [201, 409], (number, results)
    stored = db.session.scalar(select(func.count()).select_from(Booking))
    assert stored == ROUNDS

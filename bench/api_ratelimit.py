"""What the API rate limit, counted in the database, costs a request.

    python bench/api_ratelimit.py [N] [DATABASE_URL]

Times N authenticated GET /api/v1/organizations?per_page=1 through the app (no network)
with the limit counted and without it, on a scratch SQLite file (or the PostgreSQL
database given, whose public schema is recreated), and prints the median per request and
the difference: one upsert in a transaction of its own.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from hub_app import create_app  # noqa: E402
from hub_app.auth import services  # noqa: E402
from hub_app.cli import create_user, init_database  # noqa: E402
from hub_app.extensions import db  # noqa: E402

BENCH_PASSWORD = "kawasaki-hubs-timing-run"  # noqa: S105  a scratch database, deleted after


def per_request_ms(client, headers: dict[str, str], n: int) -> float:
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get("/api/v1/organizations?per_page=1", headers=headers)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code  # noqa: S101
    return statistics.median(timings) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{folder}/bench.sqlite3"
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench",
                "API_RATE_LIMIT": f"{n * 10} per hour",
                # the token's last-use stamp stays out of the figure
                "LAST_SEEN_INTERVAL": timedelta(days=1),
            }
        )
        with app.app_context():
            if url.startswith("postgresql"):
                db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
                db.session.commit()
            init_database()
            user = create_user("bench@example.jp", "staff", ["welltech"], BENCH_PASSWORD)
            token = services.create_token(None, user)
            db.session.commit()
            db.session.remove()
        headers = {"Authorization": f"Bearer {token}"}
        client = app.test_client()
        per_request_ms(client, headers, 50)  # warm up
        figures = {}
        for counted in (False, True, False, True):
            app.config["RATELIMIT_ENABLED"] = counted
            figures.setdefault(counted, []).append(per_request_ms(client, headers, n))
        off, on = min(figures[False]), min(figures[True])
        backend = url.split(":", 1)[0]
        print(f"{backend}: {n} requests, median per request")
        print(f"  without the limit: {off:.3f} ms")
        print(f"  with the limit:    {on:.3f} ms")
        print(f"  cost of counting:  {on - off:.3f} ms per request")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()

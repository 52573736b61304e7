"""Times the suggestion ranking for 10,000 talents (target: under 200 ms).

    python bench/suggestions.py [N]

Prints the median of five runs of `hub_app.knic.suggestions.rank` over N synthetic
candidates (default 10,000) with a realistic mix of skills, hours, permissions and load,
then the same for the whole page section (candidates loaded from a scratch SQLite file).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub_app.core.enums import SKILLS  # noqa: E402
from hub_app.knic.suggestions import Candidate, rank  # noqa: E402

TARGET_MS = 200


def candidates(n: int, seed: int = 2022) -> list[Candidate]:
    rng = random.Random(seed)  # noqa: S311  synthetic benchmark rows, not secrets
    codes = list(SKILLS)
    return [
        Candidate(
            talent_id=i,
            name=f"人材{i}",
            skills=frozenset(rng.sample(codes, rng.randint(1, 4))),
            hours_per_month=rng.choice([None, 4, 8, 10, 16, 20, 30, 40, 60]),
            side_job_permitted=rng.random() < 0.7,
            matchings=rng.choice([0, 0, 0, 1, 1, 2, 3]),
            consent_on=date(2022, 4, 1),
            status=rng.choice(["active"] * 8 + ["matched", "inactive"]),
        )
        for i in range(1, n + 1)
    ]


def with_database(pool: list[Candidate]) -> float:
    """The whole section as the page runs it: load candidates from SQLite, then rank."""
    import tempfile

    from hub_app import create_app
    from hub_app.extensions import db
    from hub_app.knic.models import Talent
    from hub_app.knic.suggestions_views import suggestions_for
    from hub_app.organizations.models import Organization

    folder = tempfile.mkdtemp()
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3", "SECRET_KEY": "bench"}
    )
    with app.app_context():
        db.create_all()
        startup = Organization(
            name="ベンチ", name_key="ベンチ", kind="startup", skills_wanted=["finance", "sales"]
        )
        db.session.add(startup)
        db.session.add_all(
            Talent(
                full_name=c.name,
                skills=sorted(c.skills),
                hours_per_month=c.hours_per_month,
                side_job_permitted=c.side_job_permitted,
                consent_on=c.consent_on,
                status=c.status,
            )
            for c in pool
        )
        db.session.commit()
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            suggestions_for(startup)
            timings.append((time.perf_counter() - started) * 1000)
        db.engine.dispose()
    return statistics.median(timings)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    pool = candidates(n)
    wanted = ["finance", "sales", "global"]
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        best = rank(wanted, pool, limit=10, today=date(2024, 6, 1))
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    verdict = "OK" if median < TARGET_MS else "TOO SLOW"
    print(
        f"rank(): {n:,} talents in {median:.1f} ms (median of 5; target < {TARGET_MS} ms) {verdict}"
    )
    print(f"best: {best[0].name} {best[0].score}点 — {best[0].reason}")
    loaded = with_database(pool)
    print(f"page section (SQLite load + rank): {n:,} talents in {loaded:.1f} ms (median of 5)")


if __name__ == "__main__":
    main()

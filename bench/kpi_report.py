"""How long the KPI report takes on a large database, against the bare SQL it runs.

Generates N records (default 1,000,000, spread over consultations, invitations,
projects, events, attendances, talents, matchings and partnerships, seven fiscal years,
both hubs, a few percent deleted) with executemany in a fresh SQLite file in a temporary
folder, then prints the median time to build the report (all KPIs, five fiscal years)
and the median time of the bare SQL aggregates computing the same figures, and their ratio;
then the same as CPU time of this process, and the machine's load (a loaded machine
stretches wall times, CPU times much less).

    python bench/kpi_report.py [N] [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's hub_app

from hub_app import create_app  # noqa: E402
from hub_app.cli import init_database  # noqa: E402
from hub_app.extensions import db  # noqa: E402
from hub_app.kpi.measures import MEASURES  # noqa: E402
from hub_app.kpi.report import build_report  # noqa: E402

YEARS = list(range(2020, 2025))
FIRST_DAY, LAST_DAY = date(2018, 4, 1), date(2025, 3, 31)
SPAN = (LAST_DAY - FIRST_DAY).days
#: share of N per record type
SHARES = {
    "consultations": 0.18,
    "invitations": 0.18,
    "projects": 0.06,
    "events": 0.01,
    "talents": 0.07,
    "attendances": 0.30,
    "matchings": 0.12,
    "partnerships": 0.08,
}
NOW = datetime(2025, 4, 1)


def day(rng: random.Random) -> str:
    return (FIRST_DAY + timedelta(days=rng.randrange(SPAN))).isoformat()


def deleted(rng: random.Random) -> str | None:
    return NOW.isoformat(sep=" ") if rng.random() < 0.03 else None


def hub(rng: random.Random, home: str) -> str:
    other = "knic" if home == "welltech" else "welltech"
    return home if rng.random() < 0.95 else other


def generate(path: Path, total: int, seed: int = 20220401) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311  synthetic benchmark rows, not secrets
    counts = {name: max(1, int(total * share)) for name, share in SHARES.items()}
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA journal_mode = MEMORY")
    stamp = NOW.isoformat(sep=" ")
    organizations = 2000
    connection.executemany(
        "INSERT INTO organizations (id, name, name_key, kind, in_city, skills_wanted,"
        " created_at, updated_at) VALUES (?, ?, ?, 'sme', 1, '[]', ?, ?)",
        ((i, f"企業{i}", f"企業{i}", stamp, stamp) for i in range(1, organizations + 1)),
    )
    org = lambda: rng.randrange(1, organizations + 1)  # noqa: E731
    connection.executemany(
        "INSERT INTO consultations (hub, organization_id, opened_on, kind, channel, topic, title,"
        " status, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, 'visit', 'other',"
        " '相談', 'open', ?, ?, ?)",
        (
            (
                hub(rng, "welltech"),
                org(),
                day(rng),
                rng.choice(("consultation", "technical_advice")),
                stamp,
                stamp,
                deleted(rng),
            )
            for _ in range(counts["consultations"])
        ),
    )
    connection.executemany(
        "INSERT INTO invitations (hub, organization_id, invited_on, method, outcome, created_at,"
        " updated_at, deleted_at) VALUES (?, ?, ?, 'visit', ?, ?, ?, ?)",
        (
            (
                hub(rng, "welltech"),
                org(),
                day(rng),
                rng.choice(("pending", "joined", "declined")),
                stamp,
                stamp,
                deleted(rng),
            )
            for _ in range(counts["invitations"])
        ),
    )

    def project():
        started = day(rng)
        launched = day(rng) if rng.random() < 0.3 else None
        if launched and launched < started:
            started, launched = launched, started
        stage = "launched" if launched else rng.choice(("planning", "evaluating", "cancelled"))
        return (
            hub(rng, "welltech"),
            "プロジェクト",
            "improvement",
            org(),
            "transfer",
            stage,
            started,
            launched,
            stamp,
            stamp,
            deleted(rng),
        )

    connection.executemany(
        "INSERT INTO projects (hub, title, kind, lead_organization_id, product_category, stage,"
        " started_on, launched_on, created_at, updated_at, deleted_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (project() for _ in range(counts["projects"])),
    )
    events = counts["events"]
    connection.executemany(
        "INSERT INTO events (id, hub, title, kind, held_on, headcount, created_at, updated_at,"
        " deleted_at) VALUES (?, ?, 'イベント', ?, ?, 0, ?, ?, ?)",
        (
            (
                i,
                hub(rng, "knic"),
                rng.choice(("training", "seminar", "seminar", "matching_event")),
                day(rng),
                stamp,
                stamp,
                deleted(rng),
            )
            for i in range(1, events + 1)
        ),
    )
    talents = counts["talents"]
    connection.executemany(
        "INSERT INTO talents (id, full_name, skills, side_job_permitted, consent_on, status,"
        " created_at, updated_at, deleted_at) VALUES (?, ?, '[]', 1, '2018-04-01', 'active',"
        " ?, ?, ?)",
        ((i, f"人材{i}", stamp, stamp, deleted(rng)) for i in range(1, talents + 1)),
    )
    pairs = set()
    while len(pairs) < counts["attendances"]:
        pairs.add((rng.randrange(1, events + 1), rng.randrange(1, talents + 1)))
    connection.executemany(
        "INSERT INTO attendances (event_id, talent_id, created_at, updated_at, deleted_at)"
        " VALUES (?, ?, ?, ?, ?)",
        ((e, t, stamp, stamp, deleted(rng)) for e, t in pairs),
    )

    matched = set()  # at most one open matching per talent and organisation
    while len(matched) < counts["matchings"]:
        matched.add((rng.randrange(1, talents + 1), org()))

    def matching(talent: int, organization: int) -> tuple:
        stage = rng.choice(("proposed", "interviewing", "agreed", "ended", "declined"))
        agreed = day(rng) if stage in ("agreed", "ended", "declined") else None
        return (hub(rng, "knic"), talent, organization, stage, agreed, stamp, stamp, deleted(rng))

    connection.executemany(
        "INSERT INTO matchings (hub, talent_id, organization_id, stage, agreed_on, created_at,"
        " updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (matching(t, o) for t, o in matched),
    )
    connection.executemany(
        "INSERT INTO partnerships (hub, organization_id, concluded_on, kind, created_at,"
        " updated_at, deleted_at) VALUES (?, ?, ?, 'agreement', ?, ?, ?)",
        (
            (hub(rng, "knic"), org(), day(rng), stamp, stamp, deleted(rng))
            for _ in range(counts["partnerships"])
        ),
    )
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()
    return counts


def medians_ms(first, second, runs: int, clock=time.perf_counter) -> tuple[float, float]:
    """Median times of two callables, run alternately so both see the same machine load."""
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for run, found in ((first, timings[0]), (second, timings[1])):
            started = clock()
            run()
            found.append((clock() - started) * 1000)
    return statistics.median(timings[0]), statistics.median(timings[1])


def load_average() -> str:
    """The 1-minute load: on a busy machine wall times grow, CPU times much less."""
    try:
        return f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": True})
        with app.app_context():
            init_database()
            db.session.remove()
            db.engine.dispose()
            started = time.perf_counter()
            counts = generate(path, args.records)
            elapsed = time.perf_counter() - started
            print(f"generated {sum(counts.values()):,} records in {elapsed:.1f} s")
            print("  " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))

            def report():
                build_report(YEARS)
                db.session.rollback()

            sql = [
                str(
                    m.figures_query(YEARS).compile(
                        db.engine, compile_kwargs={"literal_binds": True}
                    )
                )
                for m in MEASURES.values()
            ]
            bare = sqlite3.connect(path)

            def aggregates():
                for statement in sql:
                    bare.execute(statement).fetchall()

            report()  # warm the connection pool and the page cache
            aggregates()
            load_before = load_average()
            report_ms, bare_ms = medians_ms(report, aggregates, args.runs)
            report_cpu, bare_cpu = medians_ms(report, aggregates, args.runs, time.process_time)
            by_measure = {
                name: medians_ms(lambda s=statement: bare.execute(s).fetchall(), lambda: None, 5)[0]
                for name, statement in zip(MEASURES, sql, strict=True)
            }
            bare.close()
            figures = build_report(YEARS)
            print(
                f"fiscal years {YEARS[0]}-{YEARS[-1]}, {len(figures.lines)} KPIs, {args.runs} runs"
            )
            for line in figures.lines:
                print(f"  {line.code:26} " + " ".join(f"{line.actual(y):>7,}" for y in YEARS))
            print(
                "bare SQL by measure (ms): "
                + ", ".join(f"{n} {ms:.1f}" for n, ms in by_measure.items())
            )
            print(f"median report build : {report_ms:8.1f} ms")
            print(f"median bare SQL     : {bare_ms:8.1f} ms")
            print(f"ratio               : {report_ms / bare_ms:8.2f}")
            print(f"median report CPU   : {report_cpu:8.1f} ms")
            print(f"median bare SQL CPU : {bare_cpu:8.1f} ms")
            print(f"load average        : {load_before} before, {load_average()} after")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()

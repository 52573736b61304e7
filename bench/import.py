"""How fast and how lean is an import? Generates a large CSV and imports it.

    python bench/import.py                      # 100,000 organisations
    python bench/import.py --kind consultations # 100,000 consultations (needs that collection)
    python bench/import.py --rows 20000

Runs against a fresh SQLite database in a temporary folder and prints rows per second
and the peak resident memory of the process (resource.getrusage).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub_app import create_app  # noqa: E402
from hub_app.auth.models import User  # noqa: E402
from hub_app.cli import init_database  # noqa: E402
from hub_app.extensions import db  # noqa: E402
from hub_app.imports import import_file  # noqa: E402
from hub_app.organizations.models import Organization  # noqa: E402
from hub_app.organizations.names import name_key  # noqa: E402

KINDS = ("sme", "startup", "large_company", "university", "welfare_facility")


def organization_rows(count: int, rng: random.Random):
    yield ["name", "name_kana", "kind", "in_city", "address", "notes"]
    for number in range(1, count + 1):
        yield [
            f"架空ベンチ産業{number:06d}株式会社",
            f"カクウベンチサンギョウ{number:06d}",
            rng.choice(KINDS),
            rng.choice(("TRUE", "FALSE")),
            f"川崎市幸区架空町{number % 100}-{number % 37}",
            "ベンチマーク用の架空データ",
        ]


def consultation_rows(count: int, rng: random.Random, organizations: list[str]):
    yield ["hub", "organization_id", "opened_on", "kind", "channel", "topic", "title", "status"]
    start = date(2020, 4, 1)
    for number in range(1, count + 1):
        yield [
            "welltech",
            rng.choice(organizations),
            (start + timedelta(days=rng.randrange(1000))).isoformat(),
            rng.choice(("consultation", "technical_advice")),
            rng.choice(("visit", "phone", "online")),
            rng.choice(("product_development", "safety", "funding")),
            f"ベンチ相談{number}",
            "open",
        ]


def seed_organizations(count: int) -> list[str]:
    names = [f"架空相談先{number:04d}株式会社" for number in range(1, count + 1)]
    db.session.add_all(Organization(name=n, name_key=name_key(n), kind="sme") for n in names)
    db.session.commit()
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--kind", default="organizations", choices=("organizations", "consultations")
    )
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(2022)  # noqa: S311  synthetic benchmark rows, not secrets
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite3'}", "SECRET_KEY": "bench"}
        )
        with app.app_context():
            init_database()
            # no password hashing: argon2's memory would hide the import's own peak
            actor = User(email="bench@example.jp", name="bench", role="admin", password_hash="-")  # noqa: S106
            db.session.add(actor)
            db.session.commit()
            if args.kind == "consultations":
                rows = consultation_rows(args.rows, rng, seed_organizations(1000))
            else:
                rows = organization_rows(args.rows, rng)
            path = tmp / f"{args.kind}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                csv.writer(handle).writerows(rows)
            size = path.stat().st_size
            load_before = os.getloadavg()[0]
            started, cpu_started = time.perf_counter(), time.process_time()
            report = import_file(args.kind, path, actor)
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(report.summary())
        for error in report.errors[:5]:
            print(" ", error)
        print(f"kind: {args.kind}, rows: {report.rows:,}, file: {size / 1024 / 1024:.1f} MB")
        print(f"time: {elapsed:.1f} s, {report.rows / elapsed:,.0f} rows/s")
        # on a busy machine wall time includes waiting for the CPU; this is the work itself
        print(f"CPU time: {cpu:.1f} s, {report.rows / cpu:,.0f} rows/s of CPU")
        print(f"peak RSS: {peak:.0f} MB")
        # wall time on a shared machine depends on what else runs: say how busy it was
        print(f"load average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
        sys.exit(0 if report.stored else 1)


if __name__ == "__main__":
    main()

"""Size and time of pages that pick an organisation, at 10,000 organisations.

    python bench/pickers.py [N_ORGANISATIONS] [DATABASE_URL]

Loads N organisations (default 10,000) and 500 consultations naming them into a scratch
SQLite file, or into the PostgreSQL database given (its public schema is recreated),
signs a Welltech member of staff in through the test client and prints, for each page,
its size in bytes and the median and p95 of RUNS requests. The script uses nothing but
the app's public pages, so the same file measures an older checkout too (the picker's
lookup is skipped where it does not exist).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

# the repository instead of bench/, whose http.py would hide the standard library's
sys.path[0] = str(Path(__file__).resolve().parent.parent)

RUNS = 50
CONSULTATIONS = 500
PAGES = [
    ("consultations list", "/welltech/consultations"),
    ("consultations list, filtered", "/welltech/consultations?organization_id=4242"),
    ("new consultation form", "/welltech/consultations/new"),
    ("new project form (2 pickers)", "/welltech/projects/new"),
    ("picker lookup 「ケア」", "/organizations/picker?q=%E3%82%B1%E3%82%A2"),
    ("picker lookup 「みらいろぼ」", "/organizations/picker?q=みらいろぼ"),
]
HEADS = ["ケア", "テクノ", "ミライ", "いろは", "川崎", "ふくし", "サクラ", "アオバ", "ヒカリ"]
TAILS = ["ロボ工業", "精機", "ライフ", "データ", "電子", "ホーム", "メディカル", "技研"]


def load(organizations: int) -> None:
    from sqlalchemy import insert, text

    from hub_app.extensions import db
    from hub_app.organizations.models import Organization
    from hub_app.organizations.names import name_key
    from hub_app.search import index
    from hub_app.welltech.models import Consultation

    rng = random.Random(2022)  # noqa: S311  synthetic benchmark rows, not secrets
    rows = []
    for i in range(1, organizations + 1):
        label = f"{rng.choice(HEADS)}{rng.choice(TAILS)}{i}"
        rows.append(
            {
                "id": i,
                "name": label,
                "name_key": name_key(label),
                "kind": "sme",
                "in_city": True,
                "skills_wanted": [],
            }
        )
    db.session.execute(insert(Organization), rows)
    first = date(2022, 4, 1)
    db.session.execute(
        insert(Consultation),
        [
            {
                "id": i,
                "hub": "welltech",
                "organization_id": rng.randint(1, organizations),
                "opened_on": first + timedelta(days=rng.randint(0, 700)),
                "kind": "consultation",
                "channel": "visit",
                "topic": "other",
                "title": f"相談 {i}",
                "status": "open",
            }
            for i in range(1, CONSULTATIONS + 1)
        ],
    )
    index.rebuild(db.session, batch=organizations + CONSULTATIONS)  # one batch: older code too
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def sign_in(app):
    from hub_app.cli import create_user
    from hub_app.extensions import db

    with app.app_context():
        create_user("bench@example.jp", "staff", ["welltech"], "kosugi-morning-lab-2024")
        db.session.commit()
    client = app.test_client()
    response = client.post(
        "/login", data={"email": "bench@example.jp", "password": "kosugi-morning-lab-2024"}
    )
    if response.status_code != 302:
        raise SystemExit(f"sign-in failed: {response.status_code}")
    return client


def measure(client) -> None:
    print(f"{'page':<34} {'status':>6} {'bytes':>10} {'p50 ms':>8} {'p95 ms':>8}")
    for label, path in PAGES:
        response = client.get(path)
        if response.status_code == 404:
            print(f"{label:<34} {'—':>6} (not in this version)")
            continue
        size = len(response.data)
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
        print(f"{label:<34} {response.status_code:>6} {size:>10,} {p50:>8.1f} {p95:>8.1f}")


def main() -> None:
    from sqlalchemy import text

    from hub_app import create_app
    from hub_app.cli import init_database
    from hub_app.extensions import db

    organizations = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    url = sys.argv[2] if len(sys.argv) > 2 else ""
    scratch = tempfile.TemporaryDirectory()
    url = url or f"sqlite:///{Path(scratch.name) / 'pickers.sqlite3'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-secret",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "MFA_REQUIRED_ROLES": "",
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        init_database()
        began = time.perf_counter()
        load(organizations)
        print(
            f"{db.engine.dialect.name}: {organizations:,} organisations, {CONSULTATIONS} "
            f"consultations loaded in {time.perf_counter() - began:.1f} s; {RUNS} requests each\n"
        )
        db.session.remove()
    measure(sign_in(app))
    scratch.cleanup()


if __name__ == "__main__":
    main()

"""Times the header search on 1,000,000 records (target: p95 ≤ 100 ms).

    python bench/search.py [N] [DATABASE_URL]

Loads N records (default 1,000,000: half organisations, half consultations naming
them) into a scratch SQLite file, or into the PostgreSQL database given (its public
schema is recreated), indexes them with the application's own documents and folding,
then prints p50/p95 of `search` (the API's page) and `grouped` (the results page) for
typed queries of every kind, as an administrator and as a Welltech staff member.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

# the repository instead of bench/, whose http.py would hide the standard library's
sys.path[0] = str(Path(__file__).resolve().parent.parent)

TARGET_MS = 100
RUNS = 15
BATCH = 20_000
HEADS = ["ケア", "テクノ", "ミライ", "いろは", "川崎", "ふくし", "サクラ", "アオバ", "ヒカリ"]
HEADS.append("ミドリ")
MIDDLES = ["ロボ", "メディカル", "ライフ", "モビリティ", "データ", "精機", "電子", "ホーム"]
TAILS = ["工業", "製作所", "ラボ", "サービス", "技研", "システムズ", "商事", "ソリューションズ"]
FORMS = ["株式会社", "合同会社", "", "(株)"]
TOPICS = ["移乗リフト", "見守りセンサー", "歩行支援", "排泄ケア", "入浴介助", "資金調達", "知財"]
QUERIES = [
    ("exact name", "ケアロボ工業17"),
    ("prefix, 2 chars", "ケア"),
    ("prefix, 1 char", "み"),
    ("substring, common", "ロボ工業"),
    ("substring, rare", "精機技研4711"),
    ("half-width kana", "ﾐﾗｲﾃﾞｰﾀ"),
    ("hiragana", "てくのらいふ"),
    ("free text", "見守りセンサー"),
    ("two words", "サクラ 歩行支援"),
    ("corporate number", "7000012050002"),
    ("no match", "存在しない会社名"),
]


def name(rng: random.Random, number: int) -> str:
    body = rng.choice(HEADS) + rng.choice(MIDDLES) + rng.choice(TAILS) + str(number % 10_000)
    form = rng.choice(FORMS)
    return form + body if form.startswith("(") or rng.random() < 0.5 else body + form


def load(n: int) -> None:
    from sqlalchemy import insert, text

    from hub_app.extensions import db
    from hub_app.organizations.models import Organization
    from hub_app.organizations.names import name_key
    from hub_app.search import index, registry
    from hub_app.search.models import SearchEntry
    from hub_app.welltech.models import Consultation

    rng = random.Random(2022)  # noqa: S311  synthetic benchmark rows, not secrets
    organizations = n // 2
    first = date(2018, 4, 1)
    org_type = registry.by_entity("organization")
    consultation_type = registry.by_entity("consultation")
    session = db.session
    names: list[str] = []
    started = time.perf_counter()
    for start in range(1, organizations + 1, BATCH):
        rows, entries = [], []
        for i in range(start, min(start + BATCH, organizations + 1)):
            label = name(rng, i)
            names.append(label)
            row = {
                "id": i,
                "name": label,
                "name_key": f"{name_key(label)}#{i}",
                "kind": "sme",
                "in_city": True,
                "corporate_number": "7000012050002" if i == 4242 else None,
                "notes": "デモ用の架空の企業です。",
                "skills_wanted": [],
            }
            rows.append(row)
            record = SimpleNamespace(**row, name_kana=None, address=None, roles_wanted=None)
            record.created_at = None
            entries.append(index.entry(org_type, record))
        session.execute(insert(Organization), rows)
        session.execute(insert(SearchEntry), entries)
    for start in range(1, n - organizations + 1, BATCH):
        rows, entries = [], []
        for i in range(start, min(start + BATCH, n - organizations + 1)):
            organization_id = rng.randint(1, organizations)
            row = {
                "id": i,
                "hub": "welltech",
                "organization_id": organization_id,
                "opened_on": first + timedelta(days=rng.randint(0, 2400)),
                "kind": "consultation",
                "channel": "visit",
                "topic": "other",
                "title": f"{rng.choice(TOPICS)}の相談 {i}",
                "summary": f"{rng.choice(TOPICS)}について{rng.choice(TOPICS)}の助言を行った。",
                "status": "open",
            }
            rows.append(row)
            record = SimpleNamespace(
                **row, ref=None, organization=SimpleNamespace(name=names[organization_id - 1])
            )
            entries.append(index.entry(consultation_type, record))
        session.execute(insert(Consultation), rows)
        session.execute(insert(SearchEntry), entries)
    session.commit()
    if db.engine.dialect.name == "postgresql":
        session.execute(text("ANALYZE"))
        session.commit()
    print(f"loaded {n:,} records and their index in {time.perf_counter() - started:.0f} s")


def measure(user, label: str) -> list[float]:
    from hub_app.search import query

    p95s = []
    heading = f"{'query':<31} {'total':>8} {'search p50/p95 ms':>18} {'page p50/p95 ms':>16}"
    print(f"\n{label}: {heading}")
    for kind, typed in QUERIES:
        figures = []
        for run in (query.search, query.grouped):
            times = []
            for _ in range(RUNS):
                began = time.perf_counter()
                result = run(user, typed)
                times.append((time.perf_counter() - began) * 1000)
            times.sort()
            figures.append((statistics.median(times), times[int(len(times) * 0.95) - 1]))
            if run is query.search:
                total = result[1]
        p95s += [figures[0][1], figures[1][1]]
        print(
            f"  {kind:<18} {typed:<12} {total:>8,} "
            f"{figures[0][0]:>8.1f}/{figures[0][1]:<8.1f} {figures[1][0]:>7.1f}/{figures[1][1]:.1f}"
        )
    return p95s


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    url = sys.argv[2] if len(sys.argv) > 2 else None
    from sqlalchemy import text

    from hub_app import create_app
    from hub_app.cli import init_database
    from hub_app.extensions import db

    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp()}/search.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.test_request_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        init_database()
        load(n)
        print(f"database: {db.engine.dialect.name}")
        admin = SimpleNamespace(is_active=True, role="admin", hub_codes=[])
        staff = SimpleNamespace(is_active=True, role="staff", hub_codes=["welltech"])
        worst = max(measure(admin, "admin") + measure(staff, "Welltech staff"))
        verdict = "within" if worst <= TARGET_MS else "OVER"
        print(f"\nworst p95 {worst:.1f} ms: {verdict} the {TARGET_MS} ms target")


if __name__ == "__main__":
    main()

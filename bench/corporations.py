"""How fast is the NTA corporate-number data loaded, and looked up?

    python bench/corporations.py       # 300,000 rows imported, lookups on 5,000,000
    python bench/corporations.py --rows 50000 --lookup-rows 500000
    python bench/corporations.py --postgres postgresql+psycopg://user@host/db  # lookups there too

1. Writes a zip in the download's real layout (30 columns, UTF-8, no header; names,
   furigana and addresses like Kanagawa's) and imports it with `import_corporations`, as
   `flask import-corporations` does: prints the time and the peak RSS of the process.
2. Fills a second database with `--lookup-rows` rows (the size of all Japan) and times
   `lookup` (the API's and the form's) for names, kana and numbers typed as people type
   them: prints the median, 95th percentile and worst time in milliseconds.
The PostgreSQL database given with --postgres has its `corporations` table emptied first.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

# the repository instead of bench/, whose http.py would hide the standard library's
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from sqlalchemy import insert, text  # noqa: E402

from hub_app import create_app  # noqa: E402
from hub_app.cli import init_database  # noqa: E402
from hub_app.extensions import db  # noqa: E402
from hub_app.registry import nta  # noqa: E402
from hub_app.registry.corporations import import_corporations, lookup  # noqa: E402
from hub_app.registry.models import Corporation  # noqa: E402

PLACES = [
    ("川崎", "カワサキ"),
    ("横浜", "ヨコハマ"),
    ("相模", "サガミ"),
    ("湘南", "ショウナン"),
    ("武蔵", "ムサシ"),
    ("多摩", "タマ"),
    ("鶴見", "ツルミ"),
    ("中原", "ナカハラ"),
    ("高津", "タカツ"),
    ("溝口", "ミゾノクチ"),
    ("日本", "ニホン"),
    ("東京", "トウキョウ"),
    ("関東", "カントウ"),
    ("富士", "フジ"),
    ("", ""),
    ("", ""),
]
TRADES = [
    ("精工", "セイコウ"),
    ("商事", "ショウジ"),
    ("工業", "コウギョウ"),
    ("建設", "ケンセツ"),
    ("電機", "デンキ"),
    ("技研", "ギケン"),
    ("ケア", "ケア"),
    ("福祉会", "フクシカイ"),
    ("不動産", "フドウサン"),
    ("システム", "システム"),
    ("フーズ", "フーズ"),
    ("製作所", "セイサクショ"),
]
FORMS = [("株式会社", "301"), ("有限会社", "302"), ("合同会社", "305"), ("一般社団法人", "399")]
MORAE = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
CITIES = ["川崎市中原区", "川崎市幸区", "横浜市西区", "相模原市中央区", "藤沢市", "厚木市"]


def corporation(rng: random.Random, serial: int) -> tuple[str, str, str, str]:
    """(number, name, furigana, kind) of one made-up corporation."""
    place, place_kana = rng.choice(PLACES)
    word = "".join(rng.choice(MORAE) for _ in range(rng.randint(2, 4)))
    trade, trade_kana = rng.choice(TRADES)
    form, kind = rng.choice(FORMS)
    core = f"{place}{word}{trade}"
    name = f"{form}{core}" if rng.random() < 0.6 else f"{core}{form}"
    return nta.with_check_digit(f"{serial:012d}"), name, f"{place_kana}{word}{trade_kana}", kind


def download_rows(count: int, rng: random.Random) -> Iterator[list[str]]:
    for serial in range(1, count + 1):
        number, name, furigana, kind = corporation(rng, 1_000_000 + serial)
        yield nta.line(
            number,
            name,
            sequenceNumber=str(serial),
            kind=kind,
            cityName=rng.choice(CITIES),
            streetNumber=f"{rng.randint(1, 9)}丁目{rng.randint(1, 40)}番{rng.randint(1, 20)}号",
            furigana=furigana,
        )


def write_download(path: Path, count: int, rng: random.Random) -> Path:
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("14_kanagawa_all_20240401.csv", "w") as member,
    ):
        stream = io.TextIOWrapper(member, encoding="utf-8", newline="")
        csv.writer(stream, lineterminator="\r\n").writerows(download_rows(count, rng))
        stream.flush()
        stream.detach()
    return path


def app_for(url: str):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        init_database()
    return app


def bench_import(folder: Path, rows: int) -> None:
    rng = random.Random(14)  # noqa: S311  synthetic benchmark rows, not secrets
    download = write_download(folder / "14_kanagawa_all_20240401.zip", rows, rng)
    app = app_for(f"sqlite:///{folder / 'import.sqlite3'}")
    with app.app_context():
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), time.process_time()
        loaded = import_corporations(download)
        db.session.commit()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        db.engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"import: {loaded.written:,} rows from a {download.stat().st_size / 2**20:.1f} MB zip")
    print(f"  time {elapsed:.1f} s ({loaded.written / elapsed:,.0f} rows/s), CPU {cpu:.1f} s")
    print(f"  peak RSS {peak:.0f} MB (limit 300 MB); load average {load:.2f}")


def fill(count: int) -> None:
    """Insert generated rows directly (the importer's speed is measured above)."""
    rng = random.Random(47)  # noqa: S311  synthetic benchmark rows, not secrets
    batch = []
    for serial in range(1, count + 1):
        number, name, furigana, kind = corporation(rng, 2_000_000 + serial)
        values = nta._checked(
            nta.Source("bench", 0, lambda: None),  # type: ignore[arg-type, return-value]
            serial,
            nta.line(number, name, kind=kind, furigana=furigana),
        )
        batch.append(values.values)  # type: ignore[union-attr]
        if len(batch) == 20_000:
            db.session.execute(insert(Corporation), batch)
            batch.clear()
    if batch:
        db.session.execute(insert(Corporation), batch)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE corporations"))
    else:
        db.session.execute(text("ANALYZE"))
    db.session.commit()


def typed_samples(rng: random.Random, count: int) -> list[tuple[str, str]]:
    samples = []
    for _ in range(count):
        number, name, furigana, _kind = corporation(rng, 2_000_000 + rng.randint(1, 10**6))
        shape = rng.choice(("name", "kana", "hiragana", "number"))
        if shape == "number":
            samples.append((shape, number[: rng.randint(4, 13)]))
        elif shape == "name":
            samples.append((shape, name[: rng.randint(3, len(name))]))
        else:
            kana = furigana[: rng.randint(3, len(furigana))]
            if shape == "hiragana":  # typed in hiragana, stored in katakana
                kana = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)
            samples.append((shape, kana))
    return samples


def bench_lookup(url: str, rows: int, label: str) -> None:
    app = app_for(url)
    with app.app_context():
        db.session.execute(text("DELETE FROM corporations"))
        db.session.commit()
        started = time.perf_counter()
        fill(rows)
        print(f"lookup on {label}: {rows:,} rows filled in {time.perf_counter() - started:.0f} s")
        rng = random.Random(7)  # noqa: S311
        samples = typed_samples(rng, 400)
        for _shape, typed in samples[:20]:  # warm the cache as a running server has it
            lookup(typed)
        timings: dict[str, list[float]] = {}
        found = 0
        for shape, typed in samples:
            began = time.perf_counter()
            found += bool(lookup(typed))
            timings.setdefault(shape, []).append((time.perf_counter() - began) * 1000)
            db.session.rollback()
        every = sorted(t for ts in timings.values() for t in ts)
        for shape, values in sorted(timings.items()):
            values.sort()
            print(
                f"  {shape:8} median {statistics.median(values):.2f} ms, "
                f"p95 {values[int(len(values) * 0.95)]:.2f} ms, max {values[-1]:.2f} ms"
            )
        print(
            f"  all {len(every)} lookups: median {statistics.median(every):.2f} ms, "
            f"p95 {every[int(len(every) * 0.95)]:.2f} ms, max {every[-1]:.2f} ms "
            f"(limit 20 ms); {found} found something"
        )
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--lookup-rows", type=int, default=5_000_000)
    parser.add_argument("--postgres", help="also time the lookups on this PostgreSQL database")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true", help="lookups on PostgreSQL only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if not args.skip_import:
            bench_import(tmp, args.rows)
        if args.lookup_rows:
            if not args.skip_sqlite:
                bench_lookup(f"sqlite:///{tmp / 'lookup.sqlite3'}", args.lookup_rows, "SQLite")
            if args.postgres:
                bench_lookup(args.postgres, args.lookup_rows, "PostgreSQL")


if __name__ == "__main__":
    main()

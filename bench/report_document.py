"""How long the whole year's grant report document takes, beside the KPI report alone.

Generates N records (default 1,000,000) with bench/kpi_report.py's generator in a fresh
SQLite file with FY2022's six report pages as the demo writes them (their `{code}` figures
included), then prints the median time to build FY2022's document (the download's own
path: reports.services.year_docx) and the median time of the KPI report alone (build_report
over five fiscal years, as bench/kpi_report.py measures it), their ratio and the target
(document ≤ 1.5 × KPI report + 300 ms); then the document's two parts apart, to tell which
one the time goes to, and the same as CPU time (a loaded machine stretches wall times).

    python bench/report_document.py [N] [--runs 9] [--database PATH]

With --database, the generated file is kept at PATH and reused by the next run (generating
a million records takes a minute or more); delete it after a schema change.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's hub_app
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kpi_report import YEARS, generate, load_average, medians_ms  # noqa: E402

from hub_app import create_app  # noqa: E402
from hub_app.cli import init_database  # noqa: E402
from hub_app.demo.reports import DRAFTS  # noqa: E402
from hub_app.extensions import db  # noqa: E402
from hub_app.kpi.report import build_report  # noqa: E402
from hub_app.reports import content, services  # noqa: E402
from hub_app.reports.document import year_docx  # noqa: E402
from hub_app.reports.models import Report  # noqa: E402

YEAR = 2022


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database", type=Path, help="keep the generated file here, reuse it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.database or Path(folder) / "bench.sqlite3"
        reuse = path.exists()
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "TESTING": True})
        with app.app_context():
            if reuse:
                print(f"reusing {path} (its records, whatever N says)")
            else:
                init_database()
                db.session.remove()
                db.engine.dispose()
                started = time.perf_counter()
                counts = generate(path, args.records)
                elapsed = time.perf_counter() - started
                print(f"generated {sum(counts.values()):,} records in {elapsed:.1f} s")

            written = set(db.session.scalars(db.select(Report.programme)))
            for programme, sections in DRAFTS.items():
                if programme not in written:
                    db.session.add(Report(programme=programme, fiscal_year=YEAR, **sections))
            db.session.commit()
            built = []

            def document() -> None:
                built.append(len(services.year_docx(YEAR)))
                db.session.rollback()

            def kpi_report() -> None:
                build_report(YEARS)
                db.session.rollback()

            def reports_only() -> None:
                content.build(YEAR, every_figure=False)
                db.session.rollback()

            reports = content.build(YEAR, every_figure=False)
            db.session.rollback()

            document()  # warm the connection pool, the page cache and python-docx's template
            kpi_report()
            load_before = load_average()
            document_ms, kpi_ms = medians_ms(document, kpi_report, args.runs)
            document_cpu, kpi_cpu = medians_ms(document, kpi_report, args.runs, time.process_time)
            build_ms, docx_ms = medians_ms(
                reports_only, lambda: year_docx(reports, YEAR), args.runs
            )
            target = 1.5 * kpi_ms + 300
            size = f"{built[-1]:,} bytes"
            print(f"FY{YEAR}, {len(reports)} programmes, document {size}, {args.runs} runs")
            print(f"median document (build + DOCX) : {document_ms:8.1f} ms")
            print(f"median KPI report alone        : {kpi_ms:8.1f} ms")
            print(f"ratio                          : {document_ms / kpi_ms:8.2f}")
            verdict = "met" if document_ms <= target else "MISSED"
            print(f"target 1.5 × KPI + 300 ms      : {target:8.1f} ms ({verdict})")
            print(f"  content.build(year)          : {build_ms:8.1f} ms")
            print(f"  year_docx(reports)           : {docx_ms:8.1f} ms")
            print(f"median document CPU            : {document_cpu:8.1f} ms")
            print(f"median KPI report CPU          : {kpi_cpu:8.1f} ms")
            print(f"load average                   : {load_before} before, {load_average()} after")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()

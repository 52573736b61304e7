"""Shared plumbing of the demo dataset: its years, dates inside a fiscal year, audit rows.

The dataset runs from FY2020 to the fiscal year of today (core.clock), so a first start
shows this year's work; FY2022 is always the published table (DESIGN §4).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hub_app.core import audit, clock
from hub_app.core.fiscal import fiscal_year, fiscal_year_end, fiscal_year_start
from hub_app.demo.names import Names
from hub_app.extensions import db

NOTE = "demo-data"
FIRST_YEAR = 2020
#: the year whose figures are the published ones, whatever today is
PUBLISHED_YEAR = 2022


def demo_years() -> range:
    """FY2020 up to the fiscal year of today, never short of the published year."""
    return range(FIRST_YEAR, max(fiscal_year(clock.today()), PUBLISHED_YEAR) + 1)


def per_year(table: dict[int, int], year: int) -> int:
    """A year's figure: the table's, the last year's for the years after the table, and
    for the year under way the part of it that has passed (at least one), so this year's
    KPI page reads like a year in progress."""
    full = table.get(year, table[max(table)])
    today = clock.today()
    if year != fiscal_year(today) or year == PUBLISHED_YEAR:
        return full
    passed = (today - fiscal_year_start(year)).days + 1
    return max(1, round(full * passed / 365))


class Builder:
    """Adds records to the session; `finish` flushes once and writes their audit rows."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.records: list[Any] = []
        self.counts: dict[str, int] = {}
        self.names = Names(rng)
        #: talent–organisation pairs already matched (one open matching per pair)
        self.used_pairs: set[tuple[int, int]] = set()

    def add(self, record: Any) -> Any:
        db.session.add(record)
        if getattr(record, "audit_name", ""):
            self.records.append(record)
            self.counts[record.audit_name] = self.counts.get(record.audit_name, 0) + 1
        return record

    def flush(self) -> None:
        db.session.flush()

    def day(self, year: int, after: date | None = None, before: date | None = None) -> date:
        """A random day of fiscal year `year`, not before `after`, not after `before` or today
        (today wins when `after` lies ahead: a thing that happened is never in the future)."""
        first = max(fiscal_year_start(year), after or date.min)
        last = min(fiscal_year_end(year), before or date.max, clock.today())
        if last < first:
            return min(first, clock.today())
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def later(self, start: date, days: int, cap: date | None = None) -> date:
        """A day within `days` after `start`, never after `cap` or today."""
        result = start + timedelta(days=self.rng.randrange(days + 1))
        return min(result, cap or date.max, clock.today())

    def finish(self) -> None:
        db.session.flush()
        for record in self.records:
            audit.write(
                "create",
                None,
                record.audit_name,
                record.id,
                audit.diff({}, record.snapshot()),
                NOTE,
            )
        db.session.flush()

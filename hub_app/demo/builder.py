"""Shared plumbing of the demo dataset: dates inside a fiscal year, and audit rows."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hub_app.core import audit, clock
from hub_app.core.fiscal import fiscal_year_end, fiscal_year_start
from hub_app.demo.names import Names
from hub_app.extensions import db

NOTE = "demo-data"


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
        """A random day of fiscal year `year`, not before `after`, not after `before` or today."""
        first = max(fiscal_year_start(year), after or date.min)
        last = min(fiscal_year_end(year), before or date.max, clock.today())
        if last < first:
            return first
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

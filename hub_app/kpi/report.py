"""The KPI report: every KPI's plan and actual over fiscal years, plus budgets.

Built with a fixed number of queries: the KPIs, their plans, one grouped query per
measure whatever the number of years or records, and the budgets. The page, the API,
the Excel file, the dashboard and the year-end snapshot all read this one structure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from hub_app.core.enums import HUBS
from hub_app.core.fiscal import elapsed_share, fiscal_year, fiscal_year_label, fiscal_year_short
from hub_app.extensions import db
from hub_app.kpi.measures import MEASURES, Measure
from hub_app.kpi.models import Budget, Kpi, KpiTarget


def achievement(actual: int | None, plan: int | None) -> float | None:
    """actual / plan as a ratio (1.2 shown as 120%); None when the plan is 0 or missing."""
    if actual is None or not plan:
        return None
    return actual / plan


def percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{round(ratio * 100)}%"


@dataclass
class KpiLine:
    """One KPI across the report's fiscal years."""

    code: str
    hub: str
    name: str
    unit: str
    measure: Measure
    plans: dict[int, int | None] = field(default_factory=dict)
    actuals: dict[int, int] = field(default_factory=dict)

    def plan(self, year: int) -> int | None:
        return self.plans.get(year)

    def actual(self, year: int) -> int:
        return self.actuals.get(year, 0)

    def rate(self, year: int) -> float | None:
        return achievement(self.actual(year), self.plan(year))

    def summary(self, year: int) -> str:
        """ "18 / 15 件 (120%)": actual / plan unit (achievement)."""
        plan = self.plan(year)
        plan_text = "—" if plan is None else f"{plan:,}"
        return f"{self.actual(year):,} / {plan_text} {self.unit} ({percent(self.rate(year))})"

    def expected(self, year: int, today: date) -> float | None:
        """The part of the plan the elapsed share of a running year would predict."""
        plan = self.plan(year)
        if plan is None:
            return None
        return plan * elapsed_share(year, today)

    def pace(self, year: int, today: date) -> float | None:
        expected = self.expected(year, today)
        if not expected:
            return None
        return self.actual(year) / expected


@dataclass
class BudgetLine:
    hub: str
    fiscal_year: int
    kind: str
    total_cost: int
    grant: int
    id: int | None = None

    @property
    def grant_share(self) -> float | None:
        return self.grant / self.total_cost if self.total_cost else None


@dataclass
class Report:
    years: list[int]
    hubs: list[str]
    lines: list[KpiLine]
    budgets: list[BudgetLine]

    @property
    def year(self) -> int:
        """The report's main fiscal year: the latest one."""
        return self.years[-1]

    def label(self, year: int | None = None) -> str:
        return fiscal_year_label(year or self.year)

    def short(self, year: int) -> str:
        return fiscal_year_short(year)

    def hub_name(self, hub: str) -> str:
        return HUBS.get(hub, hub)

    def lines_of(self, hub: str) -> list[KpiLine]:
        return [line for line in self.lines if line.hub == hub]

    def line(self, code: str) -> KpiLine:
        return next(line for line in self.lines if line.code == code)

    def budgets_of(self, hub: str, year: int | None = None) -> list[BudgetLine]:
        year = year or self.year
        order = {"budget": 0, "actual": 1}
        found = [b for b in self.budgets if b.hub == hub and b.fiscal_year == year]
        return sorted(found, key=lambda b: order.get(b.kind, 9))

    def is_running(self, today: date) -> bool:
        return fiscal_year(today) == self.year

    def table(self, hub: str, year: int | None = None) -> list[dict]:
        """The KPI table of one hub and year as plain values: the snapshot's shape."""
        year = year or self.year
        return [
            {
                "code": line.code,
                "name": line.name,
                "unit": line.unit,
                "plan": line.plan(year),
                "actual": line.actual(year),
            }
            for line in self.lines_of(hub)
        ]


def kpis(hubs: Iterable[str] | None = None) -> list[Kpi]:
    query = select(Kpi).order_by(Kpi.position, Kpi.id)
    if hubs is not None:
        query = query.where(Kpi.hub.in_(list(hubs)))
    return list(db.session.scalars(query))


def plans(kpi_ids: list[int], years: list[int]) -> dict[tuple[int, int], int]:
    rows = db.session.execute(
        select(KpiTarget.kpi_id, KpiTarget.fiscal_year, KpiTarget.plan).where(
            KpiTarget.kpi_id.in_(kpi_ids),
            KpiTarget.fiscal_year.in_(years),
            KpiTarget.deleted_at.is_(None),
        )
    )
    return {(kpi_id, year): plan for kpi_id, year, plan in rows}


def budgets(hubs: list[str], years: list[int]) -> list[BudgetLine]:
    rows = db.session.scalars(
        select(Budget)
        .where(Budget.hub.in_(hubs), Budget.fiscal_year.in_(years), Budget.deleted_at.is_(None))
        .order_by(Budget.hub, Budget.fiscal_year, Budget.kind)
    )
    return [BudgetLine(b.hub, b.fiscal_year, b.kind, b.total_cost, b.grant, b.id) for b in rows]


def build_report(
    years: Iterable[int], hubs: Iterable[str] | None = None, until: date | None = None
) -> Report:
    """Plans and actuals of every KPI of `hubs` (default both) over `years`.

    `until` counts only what happened up to that day (the dashboard's "this month").
    """
    years = sorted(set(years))
    hub_list = [h for h in HUBS if hubs is None or h in set(hubs)]
    rows = kpis(hub_list)
    targets = plans([k.id for k in rows], years) if rows else {}
    figures: dict[str, dict[int, int]] = {}
    for name in dict.fromkeys(k.measure for k in rows):
        if name in MEASURES:
            figures[name] = MEASURES[name].figures(years, until)
    lines = [
        KpiLine(
            code=k.code,
            hub=k.hub,
            name=k.name,
            unit=k.unit,
            measure=MEASURES[k.measure],
            plans={y: targets.get((k.id, y)) for y in years},
            actuals=figures[k.measure],
        )
        for k in rows
        if k.measure in MEASURES
    ]
    return Report(years, hub_list, lines, budgets(hub_list, years))


def years_ending(year: int, count: int = 5) -> list[int]:
    return list(range(year - count + 1, year + 1))

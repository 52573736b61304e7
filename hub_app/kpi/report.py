"""The KPI report: every KPI's plan and actual over fiscal years, plus budgets.

Built with a fixed number of queries: the KPIs, their plans, one grouped query per
measure whatever the number of years or records, the entered figures, and the budgets.
The page, the API, the Excel file, the dashboard, the year-end snapshot and the yearly
grant report all read this one structure.

A KPI with a measure is counted from the records; one without (the four programmes run
outside the hubs) shows the figure a manager entered, with its source (DESIGN §10).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from hub_app.core import clock
from hub_app.core.cache import cached
from hub_app.core.enums import HUBS, PROGRAMMES
from hub_app.core.fiscal import elapsed_share, fiscal_year, fiscal_year_label, fiscal_year_short
from hub_app.extensions import db
from hub_app.kpi.measures import MEASURES, Measure
from hub_app.kpi.models import Budget, Kpi, KpiTarget, KpiValue


def achievement(actual: int | None, plan: int | None) -> float | None:
    """actual / plan as a ratio (1.2 shown as 120%); None when the plan is 0 or missing."""
    if actual is None or not plan:
        return None
    return actual / plan


def percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{round(ratio * 100)}%"


@dataclass(frozen=True)
class EnteredValue:
    """An entered actual as the report shows it: the figure and where it comes from."""

    id: int
    actual: int
    source: str
    evidence_id: int | None = None


@dataclass
class KpiLine:
    """One KPI across the report's fiscal years."""

    code: str
    hub: str | None
    name: str
    unit: str
    measure: Measure | None
    programme: str = ""
    period: str = "fiscal"
    baseline: int | None = None
    plans: dict[int, int | None] = field(default_factory=dict)
    actuals: dict[int, int] = field(default_factory=dict)
    #: entered figures by period year (KPIs without a measure only)
    entered: dict[int, EnteredValue] = field(default_factory=dict)

    @property
    def source(self) -> str:
        """`records` when counted by a measure, `entered` when typed in with a source."""
        return "records" if self.measure is not None else "entered"

    @property
    def rule(self) -> str:
        if self.measure is not None:
            return self.measure.rule
        period = "暦年(1〜12月)" if self.period == "calendar" else "年度(4〜3月)"
        return f"管理職が出典とともに入力した数値(手入力)。{period}で集計"

    def plan(self, year: int) -> int | None:
        return self.plans.get(year)

    def actual(self, year: int) -> int | None:
        """The counted figure (0 where nothing counts), or the entered one (None if none)."""
        if self.measure is None:
            value = self.entered.get(year)
            return value.actual if value is not None else None
        return self.actuals.get(year, 0)

    def source_of(self, year: int) -> str | None:
        value = self.entered.get(year)
        return value.source if value is not None else None

    def rate(self, year: int) -> float | None:
        return achievement(self.actual(year), self.plan(year))

    def summary(self, year: int) -> str:
        """ "18 / 15 件 (120%)": actual / plan unit (achievement)."""
        plan, actual = self.plan(year), self.actual(year)
        plan_text = "—" if plan is None else f"{plan:,}"
        actual_text = "—" if actual is None else f"{actual:,}"
        return f"{actual_text} / {plan_text} {self.unit} ({percent(self.rate(year))})"

    def expected(self, year: int, today: date) -> float | None:
        """The part of the plan the elapsed share of a running year would predict."""
        plan = self.plan(year)
        if plan is None:
            return None
        return plan * elapsed_share(year, today)

    def pace(self, year: int, today: date) -> float | None:
        expected, actual = self.expected(year, today), self.actual(year)
        if not expected or actual is None:
            return None
        return actual / expected


@dataclass
class BudgetLine:
    programme: str
    fiscal_year: int
    kind: str
    total_cost: int
    grant: int
    id: int | None = None

    @property
    def hub(self) -> str:
        return self.programme

    @property
    def grant_share(self) -> float | None:
        return self.grant / self.total_cost if self.total_cost else None


@dataclass
class Report:
    years: list[int]
    #: the programmes reported, by code; a hub's programme has the hub's code
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

    @property
    def programmes(self) -> list[str]:
        return self.hubs

    def hub_name(self, hub: str) -> str:
        return HUBS.get(hub) or PROGRAMMES.get(hub, hub)

    def lines_of(self, programme: str) -> list[KpiLine]:
        return [line for line in self.lines if line.programme == programme]

    def line(self, code: str) -> KpiLine:
        return next(line for line in self.lines if line.code == code)

    def budgets_of(self, programme: str, year: int | None = None) -> list[BudgetLine]:
        year = year or self.year
        order = {"budget": 0, "actual": 1}
        found = [b for b in self.budgets if b.programme == programme and b.fiscal_year == year]
        return sorted(found, key=lambda b: order.get(b.kind, 9))

    def is_running(self, today: date) -> bool:
        return fiscal_year(today) == self.year

    def table(self, programme: str, year: int | None = None) -> list[dict]:
        """The KPI table of one programme and year as plain values: the snapshot's shape."""
        year = year or self.year
        rows = []
        for line in self.lines_of(programme):
            row = {
                "code": line.code,
                "name": line.name,
                "unit": line.unit,
                "plan": line.plan(year),
                "actual": line.actual(year),
            }
            if line.measure is None:
                row["source"] = line.source_of(year)
            rows.append(row)
        return rows


def kpis(programmes: Iterable[str]) -> list[Kpi]:
    query = select(Kpi).where(Kpi.programme.in_(list(programmes)))
    return list(db.session.scalars(query.order_by(Kpi.position, Kpi.id)))


def plans(kpi_ids: list[int], years: list[int]) -> dict[tuple[int, int], int]:
    rows = db.session.execute(
        select(KpiTarget.kpi_id, KpiTarget.fiscal_year, KpiTarget.plan).where(
            KpiTarget.kpi_id.in_(kpi_ids),
            KpiTarget.fiscal_year.in_(years),
            KpiTarget.deleted_at.is_(None),
        )
    )
    return {(kpi_id, year): plan for kpi_id, year, plan in rows}


def entered_values(kpi_ids: list[int], years: list[int]) -> dict[tuple[int, int], EnteredValue]:
    rows = db.session.execute(
        select(
            KpiValue.kpi_id,
            KpiValue.year,
            KpiValue.id,
            KpiValue.actual,
            KpiValue.source,
            KpiValue.evidence_id,
        ).where(
            KpiValue.kpi_id.in_(kpi_ids),
            KpiValue.year.in_(years),
            KpiValue.deleted_at.is_(None),
        )
    )
    return {
        (kpi_id, year): EnteredValue(value_id, actual, source, evidence_id)
        for kpi_id, year, value_id, actual, source, evidence_id in rows
    }


def budgets(programmes: list[str], years: list[int]) -> list[BudgetLine]:
    rows = db.session.scalars(
        select(Budget)
        .where(
            Budget.programme.in_(programmes),
            Budget.fiscal_year.in_(years),
            Budget.deleted_at.is_(None),
        )
        .order_by(Budget.programme, Budget.fiscal_year, Budget.kind)
    )
    return [
        BudgetLine(b.programme, b.fiscal_year, b.kind, b.total_cost, b.grant, b.id) for b in rows
    ]


def build_report(
    years: Iterable[int],
    hubs: Iterable[str] | None = None,
    until: date | None = None,
    programmes: Iterable[str] | None = None,
) -> Report:
    """Plans and actuals of every KPI of `hubs` (default both) over `years`.

    `programmes` reports programmes instead (any of the six, in the report's order); a
    hub's programme is the hub's code, so `hubs=["knic"]` and `programmes=["knic"]` agree.
    `until` counts only what happened up to that day (the dashboard's "this month").

    Kept per data version (core.cache): the page, the API and the dashboard ask for the same
    report again and again between two writes. Every reader of reports sees every figure, so
    the caller adds nothing to the key; the day is in it for the figures that depend on it.
    """
    chosen = sorted(set(years))
    if programmes is not None:
        wanted = set(programmes)
        codes = [p for p in PROGRAMMES if p in wanted]
    else:
        codes = [h for h in HUBS if hubs is None or h in set(hubs)]
    key = ("kpi.report", tuple(chosen), tuple(codes), until, clock.today())
    return cached(key, lambda: _build(chosen, codes, until))


def _build(years: list[int], codes: list[str], until: date | None) -> Report:
    rows = kpis(codes) if codes else []
    ids = [k.id for k in rows]
    targets = plans(ids, years) if rows else {}
    entered_ids = [k.id for k in rows if not k.measure]
    entered = entered_values(entered_ids, years) if entered_ids else {}
    figures: dict[str, dict[int, int]] = {}
    for name in dict.fromkeys(k.measure for k in rows if k.measure):
        if name in MEASURES:
            figures[name] = MEASURES[name].figures(years, until)
    lines = [
        KpiLine(
            code=k.code,
            hub=k.hub,
            name=k.name,
            unit=k.unit,
            measure=MEASURES[k.measure] if k.measure else None,
            programme=k.programme,
            period=k.period,
            baseline=k.baseline,
            plans={y: targets.get((k.id, y)) for y in years},
            actuals=figures.get(k.measure or "", {}),
            entered={y: entered[(k.id, y)] for y in years if (k.id, y) in entered},
        )
        for k in rows
        if not k.measure or k.measure in MEASURES
    ]
    return Report(years, codes, lines, budgets(codes, years))


def years_ending(year: int, count: int = 5) -> list[int]:
    return list(range(year - count + 1, year + 1))

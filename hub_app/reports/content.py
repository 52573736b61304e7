"""What one programme's report page holds, built once and read by every output.

The page, the print view, the API, the DOCX and the XLSX all read a `ProgrammeReport`:
its sections as written and as resolved, its budget lines, and its KPI table in the shape
the published page uses. An approved report is read from the content stored with its
approval (`from_dict`), so the document, the page and the year's whole document show
what was approved even after records change.

Building the six programmes of a year costs a fixed number of queries: the programmes,
the reports, the KPI report (one per measure), the budgets and one for all the figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.core.enums import REPORT_SECTIONS
from hub_app.core.fiscal import fiscal_year, fiscal_year_label
from hub_app.extensions import db
from hub_app.kpi.models import Programme
from hub_app.kpi.report import BudgetLine, KpiLine, budgets, build_report
from hub_app.reports import figures
from hub_app.reports.figures import Figure
from hub_app.reports.models import Report


@dataclass
class YearFigures:
    plan: int | None
    actual: int | None
    #: 出典 of an entered actual; None for a counted one
    source: str | None = None


@dataclass
class KpiRow:
    code: str
    name: str
    unit: str
    #: `records` (counted by a measure) or `entered` (手入力, with its source per year)
    source: str
    period: str = "fiscal"
    baseline: int | None = None
    years: dict[int, YearFigures] = field(default_factory=dict)
    rule: str = ""

    def at(self, year: int) -> YearFigures:
        return self.years.get(year) or YearFigures(None, None)


@dataclass
class BudgetFigures:
    fiscal_year: int
    #: `actual` (実績) or `budget` (予算)
    kind: str
    total_cost: int
    grant: int


@dataclass
class ProgrammeReport:
    programme: str
    name: str
    hub: str | None
    first_fiscal_year: int
    last_fiscal_year: int
    fiscal_year: int
    status: str
    sections: dict[str, str]
    resolved: dict[str, str]
    budget: BudgetFigures | None
    next_budget: BudgetFigures | None
    #: `single` (the year's 計画/実績) or `years` (a column per fiscal year)
    layout: str
    #: the fiscal years of the KPI table's columns
    years: list[int]
    kpis: list[KpiRow]
    #: the figures the text may name, with their values (live reports only)
    figures: list[Figure] = field(default_factory=list)
    #: set when the content is that of an approved document
    approved_at: str | None = None
    sha256: str | None = None

    @property
    def label(self) -> str:
        return fiscal_year_label(self.fiscal_year)

    @property
    def period_label(self) -> str:
        """事業期間 as the report writes it: 令和3年度～令和5年度."""
        first, last = self.first_fiscal_year, self.last_fiscal_year
        return f"{fiscal_year_label(first)}～{fiscal_year_label(last)}"

    @property
    def has_baseline(self) -> bool:
        return any(row.baseline is not None for row in self.kpis)

    @property
    def calendar_note(self) -> str | None:
        """The note the published table carries when its figures count January–December."""
        if not any(row.period == "calendar" for row in self.kpis):
            return None
        if all(row.period == "calendar" for row in self.kpis):
            return "※各指標は1～12月(暦年)が集計期間"
        names = "、".join(row.name for row in self.kpis if row.period == "calendar")
        return f"※{names}は1～12月(暦年)が集計期間"

    @property
    def shows_plans(self) -> dict[str, bool]:
        """Per KPI, whether the multi-year table gives it a 計画 row (some year has a plan)."""
        return {
            row.code: any(row.at(year).plan is not None for year in self.years) for row in self.kpis
        }

    @property
    def entered_sources(self) -> list[str]:
        """The sources of the entered figures shown, once each, for the table's footnote."""
        found = [row.at(year).source for row in self.kpis for year in self.years]
        return list(dict.fromkeys(source for source in found if source))

    def lines(self, section: str) -> list[str]:
        """A resolved section as its items: one a line, blank lines left out."""
        text = self.resolved.get(section, "")
        return [line.strip() for line in text.splitlines() if line.strip()]

    def to_dict(self) -> dict[str, Any]:
        """The stored and served shape (the API's): JSON keys are strings."""
        data = asdict(self)
        data["label"] = self.label
        data["kpis"] = [
            {**row, "years": {str(year): value for year, value in row["years"].items()}}
            for row in data["kpis"]
        ]
        del data["figures"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProgrammeReport:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        values["budget"] = BudgetFigures(**data["budget"]) if data.get("budget") else None
        values["next_budget"] = (
            BudgetFigures(**data["next_budget"]) if data.get("next_budget") else None
        )
        values["kpis"] = [
            KpiRow(
                **{
                    **row,
                    "years": {int(y): YearFigures(**v) for y, v in row.get("years", {}).items()},
                }
            )
            for row in data.get("kpis", [])
        ]
        values["figures"] = []
        return cls(**values)


def _budget_line(lines: list[BudgetLine], programme: str, year: int) -> BudgetFigures | None:
    """The year's actual (実績) where there is one, else its budget (予算)."""
    found = {b.kind: b for b in lines if b.programme == programme and b.fiscal_year == year}
    chosen = found.get("actual") or found.get("budget")
    if chosen is None:
        return None
    return BudgetFigures(year, chosen.kind, chosen.total_cost, chosen.grant)


def _row(line: KpiLine, years: list[int]) -> KpiRow:
    return KpiRow(
        code=line.code,
        name=line.name,
        unit=line.unit,
        source=line.source,
        period=line.period,
        baseline=line.baseline,
        years={y: YearFigures(line.plan(y), line.actual(y), line.source_of(y)) for y in years},
        rule=line.rule,
    )


def table_years(programme: Programme, year: int) -> list[int]:
    """The KPI table's columns: the year alone, or every year from the programme's first."""
    if programme.kpi_layout == "years":
        return list(range(min(programme.first_fiscal_year, year), year + 1))
    return [year]


def programmes(codes: list[str] | None = None, running_in: int | None = None) -> list[Programme]:
    """The programmes named, or all; with `running_in`, those whose 事業期間 covers that year."""
    query = select(Programme).order_by(Programme.position, Programme.code)
    if codes is not None:
        query = query.where(Programme.code.in_(codes))
    if running_in is not None:
        query = query.where(
            Programme.first_fiscal_year <= running_in, Programme.last_fiscal_year >= running_in
        )
    return list(db.session.scalars(query))


def report_years() -> list[int]:
    """The fiscal years some programme runs in, latest first: the years a report is for."""
    first, last = db.session.execute(
        select(func.min(Programme.first_fiscal_year), func.max(Programme.last_fiscal_year))
    ).one()
    return list(range(last, first - 1, -1)) if first is not None else []


def default_year(today: date) -> int:
    """The year a manager most likely reports: the latest one with a report written, else
    the latest ended year some programme runs in."""
    written = db.session.scalar(
        select(func.max(Report.fiscal_year)).where(Report.deleted_at.is_(None))
    )
    if written is not None:
        return written
    ended = [y for y in report_years() if y < fiscal_year(today)]
    return ended[0] if ended else fiscal_year(today)


def reports_of(year: int, codes: list[str]) -> dict[str, Report]:
    rows = db.session.scalars(
        select(Report).where(
            Report.fiscal_year == year,
            Report.programme.in_(codes),
            Report.deleted_at.is_(None),
        )
    )
    return {report.programme: report for report in rows}


def build(
    year: int,
    codes: list[str] | None = None,
    live: bool = False,
    today: date | None = None,
    every_figure: bool = True,
) -> list[ProgrammeReport]:
    """The reports of `year` for the programmes named (default: those running that year),
    in report order.

    An approved report is its approved content unless `live` asks for today's figures.
    Without `every_figure` (the documents) only the figures the text names are counted,
    and only those are listed in `figures`.
    """
    chosen = programmes(codes, running_in=year if codes is None else None)
    found = reports_of(year, [p.code for p in chosen])
    result: dict[str, ProgrammeReport] = {}
    pending = []
    for programme in chosen:
        report = found.get(programme.code)
        approval = report.approval if report is not None and not live else None
        if approval is not None:
            result[programme.code] = ProgrammeReport.from_dict(approval.content)
        else:
            pending.append(programme)
    if pending:
        for built in _build_live(year, pending, found, today or clock.today(), every_figure):
            result[built.programme] = built
    return [result[p.code] for p in chosen]


def _build_live(
    year: int,
    chosen: list[Programme],
    found: dict[str, Report],
    today: date,
    every_figure: bool = True,
) -> list[ProgrammeReport]:
    codes = [p.code for p in chosen]
    columns = {p.code: table_years(p, year) for p in chosen}
    all_years = sorted({y for years in columns.values() for y in years})
    kpi_report = build_report(all_years, programmes=codes)
    budget_lines = budgets(codes, [year, year + 1])
    named = None
    if not every_figure:
        texts = [t for r in found.values() for t in r.sections.values()]
        named = {code for text in texts for code in figures.codes_in(text)}
    counts = figures.counted(codes, year, today, only=named)
    reports = []
    for programme in chosen:
        lines = kpi_report.lines_of(programme.code)
        available = figures.available(programme.code, year, lines, counts[programme.code])
        by_code = {figure.code: figure for figure in available}
        report = found.get(programme.code)
        sections = report.sections if report is not None else {name: "" for name in REPORT_SECTIONS}
        reports.append(
            ProgrammeReport(
                programme=programme.code,
                name=programme.name,
                hub=programme.hub,
                first_fiscal_year=programme.first_fiscal_year,
                last_fiscal_year=programme.last_fiscal_year,
                fiscal_year=year,
                status=report.status if report is not None else "draft",
                sections=sections,
                resolved={k: figures.resolve(v, by_code) for k, v in sections.items()},
                budget=_budget_line(budget_lines, programme.code, year),
                next_budget=_budget_line(budget_lines, programme.code, year + 1),
                layout=programme.kpi_layout,
                years=columns[programme.code],
                kpis=[_row(line, columns[programme.code]) for line in lines],
                figures=available,
            )
        )
    return reports


def build_one(
    programme: str, year: int, live: bool = False, every_figure: bool = True
) -> ProgrammeReport:
    return build(year, [programme], live=live, every_figure=every_figure)[0]

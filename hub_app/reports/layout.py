"""What the report says and how its KPI table is shaped, for every output alike.

The Word document, the workbook, the report page and the print view all read these, so a
heading, a 手入力 mark or a table row cannot read one way in Word and another on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub_app.core.fiscal import fiscal_year_label
from hub_app.reports.content import BudgetFigures, KpiRow, ProgrammeReport

GRANT = "地方創生推進交付金"
MISSING = "—"
#: where a long column heading reads best broken
HEADER_BREAKS = {"事業開始前の現状値": "事業開始前の\n現状値"}
#: a line that brings its own marker: ①, ・, ○, (1), 1 …
MARKED = re.compile(r"^([・○◯●◆◇■□※]|[①-⑳]|[（(]\d+[）)]|\d+[ 　.．、])")
#: a line numbering a group of items: 「1 ウェルテックの運営」「(2) マッチング支援」
GROUP = re.compile(r"^(\d+|[（(]\d+[）)])[ 　]")


def title(report: ProgrammeReport) -> str:
    return f"{report.name}（{GRANT}対象事業）"


def period_text(report: ProgrammeReport) -> str:
    return f"（事業期間：{report.period_label}）"


def money(budget: BudgetFigures) -> str:
    """事業費 for a year's actual spending, 予算 for a budget, as the published headings put it."""
    word = "予算" if budget.kind == "budget" else "事業費"
    return f"{word}{budget.total_cost:,}千円（交付金{budget.grant:,}千円）"


def activities_heading(report: ProgrammeReport) -> str:
    heading = f"{report.label}の主な取組"
    return f"{heading}：{money(report.budget)}" if report.budget else heading


def next_activities_heading(report: ProgrammeReport) -> str:
    heading = f"{fiscal_year_label(report.fiscal_year + 1)}の主な取組"
    return f"{heading}：{money(report.next_budget)}" if report.next_budget else heading


def kpi_heading(report: ProgrammeReport) -> str:
    return f"本事業における{report.label}重要業績評価指標（KPI）"


def is_marked(report: ProgrammeReport, row: KpiRow) -> bool:
    """A KPI whose figures in the table were entered by hand (手入力), not counted."""
    return any(row.at(year).source for year in report.years)


def entered_note(report: ProgrammeReport) -> str | None:
    sources = report.entered_sources
    if not sources:
        return None
    return f"※印は手入力の実績（出典：{'、'.join(sources)}）"


def number(value: int | None) -> str:
    return MISSING if value is None else f"{value:,}"


@dataclass(frozen=True)
class TableRow:
    item: str
    marked: bool
    #: 計画 or 実績 in a multi-year table with a 区分 column, else None
    kind: str | None
    baseline: int | None
    values: list[int | None]
    #: rows this KPI spans (2 for 計画 + 実績) on its first row, 0 on the rows below it
    span: int
    code: str = ""
    #: the values are counted from records (a measure), so each actual opens its records
    counted: bool = False


@dataclass(frozen=True)
class KpiTable:
    """The KPI table in the published page's shape, for every output to render alike.

    Units go in the 項目 cell 「名称（単位）」 as the single-year tables print them, so that
    every value cell is a bare number (and stays a number in the workbook).
    """

    header: list[str]
    rows: list[TableRow]
    has_kind: bool
    has_baseline: bool

    @property
    def first_value_column(self) -> int:
        return 1 + self.has_kind + self.has_baseline


def _item(row: KpiRow) -> str:
    return f"{row.name}（{row.unit}）" if row.unit else row.name


def kpi_table(report: ProgrammeReport) -> KpiTable:
    if report.layout != "years":
        year = report.fiscal_year
        rows = [
            TableRow(
                _item(r),
                is_marked(report, r),
                None,
                None,
                [r.at(year).plan, r.at(year).actual],
                1,
                r.code,
                r.source == "records",
            )
            for r in report.kpis
        ]
        return KpiTable(["項目", "計画", "実績"], rows, has_kind=False, has_baseline=False)
    plans = report.shows_plans
    has_kind, has_baseline = any(plans.values()), report.has_baseline
    header = ["項目"] + ["区分"] * has_kind + ["事業開始前の現状値"] * has_baseline
    header += [fiscal_year_label(year) for year in report.years]
    rows = []
    for r in report.kpis:
        item, marked, counted = _item(r), is_marked(report, r), r.source == "records"
        actuals = [r.at(year).actual for year in report.years]
        if plans[r.code]:
            planned = [r.at(year).plan for year in report.years]
            rows.append(TableRow(item, marked, "計画", r.baseline, planned, 2, r.code))
            rows.append(TableRow(item, marked, "実績", r.baseline, actuals, 0, r.code, counted))
        else:
            kind = "実績" if has_kind else None
            rows.append(TableRow(item, marked, kind, r.baseline, actuals, 1, r.code, counted))
    return KpiTable(header, rows, has_kind, has_baseline)


def actual_year(report: ProgrammeReport, row: TableRow, index: int) -> int | None:
    """The fiscal year whose actual the `index`-th value of `row` is; None for a plan."""
    if report.layout != "years":
        return report.fiscal_year if index == 1 else None
    return None if row.kind == "計画" else report.years[index]


def header_lines(text: str) -> list[str]:
    return HEADER_BREAKS.get(text, text).split("\n")


def section_items(lines: list[str]) -> list[tuple[str, str]]:
    """Each line as (kind, text): a `group` heading, or an `item` shown with its marker.

    Writers type their own markers (①, ・, (1)); a line without one gets 「・」 so the
    section still reads as a list.
    """
    items = []
    for line in lines:
        if line.startswith(("- ", "* ")):
            line = "・" + line[2:].strip()
        if GROUP.match(line):
            items.append(("group", line))
        else:
            items.append(("item", line if MARKED.match(line) else f"・{line}"))
    return items


def year_title(fiscal_year: int) -> str:
    return f"{fiscal_year_label(fiscal_year)} {GRANT} 実績報告"

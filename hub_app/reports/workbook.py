"""The year's grant report as a workbook: one sheet per programme, read like its DOCX page.

Each sheet carries the title, 事業期間, the budget lines, the sections' items and the KPI
table in the document's shape (the same headings, rows and ※ marks, taken from
`reports.document`), with the figures as numbers so the city can total or chart them.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hub_app.core.enums import PROGRAMMES, REPORT_SECTIONS
from hub_app.core.fiscal import fiscal_year_label
from hub_app.kpi.xlsx import BOLD, FILL, TITLE
from hub_app.reports import layout
from hub_app.reports.content import BudgetFigures, ProgrammeReport

NUMBER = "#,##0"
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TEXT_WIDTH = 64
#: characters Excel refuses in a sheet title
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(report: ProgrammeReport, taken: set[str]) -> str:
    base = FORBIDDEN.sub("", PROGRAMMES.get(report.programme, report.programme))[:31]
    candidate, count = base, 2
    while candidate in taken:
        suffix = f"({count})"
        candidate, count = base[: 31 - len(suffix)] + suffix, count + 1
    taken.add(candidate)
    return candidate


def _text(sheet: Worksheet, value: str, font=None) -> None:
    sheet.append([value])
    cell = sheet.cell(sheet.max_row, 1)
    cell.alignment = WRAP
    if font is not None:
        cell.font = font


def _grid_row(sheet: Worksheet, values: list, header: bool = False) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.border = GRID
        if header:
            cell.font, cell.fill = BOLD, FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        elif isinstance(cell.value, int):
            cell.number_format = NUMBER
        elif cell.column == 1:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        else:
            cell.alignment = Alignment(horizontal="center", vertical="center")


def _section(sheet: Worksheet, heading: str, lines: list[str], listed: bool = True) -> None:
    sheet.append([])
    _text(sheet, heading, BOLD)
    items = layout.section_items(lines) if listed else [("paragraph", line) for line in lines]
    for kind, text in items:
        _text(sheet, text, BOLD if kind == "group" else None)


def _budgets(sheet: Worksheet, report: ProgrammeReport) -> None:
    lines: list[BudgetFigures] = [b for b in (report.budget, report.next_budget) if b]
    if not lines:
        return
    sheet.append([])
    _grid_row(sheet, ["年度", "区分", "事業費(千円)", "交付金(千円)"], header=True)
    for budget in lines:
        kind = "予算" if budget.kind == "budget" else "実績"
        _grid_row(
            sheet, [fiscal_year_label(budget.fiscal_year), kind, budget.total_cost, budget.grant]
        )


def _kpis(sheet: Worksheet, report: ProgrammeReport) -> None:
    shape = layout.kpi_table(report)
    sheet.append([])
    _text(sheet, layout.kpi_heading(report), BOLD)
    _grid_row(sheet, shape.header, header=True)
    for row in shape.rows:
        item = f"{row.item}※" if row.marked else row.item
        cells = [item] + [row.kind] * shape.has_kind + [row.baseline] * shape.has_baseline
        _grid_row(sheet, cells + list(row.values))
        if row.span == 0:
            last = sheet.max_row
            columns = [1] + [shape.first_value_column] * shape.has_baseline
            for column in columns:
                sheet.merge_cells(
                    start_row=last - 1, start_column=column, end_row=last, end_column=column
                )
    for note in (report.calendar_note, layout.entered_note(report)):
        if note:
            _text(sheet, note)


def _programme_sheet(sheet: Worksheet, report: ProgrammeReport) -> None:
    _text(sheet, layout.title(report), TITLE)
    _text(sheet, layout.period_text(report))
    if report.lines("overview"):
        _section(sheet, REPORT_SECTIONS["overview"], report.lines("overview"), listed=False)
    _budgets(sheet, report)
    if report.lines("activities") or report.budget:
        _section(sheet, layout.activities_heading(report), report.lines("activities"))
    if report.kpis:
        _kpis(sheet, report)
    if report.lines("assessment"):
        _section(sheet, REPORT_SECTIONS["assessment"], report.lines("assessment"))
    if report.lines("next_activities") or report.next_budget:
        heading = layout.next_activities_heading(report)
        _section(sheet, heading, report.lines("next_activities"))
    sheet.column_dimensions["A"].width = TEXT_WIDTH
    for column in range(2, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def report_workbook(reports: list[ProgrammeReport], fiscal_year: int) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = layout.year_title(fiscal_year)
    workbook.properties.creator = "川崎市"
    taken: set[str] = set()
    for report in reports:
        _programme_sheet(workbook.create_sheet(sheet_title(report, taken)), report)
    if not reports:
        workbook.create_sheet(fiscal_year_label(fiscal_year)).append(["報告はありません。"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

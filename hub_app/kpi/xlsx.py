"""The report as the city's grant report lays it out: one sheet per fiscal year.

項目 / 単位 / 計画 / 実績 / 達成率 for each hub, then the budget table (事業費・交付金,
千円) with the grant's share, so the file can be handed over as it is.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from hub_app.core.enums import BUDGET_KINDS, HUBS
from hub_app.core.fiscal import fiscal_year_label, fiscal_year_short
from hub_app.kpi.report import Report

HEADER = ("項目", "単位", "計画", "実績", "達成率")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
FILL = PatternFill("solid", fgColor="EEF2F6")


def _header(sheet, values) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, FILL


def report_workbook(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for year in report.years:
        sheet = workbook.create_sheet(fiscal_year_label(year))
        sheet.append([f"{fiscal_year_label(year)} KPI実績報告"])
        sheet["A1"].font = TITLE
        for hub in report.hubs:
            sheet.append([])
            sheet.append([HUBS[hub]])
            sheet.cell(sheet.max_row, 1).font = BOLD
            _header(sheet, HEADER)
            for line in report.lines_of(hub):
                sheet.append(
                    [line.name, line.unit, line.plan(year), line.actual(year), line.rate(year)]
                )
                sheet.cell(sheet.max_row, 5).number_format = "0%"
            sheet.append([])
            _header(sheet, ("予算・実績", "", "事業費(千円)", "交付金(千円)", "交付金の割合"))
            budgets = report.budgets_of(hub, year)
            for budget in budgets:
                sheet.append(
                    [
                        f"{fiscal_year_short(year)} {BUDGET_KINDS[budget.kind]}",
                        "千円",
                        budget.total_cost,
                        budget.grant,
                        budget.grant_share,
                    ]
                )
                sheet.cell(sheet.max_row, 5).number_format = "0.0%"
                for column in (3, 4):
                    sheet.cell(sheet.max_row, column).number_format = "#,##0"
            if not budgets:
                sheet.append(["(登録なし)"])
        sheet.column_dimensions["A"].width = 52
        for letter in "BCDE":
            sheet.column_dimensions[letter].width = 14
        for row in sheet.iter_rows(min_col=3, max_col=5):
            for cell in row:
                cell.alignment = Alignment(horizontal="right")
    if len(report.years) > 1:
        _trend_sheet(workbook, report)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _trend_sheet(workbook: Workbook, report: Report) -> None:
    """The multi-year table of the published reports: fiscal years side by side (R2 R3 R4)."""
    sheet = workbook.create_sheet("年度別推移")
    sheet.append(["年度別推移(実績 / 計画)"])
    sheet["A1"].font = TITLE
    for hub in report.hubs:
        sheet.append([])
        sheet.append([HUBS[hub]])
        sheet.cell(sheet.max_row, 1).font = BOLD
        columns = ["項目", "単位"]
        for year in report.years:
            columns += [f"{fiscal_year_short(year)} 計画", f"{fiscal_year_short(year)} 実績"]
        _header(sheet, columns)
        for line in report.lines_of(hub):
            row = [line.name, line.unit]
            for year in report.years:
                row += [line.plan(year), line.actual(year)]
            sheet.append(row)
    sheet.column_dimensions["A"].width = 52

"""The grant report as a Word document, laid out like the city's published pages (DESIGN §10).

A programme's page: title, overview with its 事業期間, the year's activities under a heading
carrying 事業費 and 交付金, the KPI table, 総括と今後の取組, next year's activities with next
year's budget. The whole year adds a cover page and starts each programme on a new page.

Only a `ProgrammeReport` is read, never the database, and the same report always gives the
same bytes: an approved document is stored with its SHA-256 and must download identical.
The wording and the KPI table's shape live here too, so the workbook says the same things.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from hub_app.core.fiscal import fiscal_year_end, fiscal_year_label
from hub_app.reports.content import BudgetFigures, KpiRow, ProgrammeReport

GRANT = "地方創生推進交付金"
#: Named first so LibreOffice (fonts-noto-cjk) draws Mincho and Gothic; the font table
#: gives Word the Shift_JIS charset and the PANOSE of MS 明朝 / MS ゴシック, which it uses
#: to substitute those where the Noto fonts are not installed (most city PCs).
MINCHO, GOTHIC = "Noto Serif CJK JP", "Noto Sans CJK JP"
FALLBACKS = {
    MINCHO: ("ＭＳ 明朝", "roman", "02020609040205080304"),
    GOTHIC: ("ＭＳ ゴシック", "modern", "020B0609070205080204"),
}
HEADER_FILL = "EDEDED"
#: where a long column heading reads best broken
HEADER_BREAKS = {"事業開始前の現状値": "事業開始前の\n現状値"}
#: full-width characters of the 14 pt title on one line of the 170 mm text width
TITLE_EMS = 34
PAGE_WIDTH_MM = 170
MISSING = "—"
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
                _item(r), is_marked(report, r), None, None, [r.at(year).plan, r.at(year).actual], 1
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
        item, marked = _item(r), is_marked(report, r)
        actuals = [r.at(year).actual for year in report.years]
        if plans[r.code]:
            planned = [r.at(year).plan for year in report.years]
            rows.append(TableRow(item, marked, "計画", r.baseline, planned, span=2))
            rows.append(TableRow(item, marked, "実績", r.baseline, actuals, span=0))
        else:
            kind = "実績" if has_kind else None
            rows.append(TableRow(item, marked, kind, r.baseline, actuals, span=1))
    return KpiTable(header, rows, has_kind, has_baseline)


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


def stamp_of(reports: list[ProgrammeReport], fiscal_year: int) -> datetime:
    """The document's date: its latest approval, else the end of the fiscal year reported."""
    approved = [datetime.fromisoformat(r.approved_at) for r in reports if r.approved_at]
    if approved:
        return max(approved).replace(tzinfo=None, microsecond=0)
    end = fiscal_year_end(fiscal_year)
    return datetime(end.year, end.month, end.day)


# ---- Word ------------------------------------------------------------------------------
# Paragraphs name one of these styles instead of carrying their own formatting: a reader can
# restyle the document in Word, and python-docx's per-paragraph formatting (a style lookup
# by name each time) would cost most of the build time.

EM = 10.5
#: name: (based on, face, size, bold, alignment, left indent, first line, space before)
PARAGRAPH_STYLES = {
    "Report Overview": ("Normal", None, None, False, "JUSTIFY", 0, EM, 0),
    "Report Overview Item": ("Normal", None, None, False, "JUSTIFY", EM, -EM, 0),
    "Report Period": ("Normal", None, None, False, "RIGHT", 0, 0, 0),
    "Report Group": ("Normal", GOTHIC, None, True, None, 0, 0, 4),
    "Report Item": ("Normal", None, None, False, None, 2 * EM, -EM, 0),
    "Report Note": ("Normal", None, 9, False, None, 0, 0, 2),
    "Report Cell": ("Normal", None, 9.5, False, None, 0, 0, 0),
    "Report Cell Number": ("Report Cell", None, None, False, "RIGHT", 0, 0, 0),
    "Report Cell Center": ("Report Cell", None, None, False, "CENTER", 0, 0, 0),
    "Report Cell Heading": ("Report Cell Center", GOTHIC, None, True, None, 0, 0, 0),
    "Report Cover City": ("Normal", GOTHIC, 16, False, "CENTER", 0, 0, 12),
    "Report Cover Label": ("Normal", GOTHIC, None, True, None, 0, 0, 110),
}


def _fonts(rpr, face: str) -> None:
    """Name one face for Latin and East Asian text alike, dropping the theme references
    that would otherwise win over it."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.attrib.clear()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attribute), face)


def _language(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.attrib.clear()
    lang.set(qn("w:val"), "ja-JP")
    lang.set(qn("w:eastAsia"), "ja-JP")


def _bottom_border(ppr) -> None:
    border, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "8"), ("space", "4"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    ppr.append(border)


def _styles(document: DocxDocument) -> None:
    styles = document.styles
    default_rpr = styles.element.find(qn("w:docDefaults")).find(
        f"{qn('w:rPrDefault')}/{qn('w:rPr')}"
    )
    _fonts(default_rpr, MINCHO)
    _language(default_rpr)
    normal = styles["Normal"]
    _fonts(normal.element.get_or_add_rPr(), MINCHO)
    normal.font.size = Pt(EM)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before in (("Title", 22, 0), ("Heading 1", 14, 0), ("Heading 2", 11, 10)):
        style = styles[name]
        rpr = style.element.get_or_add_rPr()
        _fonts(rpr, GOTHIC)
        for child in rpr.findall(qn("w:color")):
            rpr.remove(child)
        style.font.size, style.font.bold = Pt(size), True
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(4)
        if name != "Heading 2":
            ppr = style.element.get_or_add_pPr()
            for old in ppr.findall(qn("w:pBdr")):
                ppr.remove(old)
            _bottom_border(ppr)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name, (base, face, size, bold, align, left, first, before) in PARAGRAPH_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        form = style.paragraph_format
        if face:
            _fonts(style.element.get_or_add_rPr(), face)
        if size:
            style.font.size = Pt(size)
        style.font.bold = bold or None
        form.alignment = getattr(WD_ALIGN_PARAGRAPH, align) if align else None
        form.left_indent, form.first_line_indent = Pt(left) or None, Pt(first) or None
        form.space_before = Pt(before) if before else None
        if base == "Normal" and name.startswith("Report Cell"):
            form.space_after, form.line_spacing = Pt(0), 1.0
    styles["Report Group"].paragraph_format.keep_with_next = True
    styles.add_style("Report Mark", WD_STYLE_TYPE.CHARACTER).font.superscript = True


def _font_table(document: DocxDocument) -> None:
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    entries = "".join(
        f'<w:font w:name="{face}"><w:altName w:val="{alt}"/>'
        f'<w:panose1 w:val="{panose}"/><w:charset w:val="80"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for face, (alt, family, panose) in FALLBACKS.items()
    )
    part._blob = part.blob.replace(b"</w:fonts>", entries.encode() + b"</w:fonts>")


def _new_document(heading: str, stamp: datetime) -> DocxDocument:
    document = Document()
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # the template's picture of a blank page
            del package.rels[rel_id]
    _styles(document)
    _font_table(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    section.footer_distance = Mm(8)
    _page_number(section.footer.paragraphs[0])
    properties = document.core_properties
    properties.title = heading
    properties.subject = f"{GRANT} 実績報告"
    properties.author = properties.last_modified_by = "川崎市"
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = stamp
    return document


def _page_number(paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field, run, text = OxmlElement("w:fldSimple"), OxmlElement("w:r"), OxmlElement("w:t")
    field.set(qn("w:instr"), "PAGE")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _styled(paragraph: Paragraph, style: str, text: str = "") -> Paragraph:
    """Give the paragraph a style by its id, skipping python-docx's lookup by name."""
    paragraph._p.get_or_add_pPr().style = style.replace(" ", "")
    if text:
        lines = text.split("\n")
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
    return paragraph


def _add(document: DocxDocument, style: str, text: str = "") -> Paragraph:
    return _styled(document.add_paragraph(), style, text)


def _grid(document: DocxDocument, rows: int, widths_mm: list[float]) -> tuple[Table, list]:
    """A bordered table of fixed column widths, its shaded header row repeated on each page."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table._tbl.tblPr.style = "TableGrid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(width) for width in widths_mm]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    cells = [row.cells for row in table.rows]
    for row in cells:
        for cell, width in zip(row, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell in cells[0]:
        shading = OxmlElement("w:shd")
        for key, value in (("val", "clear"), ("color", "auto"), ("fill", HEADER_FILL)):
            shading.set(qn(f"w:{key}"), value)
        cell._tc.get_or_add_tcPr().append(shading)
    return table, cells


#: the item column keeps at least this much of the page, however many years are shown
MIN_ITEM_MM = 40.0


def _widths(table: KpiTable) -> list[float]:
    """Column widths; a report year long after the programme's first year has many year
    columns, which share what the item column leaves (Word refuses a negative width)."""
    values = len(table.header) - table.first_value_column
    leading = [12.0] * table.has_kind + [28.0] * table.has_baseline
    value_width = 24 if table.has_kind or table.has_baseline else 28
    room = PAGE_WIDTH_MM - MIN_ITEM_MM - sum(leading)
    if values and value_width * values > room:
        value_width = room / values
    fixed = [*leading, *[value_width] * values]
    return [PAGE_WIDTH_MM - sum(fixed), *fixed]


def _kpi_table(document: DocxDocument, report: ProgrammeReport) -> None:
    shape = kpi_table(report)
    _, cells = _grid(document, 1 + len(shape.rows), _widths(shape))
    for cell, text in zip(cells[0], shape.header, strict=True):
        _styled(cell.paragraphs[0], "Report Cell Heading", HEADER_BREAKS.get(text, text))
    first_value = shape.first_value_column
    for row, row_cells in zip(shape.rows, cells[1:], strict=True):
        if row.span:
            item = _styled(row_cells[0].paragraphs[0], "Report Cell", row.item)
            if row.marked:
                item.add_run("※")._r.get_or_add_rPr().style = "ReportMark"
            if shape.has_baseline:
                baseline = row_cells[first_value - 1].paragraphs[0]
                _styled(baseline, "Report Cell Number", number(row.baseline))
        if shape.has_kind:
            _styled(row_cells[1].paragraphs[0], "Report Cell Center", row.kind or "")
        for cell, value in zip(row_cells[first_value:], row.values, strict=True):
            _styled(cell.paragraphs[0], "Report Cell Number", number(value))
    for index, row in enumerate(shape.rows, start=1):
        if row.span == 2:
            for column in [0] + [first_value - 1] * shape.has_baseline:
                cells[index][column].merge(cells[index + 1][column])
    for note in (report.calendar_note, entered_note(report)):
        if note:
            _add(document, "Report Note", note)


def _lines(document: DocxDocument, lines: list[str]) -> None:
    for kind, text in section_items(lines):
        _add(document, "Report Group" if kind == "group" else "Report Item", text)


def _overview(document: DocxDocument, report: ProgrammeReport) -> None:
    for line in report.lines("overview"):
        _add(document, "Report Overview Item" if MARKED.match(line) else "Report Overview", line)
    _add(document, "Report Period", period_text(report))


def _em_width(text: str) -> float:
    return sum(0.5 if ord(char) < 0x80 else 1.0 for char in text)


def _title(document: DocxDocument, report: ProgrammeReport, new_page: bool) -> None:
    """The title, with 「（地方創生推進交付金対象事業）」 moved whole onto a second line when
    the name leaves no room for it, rather than broken inside the phrase."""
    heading = _add(document, "Heading 1")
    heading.paragraph_format.page_break_before = new_page
    suffix = f"（{GRANT}対象事業）"
    name = heading.add_run(report.name)
    if _em_width(report.name + suffix) > TITLE_EMS:
        name.add_break()
    heading.add_run(suffix)


def _programme(document: DocxDocument, report: ProgrammeReport, new_page: bool) -> None:
    _title(document, report, new_page)
    _overview(document, report)
    if report.lines("activities") or report.budget:
        _add(document, "Heading 2", activities_heading(report))
        _lines(document, report.lines("activities"))
    if report.kpis:
        _add(document, "Heading 2", kpi_heading(report))
        _kpi_table(document, report)
    if report.lines("assessment"):
        _add(document, "Heading 2", "総括と今後の取組")
        _lines(document, report.lines("assessment"))
    if report.lines("next_activities") or report.next_budget:
        _add(document, "Heading 2", next_activities_heading(report))
        _lines(document, report.lines("next_activities"))


def _save(document: DocxDocument, stamp: datetime) -> bytes:
    """The document's bytes with every zip entry dated `stamp`: python-docx dates them now."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()


def programme_docx(report: ProgrammeReport) -> bytes:
    stamp = stamp_of([report], report.fiscal_year)
    document = _new_document(f"{title(report)} {report.label}", stamp)
    _programme(document, report, new_page=False)
    return _save(document, stamp)


def year_title(fiscal_year: int) -> str:
    return f"{fiscal_year_label(fiscal_year)} {GRANT} 実績報告"


def _cover(document: DocxDocument, reports: list[ProgrammeReport], fiscal_year: int) -> None:
    document.sections[0].different_first_page_header_footer = True
    _add(document, "Title", year_title(fiscal_year)).paragraph_format.space_before = Mm(55)
    _add(document, "Report Cover City", "川崎市")
    _add(document, "Report Cover Label", "対象事業")
    _, cells = _grid(document, 1 + len(reports), [10, PAGE_WIDTH_MM - 52, 42])
    for cell, text in zip(cells[0], ("", "事業名", "事業期間"), strict=True):
        _styled(cell.paragraphs[0], "Report Cell Heading", text)
    for position, (report, row) in enumerate(zip(reports, cells[1:], strict=True), start=1):
        _styled(row[0].paragraphs[0], "Report Cell Center", str(position))
        _styled(row[1].paragraphs[0], "Report Cell", report.name)
        _styled(row[2].paragraphs[0], "Report Cell Center", report.period_label)


def year_docx(reports: list[ProgrammeReport], fiscal_year: int) -> bytes:
    stamp = stamp_of(reports, fiscal_year)
    document = _new_document(year_title(fiscal_year), stamp)
    _cover(document, reports, fiscal_year)
    for report in reports:
        _programme(document, report, new_page=True)
    return _save(document, stamp)

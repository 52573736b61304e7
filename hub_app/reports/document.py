"""The grant report as a Word document, laid out like the city's published pages (DESIGN §10).

A programme's page: title, overview with its 事業期間, the year's activities under a heading
carrying 事業費 and 交付金, the KPI table, 総括と今後の取組, next year's activities with next
year's budget. The whole year adds a cover page and starts each programme on a new page.

Only a `ProgrammeReport` is read, never the database, and the same report always gives the
same bytes: an approved document is stored with its SHA-256 and must download identical.
The wording and the KPI table's shape are reports.layout's, shared with every output.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.shared import Mm
from lxml import etree

from hub_app.core.fiscal import fiscal_year_end
from hub_app.reports.content import ProgrammeReport
from hub_app.reports.layout import (
    GRANT,
    HEADER_BREAKS,
    MARKED,
    KpiTable,
    activities_heading,
    entered_note,
    kpi_heading,
    kpi_table,
    next_activities_heading,
    number,
    period_text,
    section_items,
    title,
    year_title,
)

#: Named first so LibreOffice (fonts-noto-cjk) draws Mincho and Gothic; the font table
#: gives Word the Shift_JIS charset and the PANOSE of MS 明朝 / MS ゴシック, which it uses
#: to substitute those where the Noto fonts are not installed (most city PCs).
MINCHO, GOTHIC = "Noto Serif CJK JP", "Noto Sans CJK JP"
FALLBACKS = {
    MINCHO: ("ＭＳ 明朝", "roman", "02020609040205080304"),
    GOTHIC: ("ＭＳ ゴシック", "modern", "020B0609070205080204"),
}
HEADER_FILL = "EDEDED"
#: full-width characters of the 14 pt title on one line of the 170 mm text width
TITLE_EMS = 34
PAGE_WIDTH_MM = 170


def stamp_of(reports: list[ProgrammeReport], fiscal_year: int) -> datetime:
    """The document's date: its latest approval, else the end of the fiscal year reported."""
    approved = [datetime.fromisoformat(r.approved_at) for r in reports if r.approved_at]
    if approved:
        return max(approved).replace(tzinfo=None, microsecond=0)
    end = fiscal_year_end(fiscal_year)
    return datetime(end.year, end.month, end.day)


# ---- Word ------------------------------------------------------------------------------
# python-docx gives the package (template, section, footer, properties); the styles and the
# body are written as WordprocessingML in schema order. Its per-paragraph API looks styles up
# by name and re-sorts children on every call, which made up most of a year's build time.

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
EM = 10.5
JUSTIFY = {"justify": "both", "right": "right", "center": "center"}


@dataclass(frozen=True)
class Style:
    """A paragraph style: sizes in points, indents in ems (negative first line = hanging)."""

    name: str
    based_on: str | None = "Normal"
    face: str | None = None
    bold: bool = False
    size: float | None = None
    align: str | None = None
    left: float = 0
    first_line: float = 0
    before: float | None = None
    after: float | None = None
    #: line spacing in 240ths of a line (276 = 1.15)
    line: int | None = None
    keep_next: bool = False
    outline: int | None = None
    rule_below: bool = False

    @property
    def id(self) -> str:
        return style_id(self.name)


def style_id(name: str) -> str:
    return name.title().replace(" ", "") if name.startswith("heading") else name.replace(" ", "")


STYLES = (
    Style("Normal", based_on=None, face=MINCHO, size=EM, after=2, line=276),
    Style("Title", face=GOTHIC, bold=True, size=22, align="center", after=12, rule_below=True),
    Style(
        "heading 1",
        face=GOTHIC,
        bold=True,
        size=14,
        after=4,
        keep_next=True,
        outline=0,
        rule_below=True,
    ),
    Style(
        "heading 2", face=GOTHIC, bold=True, size=11, before=10, after=4, keep_next=True, outline=1
    ),
    Style("Report Overview", align="justify", first_line=1),
    Style("Report Overview Item", align="justify", left=1, first_line=-1),
    Style("Report Period", align="right"),
    Style("Report Group", face=GOTHIC, bold=True, before=4, keep_next=True),
    Style("Report Item", left=2, first_line=-1),
    Style("Report Note", size=9, before=2),
    Style("Report Cell", size=9.5, after=0, line=240),
    Style("Report Cell Number", based_on="Report Cell", align="right"),
    Style("Report Cell Center", based_on="Report Cell", align="center"),
    Style("Report Cell Heading", based_on="Report Cell Center", face=GOTHIC, bold=True),
    Style("Report Cover City", face=GOTHIC, size=16, align="center", before=12),
    Style("Report Cover Label", face=GOTHIC, bold=True, before=110),
)


def _w(parent, tag: str, **attributes: str):
    return etree.SubElement(parent, W + tag, {W + k: v for k, v in attributes.items()})


def _fonts(rpr, face: str) -> None:
    """One face for Latin and East Asian text alike (no theme fonts, which would win)."""
    _w(rpr, "rFonts", ascii=face, hAnsi=face, eastAsia=face, cs=face)


def _twips(points: float) -> str:
    return str(round(points * 20))


def _style_element(style: Style):
    element = etree.Element(W + "style", {W + "type": "paragraph", W + "styleId": style.id})
    if style.based_on is None:
        element.set(W + "default", "1")
    elif style.name.startswith("Report"):
        element.set(W + "customStyle", "1")
    _w(element, "name", val=style.name)
    if style.based_on is not None:
        _w(element, "basedOn", val=style_id(style.based_on))
    _w(element, "qFormat")
    ppr = _w(element, "pPr")
    if style.keep_next:
        _w(ppr, "keepNext")
    if style.rule_below:
        _w(_w(ppr, "pBdr"), "bottom", val="single", sz="8", space="4", color="000000")
    spacing = {}
    if style.before is not None:
        spacing["before"] = _twips(style.before)
    if style.after is not None:
        spacing["after"] = _twips(style.after)
    if style.line:
        spacing.update(line=str(style.line), lineRule="auto")
    if spacing:
        _w(ppr, "spacing", **spacing)
    if style.left or style.first_line:
        indent = {"left": _twips(style.left * EM)}
        key = "hanging" if style.first_line < 0 else "firstLine"
        indent[key] = _twips(abs(style.first_line) * EM)
        _w(ppr, "ind", **indent)
    if style.align:
        _w(ppr, "jc", val=JUSTIFY[style.align])
    if style.outline is not None:
        _w(ppr, "outlineLvl", val=str(style.outline))
    rpr = _w(element, "rPr")
    if style.face:
        _fonts(rpr, style.face)
    if style.bold:
        _w(rpr, "b")
        _w(rpr, "bCs")
    if style.size:
        _w(rpr, "sz", val=str(round(style.size * 2)))
        _w(rpr, "szCs", val=str(round(style.size * 2)))
    return element


def _styles(document: DocxDocument) -> None:
    """Mincho body and Gothic headings, in Japanese, with the report's paragraph styles."""
    styles = document.styles.element
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    for child in defaults.findall(f"{W}rFonts") + defaults.findall(f"{W}lang"):
        defaults.remove(child)
    _fonts(defaults, MINCHO)
    defaults.insert(0, defaults[-1])  # rFonts leads rPr
    _w(defaults, "lang", val="ja-JP", eastAsia="ja-JP")
    for style in STYLES:
        old = styles.find(f"{W}style[@{W}styleId='{style.id}']")
        if old is not None:
            styles.remove(old)
        styles.append(_style_element(style))
    mark = _w(styles, "style", type="character", customStyle="1", styleId="ReportMark")
    _w(mark, "name", val="Report Mark")
    _w(_w(mark, "rPr"), "vertAlign", val="superscript")


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
    footer = section.footer.paragraphs[0]._p
    _w(footer.get_or_add_pPr(), "jc", val="center")
    _w(_w(_w(footer, "fldSimple", instr="PAGE"), "r"), "t").text = "1"
    properties = document.core_properties
    properties.title = heading
    properties.subject = f"{GRANT} 実績報告"
    properties.author = properties.last_modified_by = "川崎市"
    properties.comments = ""
    properties.revision = 1
    properties.created = properties.modified = stamp
    return document


def _p(parent, style: str, text: str = "", mark: bool = False, page_break: bool = False):
    """A paragraph of one style; a line break where the text has one, a ※ mark after it."""
    paragraph = _w(parent, "p")
    ppr = _w(paragraph, "pPr")
    _w(ppr, "pStyle", val=style_id(style))
    if page_break:
        _w(ppr, "pageBreakBefore")
    if text:
        run = _w(paragraph, "r")
        for index, line in enumerate(text.split("\n")):
            if index:
                _w(run, "br")
            text_element = _w(run, "t")
            text_element.text = line
            text_element.set(XML_SPACE, "preserve")
    if mark:
        run = _w(paragraph, "r")
        _w(_w(run, "rPr"), "rStyle", val="ReportMark")
        _w(run, "t").text = "※"
    return paragraph


@dataclass(frozen=True)
class Cell:
    style: str
    text: str = ""
    mark: bool = False
    #: `restart` on the first row of a cell spanning two, `continue` on the second
    merge: str | None = None


def _table(body, widths_mm: list[float], header: list[str], rows: list[list[Cell]]) -> None:
    """A bordered table of fixed column widths, its shaded header row repeated on each page."""
    table = _w(body, "tbl")
    properties = _w(table, "tblPr")
    _w(properties, "tblStyle", val="TableGrid")
    _w(properties, "tblW", w="0", type="auto")
    _w(properties, "jc", val="center")
    _w(properties, "tblLayout", type="fixed")
    widths = [str(round(mm * 1440 / 25.4)) for mm in widths_mm]
    grid = _w(table, "tblGrid")
    for width in widths:
        _w(grid, "gridCol", w=width)
    heading = [Cell("Report Cell Heading", HEADER_BREAKS.get(text, text)) for text in header]
    for index, cells in enumerate([heading, *rows]):
        row = _w(table, "tr")
        _w(_w(row, "trPr"), "cantSplit")
        if index == 0:
            _w(row[0], "tblHeader")
        for cell, width in zip(cells, widths, strict=True):
            element = _w(row, "tc")
            properties = _w(element, "tcPr")
            _w(properties, "tcW", w=width, type="dxa")
            if cell.merge:
                _w(properties, "vMerge", **({"val": "restart"} if cell.merge == "restart" else {}))
            if index == 0:
                _w(properties, "shd", val="clear", color="auto", fill=HEADER_FILL)
            _w(properties, "vAlign", val="center")
            _p(element, cell.style, "" if cell.merge == "continue" else cell.text, cell.mark)


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


def _kpi_rows(shape: KpiTable) -> list[list[Cell]]:
    rows = []
    for row in shape.rows:
        merge = {2: "restart", 0: "continue"}.get(row.span)
        cells = [Cell("Report Cell", row.item, row.marked and row.span > 0, merge)]
        if shape.has_kind:
            cells.append(Cell("Report Cell Center", row.kind or ""))
        if shape.has_baseline:
            cells.append(Cell("Report Cell Number", number(row.baseline), merge=merge))
        cells += [Cell("Report Cell Number", number(value)) for value in row.values]
        rows.append(cells)
    return rows


def _lines(body, lines: list[str]) -> None:
    for kind, text in section_items(lines):
        _p(body, "Report Group" if kind == "group" else "Report Item", text)


def _em_width(text: str) -> float:
    return sum(0.5 if ord(char) < 0x80 else 1.0 for char in text)


def _programme(body, report: ProgrammeReport, new_page: bool) -> None:
    # 「（地方創生推進交付金対象事業）」 goes whole onto a second line rather than break inside it
    suffix = f"（{GRANT}対象事業）"
    wraps = _em_width(report.name + suffix) > TITLE_EMS
    _p(body, "heading 1", report.name + ("\n" if wraps else "") + suffix, page_break=new_page)
    for line in report.lines("overview"):
        _p(body, "Report Overview Item" if MARKED.match(line) else "Report Overview", line)
    _p(body, "Report Period", period_text(report))
    if report.lines("activities") or report.budget:
        _p(body, "heading 2", activities_heading(report))
        _lines(body, report.lines("activities"))
    if report.kpis:
        _p(body, "heading 2", kpi_heading(report))
        shape = kpi_table(report)
        _table(body, _widths(shape), shape.header, _kpi_rows(shape))
        for note in (report.calendar_note, entered_note(report)):
            if note:
                _p(body, "Report Note", note)
    if report.lines("assessment"):
        _p(body, "heading 2", "総括と今後の取組")
        _lines(body, report.lines("assessment"))
    if report.lines("next_activities") or report.next_budget:
        _p(body, "heading 2", next_activities_heading(report))
        _lines(body, report.lines("next_activities"))


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


def _build(heading: str, stamp: datetime, fill, cover: bool = False) -> bytes:
    document = _new_document(heading, stamp)
    document.sections[0].different_first_page_header_footer = cover  # no page number on it
    body = document.element.body
    section = body.find(W + "sectPr")
    body.remove(section)
    for child in list(body):
        body.remove(child)  # the template's empty paragraph
    fill(body)
    body.append(section)
    return _save(document, stamp)


def programme_docx(report: ProgrammeReport) -> bytes:
    stamp = stamp_of([report], report.fiscal_year)
    heading = f"{title(report)} {report.label}"
    return _build(heading, stamp, lambda body: _programme(body, report, new_page=False))


def _cover(body, reports: list[ProgrammeReport], fiscal_year: int) -> None:
    title_page = _p(body, "Title", year_title(fiscal_year))
    _w(title_page[0], "spacing", before=_twips(55 / 25.4 * 72))
    _p(body, "Report Cover City", "川崎市")
    _p(body, "Report Cover Label", "対象事業")
    rows = [
        [
            Cell("Report Cell Center", str(position)),
            Cell("Report Cell", report.name),
            Cell("Report Cell Center", report.period_label),
        ]
        for position, report in enumerate(reports, start=1)
    ]
    _table(body, [10, PAGE_WIDTH_MM - 52, 42], ["", "事業名", "事業期間"], rows)


def year_docx(reports: list[ProgrammeReport], fiscal_year: int) -> bytes:
    def fill(body) -> None:
        _cover(body, reports, fiscal_year)
        for report in reports:
            _programme(body, report, new_page=True)

    stamp = stamp_of(reports, fiscal_year)
    return _build(year_title(fiscal_year), stamp, fill, cover=True)

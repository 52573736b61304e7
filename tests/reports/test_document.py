"""The report's DOCX, XLSX and print view read like the city's published pages (DESIGN §10)."""

from __future__ import annotations

import dataclasses
import io
import re
import time

import pytest
from docx import Document
from docx.oxml.ns import qn
from flask import render_template
from openpyxl import load_workbook

from hub_app.core.enums import PROGRAMMES
from hub_app.reports import content, document, layout
from hub_app.reports.document import programme_docx, year_docx
from hub_app.reports.workbook import report_workbook

SOURCE = "地方創生推進交付金 効果検証(令和4年度)"
ORDER = ["welltech", "knic", "night_economy", "succession", "ip_matching", "life_science"]
WELLTECH = {
    "overview": "川崎市複合福祉センター「ふくふく」の1階に福祉製品等開発支援拠点を開設する。",
    "activities": "1 ウェルテックの運営\n① 福祉製品の検証等を実施\n\n福祉製品開発勉強会の開催",
    "assessment": "",
    "next_activities": "① 東工大研究員と職員が常駐する体制での施設運営",
}


def written(report: content.ProgrammeReport, **sections: str) -> content.ProgrammeReport:
    """The report with its sections written (and nothing to resolve in them)."""
    texts = {**report.sections, **sections}
    return dataclasses.replace(report, sections=texts, resolved=dict(texts))


def opened(data: bytes):
    return Document(io.BytesIO(data))


def texts(docx) -> list[str]:
    return [p.text for p in docx.paragraphs if p.text]


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_programme_page_reads_like_the_published_one(demo):
    report = written(content.build_one("welltech", 2022), **WELLTECH)
    docx = opened(programme_docx(report))
    lines = texts(docx)
    assert lines[0] == "川崎型中小企業福祉産業創出事業（地方創生推進交付金対象事業）"
    assert docx.paragraphs[0].style.name == "Heading 1"
    assert lines[1].startswith("川崎市複合福祉センター")
    assert "（事業期間：令和3年度～令和5年度）" in lines
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 2"]
    assert headings == [
        "令和4年度の主な取組：事業費21,618千円（交付金10,809千円）",
        "本事業における令和4年度重要業績評価指標（KPI）",
        "令和5年度の主な取組：予算22,073千円（交付金11,036千円）",
    ]  # no 総括と今後の取組: nothing is written in it
    # one item a line, blank lines left out; a line without a marker gets 「・」
    assert (lines[lines.index(headings[0]) + 1 : lines.index(headings[1])]) == [
        "1 ウェルテックの運営",
        "① 福祉製品の検証等を実施",
        "・福祉製品開発勉強会の開催",
    ]
    (table,) = docx.tables
    assert rows(table) == [
        ["項目", "計画", "実績"],
        ["事業を通じた改良・新規開発プロジェクト（件）", "4", "6"],
        ["プロジェクト参画打診件数（件）", "60", "86"],
        ["相談・技術助言件数（件）", "15", "18"],
        ["製品・サービスの市場化（件）", "3", "2"],
    ]
    assert not any("手入力" in line or line.startswith("※") for line in lines)  # all counted


def test_a_multi_year_table_has_a_plan_and_an_actual_row_per_kpi(app):
    report = content.build_one("succession", 2022)
    docx = opened(programme_docx(report))
    (table,) = docx.tables
    found = rows(table)
    assert found[0] == ["項目", "区分", "令和2年度", "令和3年度", "令和4年度"]
    new_field = "川崎市内企業における新分野への展開等を行った企業数（件）※"
    assert found[1:5] == [
        [new_field, "計画", "3", "5", "7"],
        [new_field, "実績", "3", "8", "7"],  # the 項目 cell spans both rows
        [
            "事業承継の支援事例における、企業経営者の年齢引き下げ総計（歳）※",
            "計画",
            "340",
            "340",
            "340",
        ],
        [
            "事業承継の支援事例における、企業経営者の年齢引き下げ総計（歳）※",
            "実績",
            "498",
            "431",
            "568",
        ],
    ]
    assert found[6][2:] == ["131", "85", "64"]
    mark = table.rows[1].cells[0].paragraphs[0].runs[-1]
    assert mark.text == "※" and mark.style.font.superscript
    assert f"※印は手入力の実績（出典：{SOURCE}）" in texts(docx)


def test_the_baseline_column_and_the_calendar_note(app):
    docx = opened(programme_docx(content.build_one("night_economy", 2022)))
    (table,) = docx.tables
    found = rows(table)
    assert found[0] == ["項目", "事業開始前の\n現状値", "令和2年度", "令和3年度", "令和4年度"]
    assert found[1] == [
        "インバウンド旅客等のキャッシュレス消費額（千円）※",
        "1,406,427",
        "157,950",
        "15,943",
        "124,865",
    ]  # no 区分 column: none of its KPIs has a plan
    assert found[3][1:] == ["26", "6", "1", "4"]
    lines = texts(docx)
    assert "※各指標は1～12月(暦年)が集計期間" in lines
    assert lines.index("※各指標は1～12月(暦年)が集計期間") < lines.index(
        f"※印は手入力の実績（出典：{SOURCE}）"
    )
    # the programme ended in FY2022: no next year's heading without a budget or a text
    assert not any(line.startswith("令和5年度の主な取組") for line in lines)


def test_missing_figures_and_budgets(app):
    report = content.build_one("life_science", 2022)
    kpi = report.kpis[0]
    kpi.years[2022] = content.YearFigures(plan=None, actual=None)
    report = dataclasses.replace(report, budget=None, next_budget=None)
    docx = opened(programme_docx(report))
    assert rows(docx.tables[0])[1] == [
        "本事業を通じた産学・産産連携プロジェクト創出数（件）",
        "—",
        "—",
    ]
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["本事業における令和4年度重要業績評価指標（KPI）"]
    with_text = written(report, activities="① 調査業務")
    assert "令和4年度の主な取組" in texts(opened(programme_docx(with_text)))


def test_the_whole_year_has_a_cover_and_each_programme_on_its_own_page(app):
    reports = content.build(2022)
    docx = opened(year_docx(reports, 2022))
    lines = texts(docx)
    assert lines[:2] == ["令和4年度 地方創生推進交付金 実績報告", "川崎市"]
    cover = rows(docx.tables[0])
    assert [row[1] for row in cover[1:]] == [r.name for r in reports]
    assert cover[1] == ["1", "川崎型中小企業福祉産業創出事業", "令和3年度～令和5年度"]
    titles = [p for p in docx.paragraphs if p.style.name == "Heading 1"]
    # a long name puts 「（地方創生推進交付金対象事業）」 whole on the next line
    assert [p.text.replace("\n", "") for p in titles] == [layout.title(r) for r in reports]
    assert titles[1].text.endswith("創出事業\n（地方創生推進交付金対象事業）")
    assert [r.programme for r in reports] == ORDER
    assert all(p.paragraph_format.page_break_before for p in titles)
    assert docx.core_properties.title == "令和4年度 地方創生推進交付金 実績報告"


def test_a4_portrait_and_japanese_fonts_for_word_and_libreoffice(app):
    docx = opened(programme_docx(content.build_one("knic", 2022)))
    section = docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    normal = docx.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == document.MINCHO
    assert normal.get(qn("w:eastAsiaTheme")) is None  # a theme font would win over it
    heading = docx.styles["Heading 1"].element.rPr.rFonts
    assert heading.get(qn("w:eastAsia")) == document.GOTHIC
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:eastAsia")) == "ja-JP"
    fonts = docx.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    ).blob.decode()
    assert re.search(r'w:name="Noto Serif CJK JP"><w:altName w:val="ＭＳ 明朝"', fonts)


def test_the_same_report_gives_the_same_bytes(app, monkeypatch):
    """Approved documents are kept with their SHA-256: a rebuild must not differ."""
    reports = content.build(2022)
    first, whole = programme_docx(reports[3]), year_docx(reports, 2022)
    later = time.time() + 86400 * 400
    monkeypatch.setattr(time, "time", lambda: later)
    assert programme_docx(reports[3]) == first
    assert year_docx(reports, 2022) == whole
    # as the approval stores it, and as it is read back for the download
    approved = dataclasses.replace(reports[3], approved_at="2023-05-10T01:02:03Z")
    stored = content.ProgrammeReport.from_dict(approved.to_dict())
    stored.status, stored.sha256 = "approved", "0" * 64
    assert programme_docx(stored) == programme_docx(approved)
    assert opened(programme_docx(stored)).core_properties.created.year == 2023


def test_the_workbook_has_a_sheet_per_programme_with_numbers(app):
    reports = content.build(2022)
    book = load_workbook(io.BytesIO(report_workbook(reports, 2022)))
    assert book.sheetnames == [PROGRAMMES[code] for code in ORDER]
    sheet = book[PROGRAMMES["succession"]]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == layout.title(reports[3])
    assert [v for v in values if v[0] == "令和4年度"][0][:4] == ["令和4年度", "実績", 26718, 13359]
    plan = next(row for row in values if row[1] == "計画")
    assert plan[0] == "川崎市内企業における新分野への展開等を行った企業数（件）※"
    assert plan[2:5] == [3, 5, 7]
    assert all(isinstance(value, int) for value in plan[2:5])
    assert [f"※印は手入力の実績（出典：{SOURCE}）"] in [row[:1] for row in values]
    night = [row for row in book[PROGRAMMES["night_economy"]].iter_rows(values_only=True)]
    assert ("外国人旅客者の川崎市内宿泊数（万人）※", 26, 6, 1, 4) in [row[:5] for row in night]
    welltech = [row for row in book[PROGRAMMES["welltech"]].iter_rows(values_only=True)]
    assert ("令和5年度", "予算", 22073, 11036) in [row[:4] for row in welltech]


@pytest.mark.parametrize(
    "line",
    [
        "1 ウェルテックの運営",
        "(2) マッチング支援",
        "① 検証",
        "・PR",
        "②啓発セミナー",
        "123件の相談",
        "説明",
    ],
)
def test_the_print_view_lists_items_as_the_document_does(app, line):
    report = written(content.build_one("welltech", 2022), activities=line)
    with app.test_request_context():
        page = render_template("reports/print.html", reports=[report], year=2022, year_label="")
    ((kind, text),) = layout.section_items([line])
    expected = f'<li class="group">{text}</li>' if kind == "group" else f"<li>{text}</li>"
    assert expected in page


def test_the_print_view_has_a_page_per_programme(app):
    reports = [written(r, assessment="まとめ") for r in content.build(2022)]
    with app.test_request_context():
        page = render_template(
            "reports/print.html", reports=reports, year=2022, year_label="令和4年度"
        )
    assert page.count('<section class="report-page"') == 6
    assert "data-print" in page and "印刷する" in page
    assert "令和4年度の主な取組：事業費21,618千円（交付金10,809千円）" in page
    assert "令和5年度の主な取組：予算22,073千円（交付金11,036千円）" in page
    assert page.count("<h2>総括と今後の取組</h2>") == 6
    assert "（事業期間：令和2年度～令和4年度）" in page
    succession = page.split('id="programme-succession"')[1].split("</table>")[0]
    cells = re.findall(r"<t[hd](?: [^>]*)?>(.*?)</t[hd]>", succession)
    assert cells[:5] == ["項目", "区分", "令和2年度", "令和3年度", "令和4年度"]
    assert cells[6:10] == ["計画", "3", "5", "7"] and cells[10:14] == ["実績", "3", "8", "7"]
    night = page.split('id="programme-night_economy"')[1].split("</section>")[0]
    assert "1,406,427" in night and "※各指標は1～12月(暦年)が集計期間" in night
    assert f"※印は手入力の実績（出典：{SOURCE}）" in night

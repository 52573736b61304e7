"""The FY2022 document on the demo data holds every figure of the city's published report
(DESIGN §4 and §10): budgets, KPI plans and actuals, baselines, for all six programmes."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook

from hub_app.core.enums import PROGRAMMES
from hub_app.reports import services

# programme: (事業費, 交付金, next year's 予算 and 交付金 or None) as published
BUDGETS = {
    "welltech": ("21,618", "10,809", ("22,073", "11,036")),
    "knic": ("67,850", "33,925", ("68,710", "33,425")),
    "night_economy": ("45,880", "22,940", None),
    "succession": ("26,718", "13,359", None),
    "ip_matching": ("10,312", "4,805", None),
    "life_science": ("18,225", "9,112", ("17,680", "8,840")),
}
# the numbers of each programme's KPI table, row by row, as the published page has them
TABLES = {
    "welltech": [["4", "6"], ["60", "86"], ["15", "18"], ["3", "2"]],
    "knic": [["15", "149"], ["5", "17"], ["5", "9"]],
    "night_economy": [
        ["1,406,427", "157,950", "15,943", "124,865"],
        ["4,065", "896", "1,200", "4,968"],
        ["26", "6", "1", "4"],
    ],
    "succession": [
        ["3", "5", "7"],
        ["3", "8", "7"],
        ["340", "340", "340"],
        ["498", "431", "568"],
        ["30", "30", "40"],
        ["131", "85", "64"],
        ["1", "1", "2"],
        ["0", "0", "0"],
    ],
    "ip_matching": [
        ["2", "2", "4"],
        ["2", "5", "4"],
        ["2", "4", "1"],
        ["10", "9", "13"],
        ["5", "5", "5"],
        ["6", "8", "5"],
    ],
    "life_science": [["2", "4"], ["7", "25"], ["25", "27"], ["1", "1"]],
}
NAMES = [
    "川崎型中小企業福祉産業創出事業",
    "副業・兼業人材活用によるイノベーション創出事業",
    "インバウンドを軸としたナイトタイムエコノミー推進事業",
    "次世代につなぐ、ものづくりのまち川崎・町工場再生プロジェクト",
    "川崎型地域中小企業支援人材育成による産業創出事業",
    "キングスカイフロントを核としたライフサイエンス分野におけるイノベーション創出事業",
]


def _numbers(row: list[str]) -> list[str]:
    """A table row's figures, as printed (units and marks stripped)."""
    found = []
    for cell in row:
        text = cell.strip().rstrip("件人歳千円万").strip()
        if text and all(ch.isdigit() or ch == "," for ch in text):
            found.append(text)
    return found


def test_the_fy2022_document_holds_every_published_figure(demo):
    document = Document(io.BytesIO(services.year_docx(2022)))
    # a long title breaks its line before （地方創生推進交付金対象事業）
    text = "\n".join(p.text for p in document.paragraphs).replace("\n（地方創生", "（地方創生")
    positions = [text.index(f"{name}（地方創生推進交付金対象事業）") for name in NAMES]
    assert positions == sorted(positions)  # the report's order, each once after the cover

    for code, (cost, grant, following) in BUDGETS.items():
        assert f"令和4年度の主な取組：事業費{cost}千円（交付金{grant}千円）" in text, code
        if following:
            assert (
                f"令和5年度の主な取組：予算{following[0]}千円（交付金{following[1]}千円）" in text
            )

    kpi_tables = [t for t in document.tables if t.rows[0].cells[0].text == "項目"]
    assert len(kpi_tables) == 6
    for code, table in zip(TABLES, kpi_tables, strict=True):
        body = [[cell.text for cell in row.cells] for row in table.rows][1:]
        figures = [_numbers(row) for row in body]
        assert [f for f in figures if f] == TABLES[code], code
    assert "※各指標は1～12月(暦年)が集計期間" in text
    assert "地方創生推進交付金 効果検証(令和4年度)" in text  # the entered figures' source


def test_figures_named_in_the_text_are_resolved_in_every_output(demo, client, login, make_user):
    expected = "福祉関係者と企業との福祉製品開発勉強会(4回)の開催"  # {welltech.study_sessions}
    document = Document(io.BytesIO(services.year_docx(2022)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert expected in text and "{welltech." not in text

    login(make_user("viewer", []))
    printed = client.get("/reports/2022/print").text
    assert expected in printed and "{welltech." not in printed
    workbook = load_workbook(io.BytesIO(client.get("/reports/2022.xlsx").data))
    cells = [c for row in workbook[PROGRAMMES["welltech"]].iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and expected in c for c in cells)
    page = client.get("/reports/2022/welltech").text
    assert expected in page

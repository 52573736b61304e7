"""Server-rendered SVG charts: no JavaScript, no library, and they print as drawn.

Colours are SVG presentation attributes (not style attributes), so the CSP holds.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from hub_app.core.fiscal import fiscal_year_short
from hub_app.kpi.report import KpiLine, percent

PLAN, ACTUAL, INK, MUTED, LINE = "#9aa5b1", "#0b6e4f", "#1f2933", "#52606d", "#cbd2d9"


def _text(x: float, y: float, content: object, anchor: str = "start", size: int = 12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{INK}">{escape(content)}</text>'
    )


def _rect(x: float, y: float, width: float, height: float, colour: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" '
        f'fill="{colour}"/>'
    )


def plan_vs_actual(lines: list[KpiLine], year: int, title: str) -> Markup:
    """One pair of bars per KPI (plan, actual), each KPI on its own scale."""
    label_width, bar_width, row = 250, 330, 46
    width, height = label_width + bar_width + 70, 30 + row * len(lines) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f"<title>{escape(title)}</title>",
        _rect(label_width, 6, 12, 10, PLAN),
        _text(label_width + 16, 15, "計画", size=11),
        _rect(label_width + 60, 6, 12, 10, ACTUAL),
        _text(label_width + 76, 15, "実績", size=11),
    ]
    for index, line in enumerate(lines):
        top = 30 + index * row
        plan, actual = line.plan(year), line.actual(year)
        scale = max(plan or 0, actual, 1)
        name = line.name if len(line.name) <= 19 else line.name[:18] + "…"
        parts.append(_text(0, top + 18, name, size=12))
        parts.append(_text(0, top + 34, percent(line.rate(year)), size=11))
        parts.append(_rect(label_width, top + 4, bar_width * (plan or 0) / scale, 14, PLAN))
        parts.append(_rect(label_width, top + 21, bar_width * actual / scale, 14, ACTUAL))
        parts.append(
            _text(
                label_width + bar_width * (plan or 0) / scale + 4,
                top + 15,
                plan_text(plan),
                size=11,
            )
        )
        parts.append(
            _text(label_width + bar_width * actual / scale + 4, top + 32, f"{actual:,}", size=11)
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def plan_text(plan: int | None) -> str:
    return "計画なし" if plan is None else f"{plan:,}"


def trend(line: KpiLine, years: list[int]) -> Markup:
    """Actuals as bars over the years, plans as marks: the multi-year trend of one KPI."""
    width, height, left, bottom, top = 300, 150, 8, 26, 28
    slot = (width - left * 2) / max(len(years), 1)
    values = [line.actual(y) for y in years] + [line.plan(y) or 0 for y in years]
    scale = max(*values, 1)
    usable = height - bottom - top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f"<title>{escape(line.name)}の推移</title>",
        _text(left, 14, line.name if len(line.name) <= 22 else line.name[:21] + "…", size=12),
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" '
        f'y2="{height - bottom}" stroke="{LINE}"/>',
    ]
    for index, year in enumerate(years):
        x = left + slot * index
        actual, plan = line.actual(year), line.plan(year)
        bar = usable * actual / scale
        parts.append(_rect(x + slot * 0.2, height - bottom - bar, slot * 0.6, bar, ACTUAL))
        parts.append(_text(x + slot / 2, height - bottom - bar - 3, f"{actual:,}", "middle", 11))
        if plan is not None:
            y = height - bottom - usable * plan / scale
            parts.append(
                f'<line x1="{x + slot * 0.1:.1f}" y1="{y:.1f}" x2="{x + slot * 0.9:.1f}" '
                f'y2="{y:.1f}" stroke="{PLAN}" stroke-width="3" stroke-dasharray="4 2"/>'
            )
        parts.append(_text(x + slot / 2, height - 8, fiscal_year_short(year), "middle", 11))
    parts.append("</svg>")
    return Markup("".join(parts))

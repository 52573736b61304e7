"""Pages of the KPI report: the report, drill-downs, exports and the print view.

Plans, budgets and year closing are in kpi.manage; the dashboard panel in kpi.panel.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from hub_app.core import clock, navigation
from hub_app.core.enums import HUBS
from hub_app.core.export import export_response, xlsx_response
from hub_app.core.fiscal import elapsed_share, fiscal_year, fiscal_year_label, parse_fiscal_year
from hub_app.core.listing import page_args
from hub_app.core.permissions import can_manage_plans, can_read_reports
from hub_app.kpi import charts, closures, drilldown
from hub_app.kpi.forms import CloseYearForm
from hub_app.kpi.measures import MEASURES
from hub_app.kpi.report import build_report, years_ending
from hub_app.kpi.services import get_kpi
from hub_app.kpi.xlsx import report_workbook

bp = Blueprint("kpi", __name__, url_prefix="/kpi")
navigation.add("KPI・報告", "KPI実績報告", "kpi.report", can_read_reports)

FIRST_YEAR = 2018
TREND_YEARS = 5


@bp.before_request
@login_required
def require_reports_access():
    if not can_read_reports(current_user):
        abort(403)


def year_choices() -> list[int]:
    return list(range(fiscal_year(clock.today()) + 1, FIRST_YEAR - 1, -1))


def chosen_year(args: Mapping[str, str]) -> int:
    raw = args.get("fiscal_year", "")
    return parse_fiscal_year(raw) or fiscal_year(clock.today())


def chosen_hubs(args: Mapping[str, str]) -> list[str]:
    hub = args.get("hub", "")
    return [hub] if hub in HUBS else list(HUBS)


def report_context(year: int, hubs: list[str]) -> dict:
    """Everything the report page and the print view show, from one report build."""
    report = build_report(years_ending(year, TREND_YEARS), hubs)
    today = clock.today()
    found = closures.closures_of(year, hubs)
    return {
        "report": report,
        "year": year,
        "year_label": fiscal_year_label(year),
        "as_of": today,
        "running": report.is_running(today),
        "elapsed": elapsed_share(year, today),
        "plan_charts": {
            hub: charts.plan_vs_actual(
                report.lines_of(hub), year, f"{HUBS[hub]} {fiscal_year_label(year)} 計画と実績"
            )
            for hub in report.hubs
        },
        "trend_charts": {line.code: charts.trend(line, report.years) for line in report.lines},
        "comparisons": {hub: closures.compare(c, report) for hub, c in found.items()},
        "can_drill": {hub: drilldown.can_drill(current_user, _any_measure(hub)) for hub in hubs},
    }


def _any_measure(hub: str):
    return next(m for m in MEASURES.values() if m.hub == hub)


@bp.get("")
def report():
    year, hubs = chosen_year(request.args), chosen_hubs(request.args)
    context = report_context(year, hubs)
    close_form = None
    if can_manage_plans(current_user):
        close_form = CloseYearForm(formdata=None, hub=hubs[0], fiscal_year=year)
    return render_template(
        "kpi/report.html",
        years=year_choices(),
        hub=request.args.get("hub", "") if request.args.get("hub") in HUBS else "",
        close_form=close_form,
        **context,
    )


@bp.get("/print")
def print_view():
    year, hubs = chosen_year(request.args), chosen_hubs(request.args)
    return render_template("kpi/print.html", **report_context(year, hubs))


@bp.get("/export.xlsx")
def export_report():
    year, hubs = chosen_year(request.args), chosen_hubs(request.args)
    count = request.args.get("years", "1")
    years = years_ending(year, int(count) if count in ("1", "2", "3", "4", "5") else 1)
    report = build_report(years, hubs)
    return xlsx_response(f"kpi-report-{year}", report_workbook(report))


def valid_year(year: int) -> int:
    """A fiscal year from the URL; 404 outside the years the app knows."""
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def _drill_target(code: str, year: int):
    valid_year(year)
    kpi = get_kpi(code)
    measure = MEASURES.get(kpi.measure)
    if measure is None:
        abort(404)
    if not drilldown.can_drill(current_user, measure):
        abort(403, "この拠点の記録を見る権限がありません。KPIの数値は報告ページで確認できます。")
    return kpi, measure


@bp.get("/<code>/<int:fiscal_year>")
def drill(code: str, fiscal_year: int):
    kpi, measure = _drill_target(code, fiscal_year)
    page, per_page = page_args(request.args, default_per_page=50)
    pagination = drilldown.paginate(measure, fiscal_year, page, per_page)
    report = build_report([fiscal_year], [kpi.hub])
    return render_template(
        "kpi/drill.html",
        kpi=kpi,
        measure=measure,
        year=fiscal_year,
        year_label=fiscal_year_label(fiscal_year),
        line=report.line(kpi.code),
        pagination=pagination,
        fields=drilldown.visible_fields(measure, current_user),
        hidden=drilldown.HIDDEN,
        record_url=lambda unit: drilldown.record_url(measure, unit, current_user),
        field_url=lambda f, unit: drilldown.url(f.link, unit, current_user),
    )


@bp.get("/<code>/<int:fiscal_year>/export.<any(csv, xlsx):fmt>")
def drill_export(code: str, fiscal_year: int, fmt: str):
    kpi, measure = _drill_target(code, fiscal_year)
    rows = measure.units(fiscal_year)
    filename = f"{kpi.code}-{fiscal_year}"
    return export_response(fmt, filename, drilldown.columns(measure, current_user), rows)


from hub_app.kpi import manage, panel  # noqa: E402,F401  (register their routes and panel)

"""KPI figures, plans, drill-downs and the budgets collection (DESIGN §7)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app, g, jsonify, request
from sqlalchemy import select

from hub_app.api import bp, callers
from hub_app.api.resources import Collection, json_form, register
from hub_app.core import clock
from hub_app.core.cache import cached
from hub_app.core.enums import HUBS, PROGRAMMES
from hub_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from hub_app.core.export import Column
from hub_app.core.fiscal import (
    FISCAL_YEAR_RANGE,
    fiscal_year,
    fiscal_year_label,
    parse_fiscal_year,
)
from hub_app.core.listing import page_args
from hub_app.core.models import rfc3339
from hub_app.core.permissions import can_read_reports, require
from hub_app.extensions import db
from hub_app.kpi import drilldown, services
from hub_app.kpi.forms import BudgetForm, TargetForm
from hub_app.kpi.measures import MEASURES
from hub_app.kpi.models import Budget
from hub_app.kpi.report import build_report


def _year(args: Mapping[str, str]) -> int:
    raw = args.get("fiscal_year", "")
    if not raw:
        return fiscal_year(clock.today())
    year = parse_fiscal_year(raw)
    if year is None:
        raise ValidationFailed("検索条件に誤りがあります。", {"fiscal_year": [FISCAL_YEAR_RANGE]})
    return year


def kpi_item(line: Any, year: int) -> dict[str, Any]:
    return {
        "code": line.code,
        "programme": line.programme,
        "hub": line.hub,
        "name": line.name,
        "unit": line.unit,
        "period": line.period,
        "baseline": line.baseline,
        "source": line.source,
        "plan": line.plan(year),
        "actual": line.actual(year),
        "achievement_rate": line.rate(year),
        "rule": line.rule,
        # where an entered figure comes from (出典); null for a figure counted from records
        "actual_source": line.source_of(year),
    }


@bp.get("/kpis")
def kpis():
    """Every programme's KPIs (DESIGN §10), or one hub's or programme's."""
    require(can_read_reports(g.api_caller))
    year = _year(request.args)
    hub = request.args.get("hub", "")
    programme = request.args.get("programme", "")
    if hub and hub not in HUBS:
        raise ValidationFailed("検索条件に誤りがあります。", {"hub": ["拠点が正しくありません。"]})
    if programme and programme not in PROGRAMMES:
        message = "事業が正しくありません。"
        raise ValidationFailed("検索条件に誤りがあります。", {"programme": [message]})
    chosen = [c for c in PROGRAMMES if (not hub or c == hub) and (not programme or c == programme)]

    def body() -> bytes:
        report = build_report([year], programmes=chosen)
        items = [kpi_item(line, year) for line in report.lines]
        payload = {"fiscal_year": year, "label": fiscal_year_label(year), "items": items}
        return jsonify(payload).get_data()

    # every reader sees every figure: the key is the report's (kpi.report.build_report)
    key = ("api.kpis", year, tuple(chosen), clock.today())
    return current_app.response_class(cached(key, body), mimetype="application/json")


@bp.put("/kpis/<code>/targets/<int:fiscal_year>")
def put_target(code: str, fiscal_year: int):
    kpi = services.get_kpi(code)
    form = json_form(TargetForm)
    target = services.set_plan(callers.user(), kpi, fiscal_year, form)
    db.session.commit()
    return jsonify({"code": kpi.code, "fiscal_year": target.fiscal_year, "plan": target.plan})


@bp.get("/kpis/<code>/records")
def kpi_records(code: str):
    kpi = services.get_kpi(code)
    measure = MEASURES.get(kpi.measure or "")
    if measure is None:
        raise NotFound("このKPIは手入力の数値のため、数えた記録はありません。")
    if not drilldown.can_drill(callers.user(), measure):
        raise PermissionDenied("この拠点の記録を見る権限がありません。")
    year = _year(request.args)
    page, per_page = page_args(request.args, default_per_page=100, strict=True)
    pagination = drilldown.paginate(measure, year, page, per_page)
    return jsonify(
        {
            "code": kpi.code,
            "fiscal_year": year,
            "rule": measure.rule,
            "items": [drilldown.api_item(measure, u, callers.user()) for u in pagination.items],
            "total": pagination.total,
            "page": pagination.page,
            "per_page": pagination.per_page,
        }
    )


def serialize_budget(budget: Budget, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": budget.id,
        "programme": budget.programme,
        # the alias of the hubs' programmes, as before budgets belonged to programmes
        "hub": budget.programme if budget.programme in HUBS else None,
        "fiscal_year": budget.fiscal_year,
        "kind": budget.kind,
        "total_cost": budget.total_cost,
        "grant": budget.grant,
        "created_at": rfc3339(budget.created_at),
        "updated_at": rfc3339(budget.updated_at),
        "created_by": budget.created_by,
    }


def budget_query(args: Mapping[str, str], actor: Any):
    """Budgets are part of the report: every signed-in user reads them."""
    require(can_read_reports(actor))
    query = select(Budget).where(Budget.deleted_at.is_(None))
    if args.get("programme"):
        query = query.where(Budget.programme == args["programme"])
    if args.get("fiscal_year"):
        query = query.where(Budget.fiscal_year == _year(args))
    return query


register(
    bp,
    Collection(
        name="budgets",
        model=Budget,
        form=BudgetForm,
        serialize=serialize_budget,
        list_query=budget_query,
        can_read=lambda actor, _record: can_read_reports(actor),
        create=services.create_budget,
        update=services.update_budget,
        delete=services.delete_budget,
        order_by=[Budget.fiscal_year, Budget.programme, Budget.kind, Budget.id],
        filters=("programme", "fiscal_year"),
        columns=[
            Column("programme", "事業", lambda b: b.programme),
            Column("fiscal_year", "年度", lambda b: b.fiscal_year),
            Column("kind", "区分", lambda b: b.kind),
            Column("total_cost", "事業費(千円)", lambda b: b.total_cost),
            Column("grant", "交付金(千円)", lambda b: b.grant),
        ],
    ),
)

"""Programmes, entered KPI figures, the yearly report and its year close (DESIGN §10)."""

from __future__ import annotations

from flask import jsonify

from hub_app.api import bp, callers
from hub_app.api.resources import json_body, json_form
from hub_app.core.errors import Conflict, ValidationFailed
from hub_app.core.export import docx_response
from hub_app.core.forms import form_from_mapping
from hub_app.core.models import rfc3339
from hub_app.core.permissions import can_read_reports, is_admin, require
from hub_app.extensions import db
from hub_app.kpi import closures, values
from hub_app.kpi import services as kpi_services
from hub_app.kpi.forms import CloseYearForm, KpiValueForm
from hub_app.reports import content, services
from hub_app.reports.forms import ReportSectionsForm, ReportStatusForm


@bp.get("/programmes")
def programmes():
    require(can_read_reports(callers.user()))
    return jsonify(
        {
            "items": [
                {
                    "code": p.code,
                    "name": p.name,
                    "hub": p.hub,
                    "first_fiscal_year": p.first_fiscal_year,
                    "last_fiscal_year": p.last_fiscal_year,
                }
                for p in content.programmes()
            ]
        }
    )


@bp.put("/kpis/<code>/values/<int:year>")
def put_value(code: str, year: int):
    kpi = kpi_services.get_kpi(code)
    form = json_form(KpiValueForm)
    value = values.set_value(callers.user(), kpi, year, form)
    db.session.commit()
    return jsonify(
        {
            "code": kpi.code,
            "year": value.year,
            "period": kpi.period,
            "actual": value.actual,
            "source": value.source,
        }
    )


def _report_json(programme_code: str, year: int):
    services.check_year(year)
    report = content.build_one(programme_code, year)
    return jsonify(report.to_dict())


@bp.get("/programmes/<code>/reports/<int:fiscal_year>")
def get_report(code: str, fiscal_year: int):
    require(can_read_reports(callers.user()))
    programme = services.get_programme(code)
    return _report_json(programme.code, fiscal_year)


@bp.put("/programmes/<code>/reports/<int:fiscal_year>")
def put_report(code: str, fiscal_year: int):
    programme = services.get_programme(code)
    body = json_body()
    sections = body.get("sections")
    unknown = [key for key in body if key != "sections"]
    if not isinstance(sections, dict) or unknown:
        errors = {key: ["この項目はありません。"] for key in unknown}
        if not isinstance(sections, dict):
            errors["sections"] = ["sections は各節の本文を持つオブジェクトにしてください。"]
        raise ValidationFailed("入力内容に誤りがあります。", errors)
    stored = services.report_of(programme.code, fiscal_year)
    base = stored.sections if stored is not None else None
    form = form_from_mapping(ReportSectionsForm, sections, base=base, strict=True)
    services.save_sections(callers.user(), programme, fiscal_year, form)
    db.session.commit()
    return _report_json(programme.code, fiscal_year)


@bp.post("/programmes/<code>/reports/<int:fiscal_year>/status")
def post_report_status(code: str, fiscal_year: int):
    programme = services.get_programme(code)
    form = json_form(ReportStatusForm)
    services.change_status(callers.user(), programme, fiscal_year, form)
    db.session.commit()
    return _report_json(programme.code, fiscal_year)


@bp.get("/programmes/<code>/reports/<int:fiscal_year>.docx")
def get_report_docx(code: str, fiscal_year: int):
    require(can_read_reports(callers.user()))
    programme = services.get_programme(code)
    services.check_year(fiscal_year)
    data, sha256 = services.programme_docx(programme, fiscal_year)
    return docx_response(f"report-{fiscal_year}-{programme.code}", data, sha256)


@bp.get("/reports/<int:fiscal_year>.docx")
def get_year_docx(fiscal_year: int):
    require(can_read_reports(callers.user()))
    services.check_year(fiscal_year)
    return docx_response(f"report-{fiscal_year}", services.year_docx(fiscal_year))


def _closure_json(closure) -> dict:
    return {
        "programme": closure.programme,
        "fiscal_year": closure.fiscal_year,
        "closed_at": rfc3339(closure.closed_at),
        "reopened_at": rfc3339(closure.reopened_at),
        "snapshot": closure.snapshot,
    }


@bp.post("/programmes/<code>/years/<int:fiscal_year>/close")
def close_programme_year(code: str, fiscal_year: int):
    programme = services.get_programme(code)
    form = form_from_mapping(
        CloseYearForm, {"programme": programme.code, "fiscal_year": fiscal_year}
    )
    closure = closures.close_year(callers.user(), form)
    db.session.commit()
    return jsonify(_closure_json(closure)), 201


@bp.post("/programmes/<code>/years/<int:fiscal_year>/reopen")
def reopen_programme_year(code: str, fiscal_year: int):
    programme = services.get_programme(code)
    require(is_admin(callers.user()), "年度締めを解除できるのは管理者だけです。")
    closure = closures.active_closure(programme.code, fiscal_year)
    if closure is None:
        raise Conflict("この年度は締められていません。")
    closures.reopen_year(callers.user(), closure)
    db.session.commit()
    return jsonify(_closure_json(closure))

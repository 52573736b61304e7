"""Pages of the yearly grant report: the year's programmes, each programme's page, its
editing, entered figures, status and year close, and the outputs (DOCX, XLSX, print)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from hub_app.auth import reauth
from hub_app.core import clock, navigation
from hub_app.core.enums import PROGRAMMES, REPORT_STATUSES
from hub_app.core.errors import ServiceError
from hub_app.core.export import docx_response, xlsx_response
from hub_app.core.fiscal import fiscal_year, fiscal_year_label, parse_fiscal_year
from hub_app.core.permissions import can_manage_plans, can_read_hub, can_read_reports, is_admin
from hub_app.core.views import flash_refusal, run_form, status_of
from hub_app.extensions import db
from hub_app.kpi import closures, values
from hub_app.kpi import services as kpi_services
from hub_app.kpi.forms import CloseYearForm, KpiValueForm
from hub_app.kpi.models import Kpi, KpiValue
from hub_app.reports import audit_labels, content, layout, services, workbook
from hub_app.reports.forms import HINTS, ReportSectionsForm, ReportStatusForm
from hub_app.welltech.attachments import storage

bp = Blueprint("reports", __name__, url_prefix="/reports")
navigation.add("KPI・報告", "実績報告書(6事業)", "reports.index", can_read_reports)
audit_labels.register()


# the shared wording and table shape, for the report's templates and the macros they import
bp.add_app_template_global(layout, "report_layout")  # type: ignore[arg-type]


@bp.before_request
@login_required
def require_reports_access():
    if not can_read_reports(current_user):
        abort(403)


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def _programme(code: str):
    try:
        return services.get_programme(code)
    except ServiceError:
        abort(404)


@bp.get("")
def index():
    raw = request.args.get("fiscal_year", "")
    year = parse_fiscal_year(raw) or content.default_year(clock.today())
    reports = content.build(year, every_figure=False)
    found = closures.closures_of(year, list(PROGRAMMES))
    return render_template(
        "reports/index.html",
        year=year,
        year_label=fiscal_year_label(year),
        years=sorted({*content.report_years(), year}, reverse=True),
        reports=reports,
        closures={code: c for code, c in found.items() if c.reopened_at is None},
    )


def _drill(report: content.ProgrammeReport):
    """Links from a counted actual of the table to its records, for who may read them.

    Not for an approved report: its figures are as approved, the records as they are now.
    """
    if report.approved_at or not report.hub or not can_read_hub(current_user, report.hub):
        return None

    def link(row: layout.TableRow, index: int) -> str | None:
        year = layout.actual_year(report, row, index)
        if not row.counted or year is None:
            return None
        return url_for("kpi.drill", code=row.code, fiscal_year=year)

    return link


def _page(programme, year: int, form: ReportSectionsForm | None = None, status: int = 200):
    report = content.build_one(programme.code, year)
    live = content.build_one(programme.code, year, live=True) if report.approved_at else report
    stored = services.report_of(programme.code, year)
    closure = closures.active_closure(programme.code, year)
    return render_template(
        "reports/show.html",
        programme=programme,
        year=year,
        report=report,
        drill=_drill(report),
        live=live,
        stored=stored,
        closure=closure,
        approvals=list(reversed(stored.approvals)) if stored is not None else [],
        can_edit=services.can_edit(current_user, programme),
        can_manage=can_manage_plans(current_user),
        is_admin=is_admin(current_user),
        statuses=REPORT_STATUSES,
        form=form,
        hints=HINTS,
        ended=year < fiscal_year(clock.today()),
    ), status


@bp.get("/<int:fiscal_year>/<programme_code>")
def show(fiscal_year: int, programme_code: str):
    return _page(_programme(programme_code), _year(fiscal_year))


@bp.route("/<int:fiscal_year>/<programme_code>/edit", methods=["GET", "POST"])
def edit(fiscal_year: int, programme_code: str):
    programme, year = _programme(programme_code), _year(fiscal_year)
    if not services.can_edit(current_user, programme):
        abort(403, services.EDITORS_ONLY)
    stored = services.report_of(programme.code, year)
    form = ReportSectionsForm(obj=stored)
    if form.is_submitted():
        saved = run_form(form, lambda: services.save_sections(current_user, programme, year, form))
        if saved is not None:
            flash("報告を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".show", fiscal_year=year, programme_code=programme.code))
    return _page(programme, year, form, status_of(form))


@bp.post("/<int:fiscal_year>/<programme_code>/status")
def change_status(fiscal_year: int, programme_code: str):
    programme, year = _programme(programme_code), _year(fiscal_year)
    form = ReportStatusForm()
    report = run_form(form, lambda: services.change_status(current_user, programme, year, form))
    if report is None:
        flash_refusal(form)
    else:
        flash(f"報告を「{REPORT_STATUSES[report.status]}」にしました。", "success")
    return redirect(url_for("reports.show", fiscal_year=year, programme_code=programme.code))


@bp.post("/<int:fiscal_year>/<programme_code>/close")
def close_year(fiscal_year: int, programme_code: str):
    programme, year = _programme(programme_code), _year(fiscal_year)
    formdata = request.form.copy()  # the CSRF token, with the year the URL names
    formdata.update({"programme": programme.code, "fiscal_year": str(year)})
    form = CloseYearForm(formdata=formdata)
    closure = run_form(form, lambda: closures.close_year(current_user, form))
    if closure is None:
        flash_refusal(form)
    else:
        flash(f"{PROGRAMMES[programme.code]}の{fiscal_year_label(year)}を締めました。", "success")
    return redirect(url_for("reports.show", fiscal_year=year, programme_code=programme.code))


@bp.post("/<int:fiscal_year>/<programme_code>/reopen")
@reauth.required
def reopen_year(fiscal_year: int, programme_code: str):
    programme, year = _programme(programme_code), _year(fiscal_year)
    if not is_admin(current_user):
        abort(403, "年度締めを解除できるのは管理者だけです。")
    closure = closures.active_closure(programme.code, year)
    if closure is None:
        abort(404)
    closures.reopen_year(current_user, closure)
    db.session.commit()
    flash(
        f"{PROGRAMMES[programme.code]}の{fiscal_year_label(year)}の締めを解除しました。"
        "承認済みの報告は下書きに戻りました。",
        "success",
    )
    return redirect(url_for("reports.show", fiscal_year=year, programme_code=programme.code))


def _values_page(programme, year: int, failed: tuple[str, int, KpiValueForm] | None = None):
    report = content.build_one(programme.code, year, live=True, every_figure=False)
    entered = [row for row in report.kpis if row.source == "entered"]
    forms = {
        (row.code, y): KpiValueForm(
            formdata=None, actual=row.at(y).actual, source=row.at(y).source or ""
        )
        for row in entered
        for y in report.years
    }
    if failed:
        forms[(failed[0], failed[1])] = failed[2]
    return render_template(
        "reports/values.html",
        programme=programme,
        year=year,
        report=report,
        entered=entered,
        forms=forms,
        evidence=_evidence(programme.code, report.years),
    )


def _evidence(programme: str, years: list[int]) -> dict[tuple[str, int], KpiValue]:
    rows = db.session.execute(
        db.select(Kpi.code, KpiValue)
        .join(Kpi, Kpi.id == KpiValue.kpi_id)
        .where(
            Kpi.programme == programme,
            KpiValue.year.in_(years),
            KpiValue.deleted_at.is_(None),
            KpiValue.evidence_id.is_not(None),
        )
    )
    return {(code, value.year): value for code, value in rows}


@bp.get("/<int:fiscal_year>/<programme_code>/values")
def entered_values(fiscal_year: int, programme_code: str):
    if not can_manage_plans(current_user):
        abort(403, values.MANAGERS_ONLY)
    return _values_page(_programme(programme_code), _year(fiscal_year))


@bp.post("/<int:fiscal_year>/<programme_code>/values/<kpi_code>/<int:year>")
def set_value(fiscal_year: int, programme_code: str, kpi_code: str, year: int):
    programme = _programme(programme_code)
    _year(fiscal_year)
    kpi = kpi_services.get_kpi(kpi_code)
    if kpi.programme != programme.code:
        abort(404)
    form = KpiValueForm()
    upload = request.files.get("evidence")
    evidence = (upload.filename, upload.stream) if upload and upload.filename else None
    saved = run_form(form, lambda: values.set_value(current_user, kpi, year, form, evidence))
    if saved is None:
        return _values_page(programme, fiscal_year, (kpi.code, year, form)), status_of(form)
    flash(f"{kpi.name}の{fiscal_year_label(year)}の実績を{saved.actual:,}にしました。", "success")
    return redirect(
        url_for("reports.entered_values", fiscal_year=fiscal_year, programme_code=programme.code)
    )


@bp.get("/evidence/<int:value_id>")
def evidence(value_id: int):
    value = db.session.get(KpiValue, value_id)
    attachment = values.evidence_of(value) if value is not None and not value.deleted_at else None
    if attachment is None:
        abort(404)
    return storage.download(attachment)


@bp.get("/<int:fiscal_year>/<programme_code>.docx")
def programme_docx(fiscal_year: int, programme_code: str):
    programme, year = _programme(programme_code), _year(fiscal_year)
    data, sha256 = services.programme_docx(programme, year)
    return docx_response(f"report-{year}-{programme.code}", data, sha256)


@bp.get("/<int:fiscal_year>/<programme_code>/approvals/<int:approval_id>.docx")
def approval_docx(fiscal_year: int, programme_code: str, approval_id: int):
    programme, year = _programme(programme_code), _year(fiscal_year)
    stored = services.report_of(programme.code, year)
    found = [a for a in (stored.approvals if stored else []) if a.id == approval_id]
    if not found:
        abort(404)
    approval = found[0]
    name = f"report-{year}-{programme.code}-approval-{approval_id}"
    return docx_response(name, approval.docx, approval.sha256)


@bp.get("/<int:fiscal_year>.docx")
def year_docx(fiscal_year: int):
    year = _year(fiscal_year)
    return docx_response(f"report-{year}", services.year_docx(year))


@bp.get("/<int:fiscal_year>.xlsx")
def year_xlsx(fiscal_year: int):
    year = _year(fiscal_year)
    return xlsx_response(
        f"report-{year}", workbook.report_workbook(content.build(year, every_figure=False), year)
    )


@bp.get("/<int:fiscal_year>/print")
def print_view(fiscal_year: int):
    year = _year(fiscal_year)
    code = request.args.get("programme", "")
    reports = content.build(year, [code] if code in PROGRAMMES else None, every_figure=False)
    return render_template(
        "reports/print.html", reports=reports, year=year, year_label=fiscal_year_label(year)
    )

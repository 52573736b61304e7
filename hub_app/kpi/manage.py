"""Pages where managers set plans and budgets and close fiscal years; admins reopen them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from hub_app.auth import reauth
from hub_app.core import navigation
from hub_app.core.enums import BUDGET_KINDS, PROGRAMMES
from hub_app.core.fiscal import fiscal_year_label
from hub_app.core.permissions import can_manage_plans, is_admin
from hub_app.core.views import flash_refusal, load, run_form, status_of
from hub_app.extensions import db
from hub_app.kpi import closures, services
from hub_app.kpi.forms import BudgetForm, CloseYearForm, TargetForm
from hub_app.kpi.models import Budget, FiscalYearClosure
from hub_app.kpi.report import build_report
from hub_app.kpi.views import bp, chosen_year, valid_year, year_choices

navigation.add("KPI・報告", "計画の設定", "kpi.plans", can_manage_plans)
navigation.add("KPI・報告", "予算・実績額", "kpi.budgets", can_manage_plans)


def _require_manager() -> None:
    if not can_manage_plans(current_user):
        abort(403, "計画・予算・年度締めを扱えるのは管理職と管理者だけです。")


def _plans_page(year: int, failed: tuple[str, TargetForm] | None = None):
    report = build_report([year], programmes=PROGRAMMES)
    forms = {line.code: TargetForm(formdata=None, plan=line.plan(year)) for line in report.lines}
    if failed:
        forms[failed[0]] = failed[1]
    return render_template(
        "kpi/plans.html",
        report=report,
        year=year,
        year_label=fiscal_year_label(year),
        years=year_choices(),
        forms=forms,
    )


@bp.get("/plans")
def plans():
    _require_manager()
    return _plans_page(chosen_year(request.args))


@bp.post("/plans/<code>/<int:fiscal_year>")
def set_plan(code: str, fiscal_year: int):
    _require_manager()
    valid_year(fiscal_year)
    kpi = services.get_kpi(code)
    form = TargetForm()
    saved = run_form(form, lambda: services.set_plan(current_user, kpi, fiscal_year, form))
    if saved is None:
        return _plans_page(fiscal_year, (code, form)), status_of(form)
    flash(
        f"{kpi.name}の{fiscal_year_label(fiscal_year)}計画を{saved.plan:,}にしました。", "success"
    )
    return redirect(url_for("kpi.plans", fiscal_year=fiscal_year))


@bp.get("/budgets")
def budgets():
    _require_manager()
    rows = db.session.scalars(
        select(Budget)
        .where(Budget.deleted_at.is_(None))
        .order_by(Budget.fiscal_year.desc(), Budget.programme, Budget.kind, Budget.id)
    )
    return render_template(
        "kpi/budgets.html", budgets=list(rows), programmes=PROGRAMMES, kinds=BUDGET_KINDS
    )


@bp.route("/budgets/new", methods=["GET", "POST"])
def new_budget():
    _require_manager()
    form = BudgetForm()
    if form.is_submitted():
        budget = run_form(form, lambda: services.create_budget(current_user, form))
        if budget is not None:
            flash("予算・実績額を登録しました。", "success")
            return redirect(url_for("kpi.budgets"))
    return render_template("kpi/budget_form.html", form=form, budget=None), status_of(form)


@bp.route("/budgets/<int:budget_id>/edit", methods=["GET", "POST"])
def edit_budget(budget_id: int):
    _require_manager()
    budget = load(Budget, budget_id)
    form = BudgetForm(obj=budget)
    if form.is_submitted():
        saved = run_form(form, lambda: services.update_budget(current_user, budget, form))
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for("kpi.budgets"))
    return render_template("kpi/budget_form.html", form=form, budget=budget), status_of(form)


@bp.post("/budgets/<int:budget_id>/delete")
def delete_budget(budget_id: int):
    budget = load(Budget, budget_id)
    services.delete_budget(current_user, budget)
    db.session.commit()
    flash("予算・実績額を削除しました。", "success")
    return redirect(url_for("kpi.budgets"))


@bp.post("/close")
def close_year():
    _require_manager()
    form = CloseYearForm()
    closure = run_form(form, lambda: closures.close_year(current_user, form))
    hub, year = form.programme.data, form.fiscal_year.data
    if closure is None:
        flash_refusal(form)
    else:
        flash(f"{PROGRAMMES[hub]}の{fiscal_year_label(year)}を締めました。", "success")
    return redirect(url_for("kpi.report", fiscal_year=year or "", hub=hub or ""))


@bp.post("/closures/<int:closure_id>/reopen")
@reauth.required
def reopen_year(closure_id: int):
    if not is_admin(current_user):
        abort(403, "年度締めを解除できるのは管理者だけです。")
    closure = db.session.get(FiscalYearClosure, closure_id)
    if closure is None:
        abort(404)
    closures.reopen_year(current_user, closure)
    db.session.commit()
    flash(
        f"{PROGRAMMES[closure.programme]}の{fiscal_year_label(closure.fiscal_year)}"
        "の締めを解除しました。",
        "success",
    )
    return redirect(url_for("kpi.report", fiscal_year=closure.fiscal_year, hub=closure.hub))

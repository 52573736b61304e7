"""Writes of the KPI domain: plans and budgets (managers and admins only, audited).

Each validates its form, checks the permission, then writes through core.records, which
refuses a closed year (409), writes the audit row and flushes. The caller commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from hub_app.core import records
from hub_app.core.enums import BUDGET_KINDS, PROGRAMMES
from hub_app.core.errors import Conflict, NotFound, ValidationFailed
from hub_app.core.fiscal import fiscal_year_label
from hub_app.core.forms import form_values, validate
from hub_app.core.permissions import can_manage_plans, require
from hub_app.extensions import db
from hub_app.kpi.forms import BudgetForm, TargetForm
from hub_app.kpi.models import Budget, Kpi, KpiTarget

if TYPE_CHECKING:
    from hub_app.auth.models import User

MANAGERS_ONLY = "計画と予算を設定できるのは管理職と管理者だけです。"


def get_kpi(code: str) -> Kpi:
    kpi = db.session.scalar(select(Kpi).where(Kpi.code == code))
    if kpi is None:
        raise NotFound("指定されたKPIはありません。")
    return kpi


def target_of(kpi: Kpi, fiscal_year: int) -> KpiTarget | None:
    return db.session.scalar(
        select(KpiTarget).where(
            KpiTarget.kpi_id == kpi.id,
            KpiTarget.fiscal_year == fiscal_year,
            KpiTarget.deleted_at.is_(None),
        )
    )


def set_plan(actor: User, kpi: Kpi, fiscal_year: int, form: TargetForm) -> KpiTarget:
    """Create or change the plan of `kpi` for `fiscal_year`."""
    require(can_manage_plans(actor), MANAGERS_ONLY)
    validate(form)
    if not 2000 <= fiscal_year <= 2100:
        raise ValidationFailed(
            "年度が正しくありません。",
            {"fiscal_year": ["年度は2000〜2100の西暦で指定してください。"]},
        )
    target = target_of(kpi, fiscal_year)
    if target is None:
        target = KpiTarget(kpi_id=kpi.id, fiscal_year=fiscal_year, plan=form.plan.data)
        target.kpi = kpi
        return records.create(actor, target, note=kpi.code)
    records.update(actor, target, {"plan": form.plan.data}, note=kpi.code)
    return target


def _budget_values(form: BudgetForm) -> dict[str, Any]:
    return {k: v for k, v in form_values(form).items() if k in Budget.audited_fields}


def _refuse_duplicate_budget(values: dict[str, Any], exclude_id: int | None = None) -> None:
    query = select(Budget.id).where(
        Budget.programme == values["programme"],
        Budget.fiscal_year == values["fiscal_year"],
        Budget.kind == values["kind"],
        Budget.deleted_at.is_(None),
    )
    if exclude_id is not None:
        query = query.where(Budget.id != exclude_id)
    if db.session.scalar(query) is not None:
        message = (
            f"{PROGRAMMES[values['programme']]}の{fiscal_year_label(values['fiscal_year'])}"
            f"{BUDGET_KINDS[values['kind']]}はすでに登録されています。変更してください。"
        )
        raise Conflict(message, {"kind": [message]})


def create_budget(actor: User, form: BudgetForm) -> Budget:
    require(can_manage_plans(actor), MANAGERS_ONLY)
    validate(form)
    values = _budget_values(form)
    _refuse_duplicate_budget(values)
    return records.create(actor, Budget(**values))


def update_budget(actor: User, budget: Budget, form: BudgetForm) -> dict:
    require(can_manage_plans(actor), MANAGERS_ONLY)
    validate(form)
    values = _budget_values(form)
    _refuse_duplicate_budget(values, exclude_id=budget.id)
    return records.update(actor, budget, values)


def delete_budget(actor: User, budget: Budget) -> None:
    require(can_manage_plans(actor), MANAGERS_ONLY)
    records.soft_delete(actor, budget)

"""What the importer knows per kind beyond the API collection: the KPI plans kind, the
natural keys that make a re-import update instead of duplicate, and extra columns
(a consultation's activities) written through their own service after the record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from hub_app.api.resources import Collection
from hub_app.core import records
from hub_app.core.errors import Duplicate, ValidationFailed
from hub_app.core.export import Column
from hub_app.core.fiscal import FIRST_FISCAL_YEAR, FISCAL_YEAR_RANGE, LAST_FISCAL_YEAR
from hub_app.core.forms import RecordForm, form_from_mapping, validate
from hub_app.extensions import db
from hub_app.imports.nested import parse_activities

# ---- KPI plans --------------------------------------------------------------------------

YEAR_RANGE = FISCAL_YEAR_RANGE
IN_YEAR_RANGE = NumberRange(FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, YEAR_RANGE)


class KpiPlanImportForm(RecordForm):
    """Which plan a row sets; the plan itself is checked by the KPI package's TargetForm."""

    kpi = StringField("KPI", validators=[DataRequired("KPIのコードを入力してください。")])
    fiscal_year = IntegerField(
        "年度",
        validators=[
            InputRequired(YEAR_RANGE),
            IN_YEAR_RANGE,
        ],
    )
    plan = StringField("計画")


def _kpi(code: str) -> Any:
    from hub_app.kpi.models import Kpi

    code = (code or "").strip()
    kpi = db.session.scalar(select(Kpi).where((Kpi.code == code) | (Kpi.name == code)).limit(1))
    if kpi is None:
        message = f"「{code}」というKPIはありません(例: welltech.projects)。"
        raise ValidationFailed(message, {"kpi": [message]})
    return kpi


def _target_form(form: KpiPlanImportForm) -> Any:
    from hub_app.kpi.forms import TargetForm

    plan = (form.plan.data or "").strip()
    return form_from_mapping(TargetForm, {"plan": plan} if plan else {})


def create_plan(actor: Any, form: KpiPlanImportForm) -> Any:
    """A new plan through kpi.services.set_plan; an existing one is updated instead."""
    from hub_app.kpi import services

    validate(form)
    kpi = _kpi(form.kpi.data)
    existing = services.target_of(kpi, form.fiscal_year.data)
    if existing is not None:
        raise Duplicate("この年度の計画はすでにあります。", {}, existing)
    return services.set_plan(actor, kpi, form.fiscal_year.data, _target_form(form))


def update_plan(actor: Any, target: Any, form: KpiPlanImportForm) -> dict[str, list[Any]]:
    from hub_app.kpi import services

    validate(form)
    kpi = _kpi(form.kpi.data)
    before = target.plan
    services.set_plan(actor, kpi, form.fiscal_year.data, _target_form(form))
    return {} if target.plan == before else {"plan": [before, target.plan]}


def _plan_query(_args: Any, _actor: Any) -> Any:
    from hub_app.kpi.models import KpiTarget

    return select(KpiTarget).where(KpiTarget.deleted_at.is_(None))


def kpi_plans() -> Collection:
    from hub_app.kpi.models import KpiTarget

    return Collection(
        name="kpi_targets",
        model=KpiTarget,
        form=KpiPlanImportForm,
        serialize=lambda t, _actor: {"kpi": t.kpi.code, "fiscal_year": t.fiscal_year},
        list_query=_plan_query,
        can_read=lambda _actor, _record: True,
        create=create_plan,
        update=update_plan,
        base_values=lambda t: {"kpi": t.kpi.code, "fiscal_year": t.fiscal_year, "plan": t.plan},
        order_by=[KpiTarget.fiscal_year, KpiTarget.kpi_id],
        columns=[
            Column("kpi", "KPI", lambda t: t.kpi.code),
            Column("name", "項目", lambda t: t.kpi.name),
            Column("fiscal_year", "年度", lambda t: t.fiscal_year),
            Column("plan", "計画", lambda t: t.plan),
        ],
    )


# ---- entered KPI figures ---------------------------------------------------------------


class KpiValueImportForm(RecordForm):
    """Which entered figure a row sets; the figure is checked by kpi.forms.KpiValueForm."""

    kpi = StringField("KPI", validators=[DataRequired("KPIのコードを入力してください。")])
    year = IntegerField(
        "年",
        validators=[
            InputRequired(YEAR_RANGE),
            IN_YEAR_RANGE,
        ],
    )
    actual = StringField("実績")
    source = StringField("出典")


def _value_form(form: KpiValueImportForm) -> Any:
    from hub_app.kpi.forms import KpiValueForm

    values = {"actual": (form.actual.data or "").strip(), "source": form.source.data or ""}
    return form_from_mapping(KpiValueForm, {k: v for k, v in values.items() if v})


def create_value(actor: Any, form: KpiValueImportForm) -> Any:
    """A new entered figure through kpi.values.set_value; an existing one is updated."""
    from hub_app.kpi import values

    validate(form)
    kpi = _kpi(form.kpi.data)
    existing = values.value_of(kpi, form.year.data)
    if existing is not None:
        raise Duplicate("この年の実績はすでにあります。", {}, existing)
    return values.set_value(actor, kpi, form.year.data, _value_form(form))


def update_value(actor: Any, value: Any, form: KpiValueImportForm) -> dict[str, list[Any]]:
    from hub_app.kpi import values

    validate(form)
    before = value.snapshot()
    values.set_value(actor, _kpi(form.kpi.data), form.year.data, _value_form(form))
    return {k: [before[k], v] for k, v in value.snapshot().items() if before[k] != v}


def _value_query(_args: Any, _actor: Any) -> Any:
    from hub_app.kpi.models import KpiValue

    return select(KpiValue).where(KpiValue.deleted_at.is_(None))


def kpi_values() -> Collection:
    from hub_app.kpi.models import KpiValue

    return Collection(
        name="kpi_values",
        model=KpiValue,
        form=KpiValueImportForm,
        serialize=lambda v, _actor: {"kpi": v.kpi.code, "year": v.year},
        list_query=_value_query,
        can_read=lambda _actor, _record: True,
        create=create_value,
        update=update_value,
        base_values=lambda v: {
            "kpi": v.kpi.code,
            "year": v.year,
            "actual": v.actual,
            "source": v.source,
        },
        order_by=[KpiValue.year, KpiValue.kpi_id],
        columns=[
            Column("kpi", "KPI", lambda v: v.kpi.code),
            Column("name", "項目", lambda v: v.kpi.name),
            Column("year", "年", lambda v: v.year),
            Column("actual", "実績", lambda v: v.actual),
            Column("source", "出典", lambda v: v.source),
        ],
    )


#: kinds the importer takes that are not API collections
IMPORT_ONLY: dict[str, Callable[[], Collection]] = {
    "kpi_targets": kpi_plans,
    "kpi_values": kpi_values,
}


# ---- natural keys -----------------------------------------------------------------------


def _budget(values: dict[str, Any]) -> Any:
    from hub_app.core.forms import unalias
    from hub_app.kpi.forms import BudgetForm
    from hub_app.kpi.models import Budget

    values = unalias(BudgetForm, values)
    year = str(values.get("fiscal_year", "")).strip()
    if (
        not (year.isascii() and year.isdigit())
        or not values.get("programme")
        or not values.get("kind")
    ):
        return None
    return db.session.scalar(
        select(Budget).where(
            Budget.programme == values["programme"],
            Budget.fiscal_year == int(year),
            Budget.kind == values["kind"],
            Budget.deleted_at.is_(None),
        )
    )


def _attendance(values: dict[str, Any]) -> Any:
    from hub_app.events.models import Attendance

    event_id = values.get("event_id")
    if not isinstance(event_id, int):
        return None
    query = select(Attendance).where(
        Attendance.event_id == event_id, Attendance.deleted_at.is_(None)
    )
    for name in ("talent_id", "organization_id"):
        value = values.get(name) or None
        if value is not None and not isinstance(value, int):
            return None
        column = getattr(Attendance, name)
        query = query.where(column == value if value is not None else column.is_(None))
    return db.session.scalar(query.limit(1))


#: kinds without `ref` whose records are the same when these values are, so a re-import
#: updates them (budgets: programme, year and kind) or, when the key is the whole record
#: (attendances: event and attendee), leaves them unchanged
NATURAL_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "budgets": _budget,
    "attendances": _attendance,
}
WHOLE_RECORD_KEYS = frozenset({"attendances"})

#: kinds whose rows may be flushed in batches: no rule compares a row with earlier rows of
#: the same file (organisations, talents, matchings, attendances, budgets and plans have one)
BATCHED_KINDS = frozenset(
    {"consultations", "invitations", "projects", "evaluations", "events", "partnerships"}
)


# ---- extra columns ----------------------------------------------------------------------


@dataclass(frozen=True)
class Extra:
    """A column written after its record by another service (a list in one cell)."""

    code: str
    label: str
    parse: Callable[[str], Any]
    #: writes the cell's items for the record; returns how many it added
    apply: Callable[[Any, Any, Any], int]


def add_activities(actor: Any, consultation: Any, items: list[dict[str, Any]]) -> int:
    """Each activity through the consultations service; one already on the timeline (same
    day, same notes) is skipped, so a re-import adds nothing twice."""
    from hub_app.consultations import services
    from hub_app.consultations.forms import ActivityForm

    if not items:
        return 0
    consultation = records.attached(consultation)
    known = {
        (a.occurred_on.isoformat(), a.notes) for a in consultation.activities if not a.deleted_at
    }
    added = 0
    for number, item in enumerate(items, start=1):
        key = (str(item.get("occurred_on", "")), str(item.get("notes", "")).strip())
        if key in known:
            continue
        try:
            form = form_from_mapping(ActivityForm, item)
            services.add_activity(actor, consultation, form)
        except ValidationFailed as error:
            messages = [
                f"{number}件目: {message}" for found in error.errors.values() for message in found
            ]
            raise ValidationFailed(error.message, {"activities": messages}) from error
        known.add(key)
        added += 1
    return added


EXTRAS: dict[str, list[Extra]] = {
    "consultations": [Extra("activities", "対応履歴", parse_activities, add_activities)],
}

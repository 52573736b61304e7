"""Forms of plans, budgets and year closing: the one validation for pages and the API."""

from __future__ import annotations

from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from hub_app.core.enums import BUDGET_KINDS, HUBS, choices
from hub_app.core.forms import RecordForm

NOT_NEGATIVE = "0以上の整数を入力してください。"
YEAR_RANGE = "年度は西暦の4桁で入力してください(例: 2022)。"


def _year_field(label: str = "年度") -> IntegerField:
    return IntegerField(
        label,
        validators=[InputRequired(YEAR_RANGE), NumberRange(2000, 2100, YEAR_RANGE)],
        render_kw={"inputmode": "numeric"},
    )


class TargetForm(RecordForm):
    plan = IntegerField(
        "計画",
        validators=[InputRequired(NOT_NEGATIVE), NumberRange(min=0, message=NOT_NEGATIVE)],
        render_kw={"inputmode": "numeric", "min": 0},
    )


class BudgetForm(RecordForm):
    hub = SelectField("拠点", choices=choices(HUBS, "選択してください"))
    fiscal_year = _year_field()
    kind = SelectField("区分", choices=choices(BUDGET_KINDS, "選択してください"))
    total_cost = IntegerField(
        "事業費(千円)",
        validators=[InputRequired(NOT_NEGATIVE), NumberRange(min=0, message=NOT_NEGATIVE)],
        render_kw={"inputmode": "numeric", "min": 0},
    )
    grant = IntegerField(
        "交付金(千円)",
        validators=[InputRequired(NOT_NEGATIVE), NumberRange(min=0, message=NOT_NEGATIVE)],
        render_kw={"inputmode": "numeric", "min": 0},
    )

    def validate_hub(self, field) -> None:
        if field.data not in HUBS:
            raise ValidationError("拠点を選んでください。")

    def validate_kind(self, field) -> None:
        if field.data not in BUDGET_KINDS:
            raise ValidationError("区分(予算・実績)を選んでください。")

    def validate_grant(self, field) -> None:
        cost = self.total_cost.data
        if field.data is not None and cost is not None and field.data > cost:
            raise ValidationError("交付金は事業費以下にしてください。")


class CloseYearForm(RecordForm):
    hub = SelectField("拠点", choices=choices(HUBS))
    fiscal_year = _year_field()

    def validate_hub(self, field) -> None:
        if field.data not in HUBS:
            raise ValidationError("拠点を選んでください。")

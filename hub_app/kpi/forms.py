"""Forms of plans, budgets and year closing: the one validation for pages and the API."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from hub_app.core.enums import BUDGET_KINDS, PROGRAMMES, choices
from hub_app.core.fields import MAX_INT, marked_required
from hub_app.core.fiscal import FIRST_FISCAL_YEAR, FISCAL_YEAR_RANGE, LAST_FISCAL_YEAR
from hub_app.core.forms import RecordForm

NOT_NEGATIVE = f"0以上の整数({MAX_INT:,}以下)を入力してください。"
WHOLE_NUMBER = "実績は0以上の整数で入力してください(小数や負の数は入力できません)。"
#: far above any figure of the report (a cashless spend in 千円 is in the millions), and
#: inside a 64-bit integer on every database
MAX_ACTUAL = 10**12
YEAR_RANGE = FISCAL_YEAR_RANGE
IN_INT_RANGE = NumberRange(min=0, max=MAX_INT, message=NOT_NEGATIVE)
IN_YEAR_RANGE = NumberRange(FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, YEAR_RANGE)


def _year_field(label: str = "年度") -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(YEAR_RANGE),
            IN_YEAR_RANGE,
        ],
        render_kw={"inputmode": "numeric"},
    )


class TargetForm(RecordForm):
    plan = IntegerField(
        "計画",
        validators=[
            InputRequired(NOT_NEGATIVE),
            IN_INT_RANGE,
        ],
        render_kw={"inputmode": "numeric", "min": 0},
    )


class BudgetForm(RecordForm):
    #: budgets were the hubs' before programmes: clients and files may still say hub, and
    #: files exported before the rename head the column 拠点
    aliases = {"hub": "programme"}
    alias_labels = {"拠点": "programme"}

    programme = SelectField(
        "事業", choices=choices(PROGRAMMES, "選択してください"), validators=[marked_required]
    )
    fiscal_year = _year_field()
    kind = SelectField(
        "区分", choices=choices(BUDGET_KINDS, "選択してください"), validators=[marked_required]
    )
    total_cost = IntegerField(
        "事業費(千円)",
        validators=[
            InputRequired(NOT_NEGATIVE),
            IN_INT_RANGE,
        ],
        render_kw={"inputmode": "numeric", "min": 0},
    )
    grant = IntegerField(
        "交付金(千円)",
        validators=[
            InputRequired(NOT_NEGATIVE),
            IN_INT_RANGE,
        ],
        render_kw={"inputmode": "numeric", "min": 0},
    )

    def validate_programme(self, field) -> None:
        if field.data not in PROGRAMMES:
            raise ValidationError("事業を選んでください。")

    def validate_kind(self, field) -> None:
        if field.data not in BUDGET_KINDS:
            raise ValidationError("区分(予算・実績)を選んでください。")

    def validate_grant(self, field) -> None:
        cost = self.total_cost.data
        if field.data is not None and cost is not None and field.data > cost:
            raise ValidationError("交付金は事業費以下にしてください。")


class CloseYearForm(RecordForm):
    """A hub's year close is its programme's: `hub` is still accepted for it."""

    aliases = {"hub": "programme"}

    programme = SelectField("事業", choices=choices(PROGRAMMES))
    fiscal_year = _year_field()

    def validate_programme(self, field) -> None:
        if field.data not in PROGRAMMES:
            raise ValidationError("事業を選んでください。")


class ActualField(IntegerField):
    """An entered actual: an integer; a fraction («1.5») gets the same clear message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            self.data = None
            raise ValueError(WHOLE_NUMBER) from error


class KpiValueForm(RecordForm):
    """An entered KPI figure (手入力): the actual and where it comes from (出典)."""

    actual = ActualField(
        "実績",
        validators=[
            InputRequired(WHOLE_NUMBER),
            NumberRange(min=0, max=MAX_ACTUAL, message=WHOLE_NUMBER),
        ],
        render_kw={"inputmode": "numeric", "min": 0},
    )
    source = StringField(
        "出典",
        validators=[
            DataRequired("出典を入力してください(例: 観光統計、認定件数の公表資料)。"),
            Length(max=300, message="出典は300文字以内で入力してください。"),
        ],
    )

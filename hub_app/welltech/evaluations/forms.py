"""The one validation of an evaluation and of each of its measurements."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from wtforms import (
    DecimalField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from hub_app.core.enums import (
    EVALUATION_ASPECTS,
    EVALUATION_METHODS,
    EVALUATION_RESULTS,
    EVALUATION_SETTINGS,
    MEASUREMENT_DIRECTIONS,
    choices,
)
from hub_app.core.fields import PICK, IdField, IsoDateField, not_in_future, one_of, required
from hub_app.core.forms import RecordForm
from hub_app.welltech.common import add_error

#: Numeric(18, 4) holds up to 14 digits before the point
LIMIT = Decimal("1e14")
MAX_MEASUREMENTS = 50


class FigureField(DecimalField):
    """A finite number that fits the column; blank is None."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("places", None)
        super().__init__(label, validators, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        if isinstance(self.data, Decimal):
            return format(self.data.normalize(), "f")
        return ""

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            value = Decimal(str(valuelist[0]).strip().replace(",", ""))
        except InvalidOperation as error:
            self.data = None
            raise ValueError("数値で入力してください。") from error
        if not value.is_finite() or abs(value) >= LIMIT:
            self.data = None
            raise ValueError("数値で入力してください(100兆未満)。")
        self.data = value.quantize(Decimal("0.0001")) if value.as_tuple().exponent < -4 else value


class MeasurementForm(Form):
    """One figure; a row left entirely blank is ignored (the page offers spare rows)."""

    class Meta:
        locales = ("ja_JP", "ja")

    name = StringField("項目", validators=[Length(max=100)])
    value = FigureField("値")
    unit = StringField("単位", validators=[Optional(), Length(max=32)])
    threshold = FigureField("基準値")
    direction = SelectField(
        "基準の向き",
        choices=[("", "基準なし"), *choices(MEASUREMENT_DIRECTIONS)],
        validate_choice=False,  # checked in validate() with a clearer message
    )

    def is_blank(self) -> bool:
        return not any(
            (field.raw_data and str(field.raw_data[0]).strip())
            for field in (self.name, self.value, self.unit, self.threshold)
        )

    def validate(self, extra_validators=None) -> bool:
        if self.is_blank():
            return True
        valid = super().validate(extra_validators)
        if not (self.name.data or "").strip():
            add_error(self, self.name, "項目名を入力してください。")
            valid = False
        if self.value.data is None and not self.value.errors:
            add_error(self, self.value, "値を入力してください。")
            valid = False
        if self.direction.data and self.direction.data not in MEASUREMENT_DIRECTIONS:
            add_error(self, self.direction, "基準の向きは「以下」か「以上」を選んでください。")
            valid = False
        has_threshold = self.threshold.data is not None
        if has_threshold and not self.direction.data:
            add_error(self, self.direction, "基準値を入れたときは向き(以下/以上)を選んでください。")
            valid = False
        if self.direction.data and not has_threshold and not self.threshold.errors:
            add_error(self, self.threshold, "基準の向きを選んだときは基準値を入力してください。")
            valid = False
        return valid


class EvaluationForm(RecordForm):
    project_id = IdField("プロジェクト", validators=[required("プロジェクトを選んでください。")])
    evaluated_on = IsoDateField(
        "評価日", validators=[required("評価日を入力してください。"), not_in_future]
    )
    aspect = SelectField(
        "評価の観点",
        choices=choices(EVALUATION_ASPECTS, PICK),
        validate_choice=False,
        validators=[one_of(EVALUATION_ASPECTS, "評価の観点を選んでください。")],
    )
    setting = SelectField(
        "実施場所",
        choices=choices(EVALUATION_SETTINGS, PICK),
        validate_choice=False,
        validators=[one_of(EVALUATION_SETTINGS, "実施場所を選んでください。")],
    )
    method = SelectField(
        "評価方法",
        choices=choices(EVALUATION_METHODS, PICK),
        validate_choice=False,
        validators=[one_of(EVALUATION_METHODS, "評価方法を選んでください。")],
    )
    result = SelectField(
        "判定",
        choices=choices(EVALUATION_RESULTS),
        default="none",
        validate_choice=False,
        validators=[one_of(EVALUATION_RESULTS, "判定を選んでください。")],
    )
    summary = TextAreaField("結果の概要", validators=[Optional(), Length(max=10000)])
    ref = StringField("外部参照ID", validators=[Optional(), Length(max=100)])
    # one over the limit, so that too many rows are refused rather than silently cut
    measurements = FieldList(FormField(MeasurementForm), max_entries=MAX_MEASUREMENTS + 1)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if len(self.filled_measurements_raw()) > MAX_MEASUREMENTS:
            add_error(self, self.measurements, f"計測値は{MAX_MEASUREMENTS}件までです。")
            valid = False
        return valid

    def filled_measurements_raw(self) -> list:
        return [entry for entry in self.measurements if not entry.form.is_blank()]

    def filled_measurements(self) -> list[dict]:
        """The rows that hold a figure, in their order on the page."""
        return [
            {
                "name": entry.form.name.data.strip(),
                "value": entry.form.value.data,
                "unit": (entry.form.unit.data or "").strip() or None,
                "threshold": entry.form.threshold.data,
                "direction": entry.form.direction.data or None,
            }
            for entry in self.filled_measurements_raw()
        ]

"""The partnership form, shared by pages, the API and imports."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from hub_app.core.enums import PARTNERSHIP_KINDS, choices
from hub_app.core.fields import IdField, IsoDateField, marked_required, not_in_future, required
from hub_app.core.forms import RecordForm
from hub_app.knic.matchings.forms import hub_is_knic


class PartnershipForm(RecordForm):
    organization_id = IdField(
        "企業・団体", validators=[DataRequired(message="企業・団体を選んでください。")]
    )
    kind = SelectField(
        "種別",
        choices=choices(PARTNERSHIP_KINDS, "選択してください"),
        validate_choice=False,
        validators=[marked_required],
    )
    concluded_on = IsoDateField(
        "締結・開始日",
        validators=[required("締結・開始日を入力してください。"), not_in_future],
    )
    summary = TextAreaField("概要", validators=[Optional(), Length(max=5000)])
    hub = StringField("拠点", validators=[Optional(), hub_is_knic])
    ref = StringField("外部参照", validators=[Optional(), Length(max=100)])

    def validate_kind(self, field) -> None:
        if field.data not in PARTNERSHIP_KINDS:
            raise ValidationError("種別を選んでください。")

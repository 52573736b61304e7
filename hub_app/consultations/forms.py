"""The one validation of a consultation, its activities and its closing, from any source."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from hub_app.consultations.hubs import HUBS
from hub_app.core.enums import (
    CONSULTATION_CHANNELS,
    CONSULTATION_KINDS,
    CONSULTATION_STATUSES,
    CONSULTATION_TOPICS,
    choices,
)
from hub_app.core.fields import PICK, IdField, IsoDateField, not_in_future, one_of, required
from hub_app.core.forms import RecordForm
from hub_app.followups.fields import check_follow_up, next_action_field, next_action_on_field
from hub_app.welltech.common import add_error


def check_hub(_form, field) -> None:
    """Either hub; a page fills in its own, and an API client or file without one gets
    Welltech's (services.DEFAULT_HUB), as before K-NIC kept consultations."""
    if field.data and field.data not in HUBS:
        raise ValidationError("拠点は welltech(ウェルテック)か knic(K-NIC)を指定してください。")


check_hub.json_schema = {"enum": list(HUBS)}  # type: ignore[attr-defined]


class ConsultationForm(RecordForm):
    hub = StringField("拠点", validators=[Optional(), Length(max=16)])
    organization_id = IdField(
        "相談企業・団体", validators=[required("相談企業・団体を選んでください。")]
    )
    opened_on = IsoDateField(
        "受付日", validators=[required("受付日を入力してください。"), not_in_future]
    )
    kind = SelectField(
        "種別",
        choices=choices(CONSULTATION_KINDS, PICK),
        validate_choice=False,
        validators=[one_of(CONSULTATION_KINDS, "種別を選んでください。")],
    )
    channel = SelectField(
        "受付方法",
        choices=choices(CONSULTATION_CHANNELS, PICK),
        validate_choice=False,
        validators=[one_of(CONSULTATION_CHANNELS, "受付方法を選んでください。")],
    )
    topic = SelectField(
        "テーマ",
        choices=choices(CONSULTATION_TOPICS, PICK),
        validate_choice=False,
        validators=[one_of(CONSULTATION_TOPICS, "テーマを選んでください。")],
    )
    title = StringField(
        "件名", validators=[DataRequired("件名を入力してください。"), Length(max=200)]
    )
    summary = TextAreaField("相談内容", validators=[Optional(), Length(max=10000)])
    status = SelectField(
        "状況",
        choices=choices(CONSULTATION_STATUSES),
        default="open",
        validate_choice=False,
        validators=[one_of(CONSULTATION_STATUSES, "状況を選んでください。")],
    )
    closed_on = IsoDateField("完了日", validators=[Optional(), not_in_future])
    staff_id = IdField("担当職員", validators=[Optional()])
    project_id = IdField("関連プロジェクト", validators=[Optional()])
    matching_id = IdField("関連マッチング", validators=[Optional()])
    ref = StringField("外部参照ID", validators=[Optional(), Length(max=100)])
    next_action_on = next_action_on_field()
    next_action = next_action_field()

    validate_hub = check_hub

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid = check_follow_up(self) and valid
        closed_on = self.closed_on
        if self.status.data == "closed" and closed_on.data is None and not closed_on.errors:
            add_error(self, closed_on, "完了にするには完了日を入力してください。")
            valid = False
        if closed_on.data and self.opened_on.data and closed_on.data < self.opened_on.data:
            add_error(self, closed_on, "完了日は受付日以降の日付にしてください。")
            valid = False
        return valid


class ActivityForm(RecordForm):
    """One entry of the timeline; the author is whoever adds it."""

    occurred_on = IsoDateField(
        "対応日", validators=[required("対応日を入力してください。"), not_in_future]
    )
    notes = TextAreaField(
        "対応内容",
        validators=[DataRequired("対応内容を入力してください。"), Length(max=10000)],
    )


class CloseForm(RecordForm):
    closed_on = IsoDateField(
        "完了日", validators=[required("完了日を入力してください。"), not_in_future]
    )

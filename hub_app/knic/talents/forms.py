"""The talent form: one validation for pages, the API and imports."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from hub_app.core.enums import SKILLS, TALENT_STATUSES, choices
from hub_app.core.fields import IdField, IsoDateField, TagsField, in_range, not_in_future, required
from hub_app.core.forms import RecordForm


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class TalentForm(RecordForm):
    full_name = StringField(
        "氏名",
        validators=[DataRequired(message="氏名を入力してください。"), Length(max=100)],
        filters=[_strip],
    )
    full_name_kana = StringField(
        "氏名(カナ)", validators=[Optional(), Length(max=100)], filters=[_strip]
    )
    email = StringField(
        "メールアドレス",
        validators=[
            Optional(),
            Length(max=254),
            Email(message="メールアドレスの形式が正しくありません。"),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        render_kw={"type": "email", "autocomplete": "off"},
    )
    phone = StringField(
        "電話番号",
        validators=[Optional(), Length(max=32)],
        filters=[_strip],
        render_kw={"type": "tel", "autocomplete": "off"},
    )
    employer_id = IdField("勤務先", validators=[Optional()])
    job_title = StringField("役職", validators=[Optional(), Length(max=100)], filters=[_strip])
    skills = TagsField("スキル", choices=choices(SKILLS))
    desired_roles = TextAreaField("希望する役割", validators=[Optional(), Length(max=2000)])
    hours_per_month = IntegerField(
        "対応可能時間(月)",
        validators=[
            Optional(),
            in_range(0, 744, "0〜744の整数で入力してください。"),
        ],
    )
    side_job_permitted = BooleanField("勤務先が副業・兼業を認めている")
    consent_on = IsoDateField(
        "登録への同意日",
        validators=[
            required("本人の同意日を入力してください(同意のない登録はできません)。"),
            not_in_future,
        ],
    )
    registered_on = IsoDateField("登録日", validators=[Optional(), not_in_future])
    status = SelectField(
        "状況", choices=choices(TALENT_STATUSES), default="active", validate_choice=False
    )
    notes = TextAreaField("備考", validators=[Optional(), Length(max=5000)])
    ref = StringField("外部参照", validators=[Optional(), Length(max=100)], filters=[_strip])

    def validate_status(self, field) -> None:
        if field.data not in TALENT_STATUSES:
            raise ValidationError("状況を選んでください。")

    def validate_registered_on(self, field) -> None:
        """No one is registered before they agreed to it (APPI): registration follows consent."""
        consent = self.consent_on.data
        if field.data and consent and field.data < consent:
            raise ValidationError(
                f"登録日は同意日({consent.isoformat()})以降にしてください。"
                "同意の前に登録することはできません。"
            )

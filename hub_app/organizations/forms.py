"""The organisation form: the one validation of an organisation from any source."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from hub_app.core.enums import ORGANIZATION_KINDS, SKILLS, choices
from hub_app.core.fields import TagsField, marked_required
from hub_app.core.forms import RecordForm
from hub_app.organizations.names import corporate_number_valid, normalize_corporate_number


class OrganizationForm(RecordForm):
    name = StringField("名称", validators=[DataRequired(), Length(max=200)])
    name_kana = StringField("名称(カナ)", validators=[Optional(), Length(max=200)])
    kind = SelectField(
        "種別",
        choices=choices(ORGANIZATION_KINDS, "選択してください"),
        validators=[marked_required],
    )
    in_city = BooleanField("市内")
    corporate_number = StringField(
        "法人番号",
        validators=[Optional()],
        filters=[lambda v: normalize_corporate_number(v) or None if v else None],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    address = StringField("所在地", validators=[Optional(), Length(max=300)])
    website = StringField(
        "ウェブサイト",
        validators=[Optional(), Length(max=300), URL(message="URLの形式が正しくありません。")],
    )
    notes = TextAreaField("備考", validators=[Optional(), Length(max=5000)])
    skills_wanted = TagsField("求めるスキル(スタートアップ)", choices=choices(SKILLS))
    roles_wanted = TextAreaField(
        "求める役割(スタートアップ)", validators=[Optional(), Length(max=2000)]
    )

    def validate_kind(self, field) -> None:
        if field.data not in ORGANIZATION_KINDS:
            raise ValidationError("種別を選んでください。")

    def validate_corporate_number(self, field) -> None:
        if field.data and not corporate_number_valid(field.data):
            raise ValidationError(
                "法人番号は13桁で、先頭のチェックデジットが正しい番号を入力してください。"
            )

    #: 13 digits, full-width ones and separators as people type them; the check digit is
    #: beyond JSON Schema and is refused with 422
    validate_corporate_number.json_schema = {  # type: ignore[attr-defined]
        "pattern": r"^[\s\-‐－ー]*(?:[0-9０-９][\s\-‐－ー]*){13}$",
        "description": "13桁(全角数字・ハイフン可)。先頭のチェックデジットが正しくない番号は422",
    }

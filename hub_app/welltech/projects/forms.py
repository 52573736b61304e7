"""The one validation of a project, with its stage rules."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from hub_app.core.enums import PRODUCT_CATEGORIES, PROJECT_KINDS, PROJECT_STAGES, choices
from hub_app.core.fields import (
    PICK,
    IdField,
    IdListField,
    IsoDateField,
    not_in_future,
    one_of,
    required,
)
from hub_app.core.forms import RecordForm
from hub_app.followups.fields import check_follow_up, next_action_field, next_action_on_field
from hub_app.welltech.common import add_error, check_hub, hub_field


class ProjectForm(RecordForm):
    hub = hub_field()
    title = StringField(
        "プロジェクト名",
        validators=[DataRequired("プロジェクト名を入力してください。"), Length(max=200)],
    )
    kind = SelectField(
        "区分",
        choices=choices(PROJECT_KINDS, PICK),
        validate_choice=False,
        validators=[one_of(PROJECT_KINDS, "区分(改良/新規開発)を選んでください。")],
    )
    lead_organization_id = IdField("主体企業", validators=[required("主体企業を選んでください。")])
    partner_ids = IdListField("連携先")
    product_category = SelectField(
        "製品分類",
        choices=choices(PRODUCT_CATEGORIES, PICK),
        validate_choice=False,
        validators=[one_of(PRODUCT_CATEGORIES, "製品分類を選んでください。")],
    )
    stage = SelectField(
        "段階",
        choices=choices(PROJECT_STAGES),
        default="planning",
        validate_choice=False,
        validators=[one_of(PROJECT_STAGES, "段階を選んでください。")],
    )
    started_on = IsoDateField("開始日", validators=[required("開始日を入力してください。")])
    launched_on = IsoDateField("市場化日", validators=[Optional(), not_in_future])
    ended_on = IsoDateField("終了日", validators=[Optional()])
    summary = TextAreaField("概要", validators=[Optional(), Length(max=10000)])
    ref = StringField("外部参照ID", validators=[Optional(), Length(max=100)])
    next_action_on = next_action_on_field()
    next_action = next_action_field()

    validate_hub = check_hub

    def validate(self, extra_validators=None) -> bool:
        """Stage rules: launched needs its date; nothing ends or launches before it starts."""
        valid = super().validate(extra_validators)
        valid = check_follow_up(self) and valid
        started, launched, ended = self.started_on.data, self.launched_on.data, self.ended_on.data
        if self.stage.data == "launched" and launched is None and not self.launched_on.errors:
            add_error(self, self.launched_on, "市場化の段階では市場化日を入力してください。")
            valid = False
        if started and launched and launched < started:
            add_error(self, self.launched_on, "市場化日は開始日以降の日付にしてください。")
            valid = False
        if started and ended and ended < started:
            add_error(self, self.ended_on, "終了日は開始日以降の日付にしてください。")
            valid = False
        lead = self.lead_organization_id.data
        if lead is not None and lead in (self.partner_ids.data or []):
            add_error(self, self.partner_ids, "主体企業は連携先に含めないでください。")
            valid = False
        return valid

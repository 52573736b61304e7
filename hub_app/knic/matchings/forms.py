"""The matching form and the stage rules every source shares (pages, API, import)."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from hub_app.core.enums import COMPENSATIONS, MATCHING_STAGES, choices
from hub_app.core.fields import IdField, IsoDateField, in_range, not_in_future
from hub_app.core.forms import RecordForm
from hub_app.followups.fields import check_follow_up, next_action_field, next_action_on_field

#: the date each stage stamps when a matching moves into it
STAGE_DATES = {
    "proposed": "proposed_on",
    "introduced": "introduced_on",
    "agreed": "agreed_on",
    "ended": "ended_on",
}
#: the order of the pipeline, for "move forward" and the board
PIPELINE = ("proposed", "introduced", "interviewing", "agreed", "declined", "ended")
NEXT_STAGES = {
    "proposed": ("introduced", "declined"),
    "introduced": ("interviewing", "agreed", "declined"),
    "interviewing": ("agreed", "declined"),
    "agreed": ("ended",),
    "declined": (),
    "ended": (),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def hub_is_knic(form, field) -> None:
    if field.data and field.data != "knic":
        raise ValidationError("マッチングはK-NICの記録です(hubは knic のみ)。")


hub_is_knic.json_schema = {"enum": ["knic"]}  # type: ignore[attr-defined]


class MatchingForm(RecordForm):
    talent_id = IdField("人材", validators=[DataRequired(message="人材を選んでください。")])
    organization_id = IdField(
        "企業・団体(スタートアップ等)",
        validators=[DataRequired(message="企業・団体を選んでください。")],
    )
    role = StringField("役割", validators=[Optional(), Length(max=200)], filters=[_strip])
    stage = SelectField(
        "段階", choices=choices(MATCHING_STAGES), default="proposed", validate_choice=False
    )
    proposed_on = IsoDateField("候補登録日", validators=[Optional(), not_in_future])
    introduced_on = IsoDateField("紹介日", validators=[Optional(), not_in_future])
    agreed_on = IsoDateField("成立日", validators=[Optional(), not_in_future])
    ended_on = IsoDateField("終了日", validators=[Optional(), not_in_future])
    hours_per_month = IntegerField(
        "時間(月)",
        validators=[
            Optional(),
            in_range(0, 744, "0〜744の整数で入力してください。"),
        ],
    )
    compensation = SelectField(
        "報酬", choices=choices(COMPENSATIONS, "未定"), validate_choice=False
    )
    coordinator_id = IdField("担当コーディネーター", validators=[Optional()])
    notes = TextAreaField("備考", validators=[Optional(), Length(max=5000)])
    hub = StringField("拠点", validators=[Optional(), hub_is_knic])
    ref = StringField("外部参照", validators=[Optional(), Length(max=100)], filters=[_strip])
    next_action_on = next_action_on_field()
    next_action = next_action_field()

    def validate_stage(self, field) -> None:
        if field.data not in MATCHING_STAGES:
            raise ValidationError("段階を選んでください。")

    def validate_compensation(self, field) -> None:
        if field.data and field.data not in COMPENSATIONS:
            raise ValidationError("報酬の種類を選んでください。")

    def validate(self, extra_validators=None) -> bool:
        """Field rules first, then the stage rules that need several fields at once
        (WTForms skips a field's own validators when it is empty and Optional)."""
        valid = super().validate(extra_validators)
        valid = check_follow_up(self) and valid
        for name, message in self._stage_errors():
            field = getattr(self, name)
            if message not in field.errors:
                field.errors = [*field.errors, message]
                valid = False
        return valid

    def _stage_errors(self) -> list[tuple[str, str]]:
        stage = self.stage.data
        proposed, introduced = self.proposed_on.data, self.introduced_on.data
        agreed, ended = self.agreed_on.data, self.ended_on.data
        errors = []
        if introduced and proposed and introduced < proposed:
            errors.append(
                (
                    "introduced_on",
                    f"紹介日は候補登録日({proposed.isoformat()})以降の日付にしてください。",
                )
            )
        if stage in ("agreed", "ended") and not agreed:
            errors.append(("agreed_on", "成立・終了のマッチングには成立日を入力してください。"))
        if agreed and introduced and agreed < introduced:
            errors.append(
                ("agreed_on", f"成立日は紹介日({introduced.isoformat()})以降の日付にしてください。")
            )
        if stage == "ended" and not ended:
            errors.append(("ended_on", "終了したマッチングには終了日を入力してください。"))
        if ended and agreed and ended < agreed:
            errors.append(
                ("ended_on", f"終了日は成立日({agreed.isoformat()})以降の日付にしてください。")
            )
        return errors


class MoveForm(RecordForm):
    """Moving a matching to another stage; the stage's date defaults to today."""

    stage = SelectField("移す段階", choices=choices(MATCHING_STAGES), validate_choice=False)
    on = IsoDateField("日付", validators=[Optional(), not_in_future])

    def validate_stage(self, field) -> None:
        if field.data not in MATCHING_STAGES:
            raise ValidationError("段階を選んでください。")

"""Event and attendance forms: one validation for pages, the API and imports."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    ValidationError,
)

from hub_app.core.enums import EVENT_KINDS, HUBS, WELLTECH_EVENT_KINDS, choices
from hub_app.core.fields import (
    IdField,
    IdListField,
    IsoDateField,
    in_range,
    marked_required,
    required,
)
from hub_app.core.forms import RecordForm


def hub_of(kind: str) -> str:
    """The hub follows from the kind: study sessions are Welltech's, the others K-NIC's."""
    return "welltech" if kind in WELLTECH_EVENT_KINDS else "knic"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class EventForm(RecordForm):
    title = StringField(
        "名称",
        validators=[DataRequired(message="名称を入力してください。"), Length(max=200)],
        filters=[_strip],
    )
    kind = SelectField(
        "種別",
        choices=choices(EVENT_KINDS, "選択してください"),
        validate_choice=False,
        validators=[marked_required],
    )
    held_on = IsoDateField(
        "開催日",
        validators=[required("開催日を入力してください。")],
    )
    venue = StringField("会場", validators=[Optional(), Length(max=200)], filters=[_strip])
    summary = TextAreaField("概要", validators=[Optional(), Length(max=5000)])
    headcount = IntegerField(
        "その他の参加者数",
        validators=[
            Optional(),
            in_range(0, 100000, "0以上の整数で入力してください。"),
        ],
    )
    hub = StringField("拠点", validators=[Optional()])
    ref = StringField("外部参照", validators=[Optional(), Length(max=100)], filters=[_strip])

    def validate_kind(self, field) -> None:
        if field.data not in EVENT_KINDS:
            raise ValidationError("種別を選んでください。")

    def validate_hub(self, field) -> None:
        if not field.data or self.kind.data not in EVENT_KINDS:
            return
        expected = hub_of(self.kind.data)
        if field.data != expected:
            raise ValidationError(
                f"「{EVENT_KINDS[self.kind.data]}」は{HUBS[expected]}の催しです(hubは {expected})。"
            )


class AttendanceForm(RecordForm):
    """One attendance: an event and exactly one of a talent or an organisation."""

    event_id = IdField(
        "イベント", validators=[DataRequired(message="イベントを指定してください。")]
    )
    talent_id = IdField("人材", validators=[Optional()])
    organization_id = IdField("企業・団体", validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        """Exactly one attendee; checked here because empty Optional fields skip their own."""
        valid = super().validate(extra_validators)
        if (self.talent_id.data is None) == (self.organization_id.data is None):
            message = "人材か企業・団体のどちらか一方を指定してください。"
            self.talent_id.errors = [*self.talent_id.errors, message]
            valid = False
        return valid


class RosterForm(RecordForm):
    """Many attendees at once; works as a plain multi-select without JavaScript."""

    talent_ids = IdListField("人材")
    organization_ids = IdListField("企業・団体")

    def validate_talent_ids(self, field) -> None:
        if not field.data and not self.organization_ids.data:
            raise ValidationError("追加する参加者を一人以上選んでください。")

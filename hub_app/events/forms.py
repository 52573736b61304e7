"""Event and attendance forms: one validation for pages, the API and imports."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from hub_app.core.enums import EVENT_KINDS, HUBS, WELLTECH_EVENT_KINDS, choices
from hub_app.core.fields import IdField, IsoDateField
from hub_app.core.forms import RecordForm


def hub_of(kind: str) -> str:
    """The hub follows from the kind: study sessions are Welltech's, the others K-NIC's."""
    return "welltech" if kind in WELLTECH_EVENT_KINDS else "knic"


def marked_required(_form, _field) -> None:
    """Marks a choice 必須 on the page; the field's own validate_ method does the check."""


marked_required.field_flags = {"required": True}  # type: ignore[attr-defined]


def required(message: str):
    """A date or record id that must be given, judged on the parsed value.

    InputRequired let a blank " " through (the database then refused the row, shown as a
    duplicate); DataRequired said 「入力してください」 for a date typed in the wrong format.
    Here a wrong format keeps its own message and anything else empty gets `message`.
    Lives here because events are shared by both hubs; core/fields.py is its natural home.
    """

    def check(_form, field) -> None:
        if field.data is None or field.data == "":
            raise StopValidation("" if field.process_errors else message)

    check.field_flags = {"required": True}  # type: ignore[attr-defined]
    return check


def in_range(low: int, high: int, message: str):
    """NumberRange that stays quiet when the value was not a number at all: WTForms has
    already said 「無効な整数です」 and a second message about the range only confuses."""

    def check(_form, field) -> None:
        if field.data is not None and not (low <= field.data <= high):
            raise ValidationError(message)

    return check


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


class IdListField(SelectMultipleField):
    """Several record ids (a multi-select); their existence is checked by the service."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        try:
            self.data = list(dict.fromkeys(int(v) for v in valuelist if str(v).strip()))
        except ValueError as error:
            self.data = []
            raise ValueError("IDは整数で指定してください。") from error


class RosterForm(RecordForm):
    """Many attendees at once; works as a plain multi-select without JavaScript."""

    talent_ids = IdListField("人材")
    organization_ids = IdListField("企業・団体")

    def validate_talent_ids(self, field) -> None:
        if not field.data and not self.organization_ids.data:
            raise ValidationError("追加する参加者を一人以上選んでください。")

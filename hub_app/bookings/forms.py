"""The one validation of a booking, from a page, the API or an import."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from hub_app.core import datetimes
from hub_app.core.enums import FACILITIES, choices
from hub_app.core.fields import PICK, IdField, one_of, required, xml_text
from hub_app.core.fiscal import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from hub_app.core.forms import RecordForm
from hub_app.welltech.common import check_hub, hub_field

TIME_FORMAT = (
    "日時は 2026-12-02T10:00(日本時間)または 2026-12-02T10:00:00+09:00 の形式で入力してください。"
)
#: the longest booking: a filming set-up may stay a few weeks, a typo in the year may not
LONGEST = timedelta(days=31)
EARLIEST = datetime(FIRST_FISCAL_YEAR, 4, 1, tzinfo=datetimes.TOKYO).astimezone(UTC)
LATEST = datetime(LAST_FISCAL_YEAR + 1, 4, 1, tzinfo=datetimes.TOKYO).astimezone(UTC)
OUT_OF_RANGE = f"日時は{FIRST_FISCAL_YEAR}年度から{LAST_FISCAL_YEAR}年度の間で入力してください。"


class BookingTimeField(StringField):
    """A date-time typed in Japan time (a datetime-local input) or given with its offset
    (the API, an import); its data is an aware datetime in UTC."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = kwargs.setdefault("render_kw", {})
        render_kw.setdefault("type", "datetime-local")
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        raw = str(valuelist[0]).strip() if valuelist else ""
        if not raw:
            self.data = None
            return
        try:
            self.data = datetimes.parse(raw)
        except (ValueError, OverflowError) as error:
            self.data = None
            raise ValueError(TIME_FORMAT) from error

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return datetimes.input_value(self.data) if isinstance(self.data, datetime) else ""


def time_text(_form, _field) -> None:
    """States the accepted spellings in the API's document; parsing does the check."""


time_text.json_schema = {  # type: ignore[attr-defined]
    "pattern": datetimes.TEXT_PATTERN,
    "description": "RFC 3339(例: 2026-12-02T10:00:00+09:00)。オフセットのない値は日本時間",
}


def in_range(_form, field) -> None:
    if field.data is not None and not (EARLIEST <= field.data < LATEST):
        raise ValidationError(OUT_OF_RANGE)


class BookingForm(RecordForm):
    hub = hub_field()
    facility = SelectField(
        "施設",
        choices=choices(FACILITIES, PICK),
        validate_choice=False,
        validators=[one_of(FACILITIES, "施設を選んでください。")],
    )
    starts_at = BookingTimeField(
        "開始日時", validators=[required("開始日時を入力してください。"), time_text, in_range]
    )
    ends_at = BookingTimeField(
        "終了日時", validators=[required("終了日時を入力してください。"), time_text, in_range]
    )
    title = StringField(
        "件名",
        validators=[DataRequired("件名を入力してください。"), Length(max=200), xml_text],
    )
    organization_id = IdField("企業・団体", validators=[Optional()])
    project_id = IdField("プロジェクト", validators=[Optional()])
    evaluation_id = IdField("製品評価", validators=[Optional()])
    staff_id = IdField("担当職員", validators=[Optional()])
    notes = TextAreaField("メモ", validators=[Optional(), Length(max=5000)])

    validate_hub = check_hub

    def validate_ends_at(self, field) -> None:
        start, end = self.starts_at.data, field.data
        if start is None or end is None:
            return
        if end <= start:
            raise ValidationError("終了日時は開始日時より後にしてください。")
        if end - start > LONGEST:
            raise ValidationError(f"1件の予約は{LONGEST.days}日以内にしてください。")

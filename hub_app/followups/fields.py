"""The two follow-up fields, declared once for the three forms that carry them."""

from __future__ import annotations

from typing import Any

from wtforms import StringField
from wtforms.validators import Length, Optional, ValidationError

from hub_app.core.export import Column
from hub_app.core.fields import IsoDateField, xml_text

#: the earliest and latest day a follow-up may name: a typo of the year (0202, 20222)
#: is refused rather than stored as a call-back due two thousand years ago
FIRST_DAY = "2000-01-01"
LAST_DAY = "2099-12-31"
OUT_OF_RANGE = "次回対応予定日は2000-01-01〜2099-12-31の日付にしてください。"
NEEDS_DATE = "次回対応の内容を入れたときは次回対応予定日も入力してください。"


def _in_range(_form: Any, field: Any) -> None:
    if field.data is not None and not (FIRST_DAY <= field.data.isoformat() <= LAST_DAY):
        raise ValidationError(OUT_OF_RANGE)


_in_range.json_schema = {  # type: ignore[attr-defined]
    "description": "2000-01-01〜2099-12-31。未来の日付も可"
}


def next_action_on_field() -> IsoDateField:
    """A day that may lie ahead (unlike the dates of things that happened)."""
    return IsoDateField("次回対応予定日", validators=[Optional(), _in_range])


def next_action_field() -> StringField:
    return StringField(
        "次回対応の内容",
        validators=[Optional(), Length(max=200), xml_text],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


def check_follow_up(form: Any) -> bool:
    """What is due needs a day it is due on; a day alone is a plain call-back."""
    if (form.next_action.data or "").strip() and form.next_action_on.data is None:
        if not form.next_action_on.errors:
            form.next_action_on.errors = [*form.next_action_on.errors, NEEDS_DATE]
            form._errors = None
        return False
    return True


def follow_up_json(record: Any) -> dict[str, Any]:
    """The two fields as the API serves them (an ISO date, the text)."""
    day = record.next_action_on
    return {
        "next_action_on": day.isoformat() if day is not None else None,
        "next_action": record.next_action,
    }


#: the export's (and so the import's) columns of the two fields
COLUMNS = [
    Column("next_action_on", "次回対応予定日", lambda r: r.next_action_on),
    Column("next_action", "次回対応の内容", lambda r: r.next_action),
]

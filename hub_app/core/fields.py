"""Form fields shared by every domain: ISO dates with a picker, tags, ids."""

from __future__ import annotations

from wtforms import DateField, IntegerField, SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from hub_app.core import clock

#: ids are 32-bit integers in every table; a larger number would make PostgreSQL fail
MAX_ID = 2**31 - 1
NOT_IN_FUTURE = "未来の日付は指定できません。"


class IsoDateField(DateField):
    """YYYY-MM-DD, shown with the browser's date picker."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        render_kw = kwargs.setdefault("render_kw", {})
        render_kw.setdefault("type", "date")
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            self.data = None
            raise ValueError("日付はYYYY-MM-DDの形式で入力してください。") from error


def not_in_future(form, field) -> None:
    """For dates of things that happened (DESIGN §2)."""
    if field.data and field.data > clock.today():
        raise ValidationError(NOT_IN_FUTURE)


class TagsField(SelectMultipleField):
    """Tags from a fixed vocabulary, as a list of checkboxes; stored as a list of codes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        if self.data:
            known = {value for value, _label in self.choices}
            unknown = [value for value in self.data if value not in known]
            if unknown:
                raise ValidationError(f"選べない値です: {', '.join(unknown)}")


class IdField(IntegerField):
    """A record id; its existence is checked by the service (an unknown id is a 422)."""

    def process_formdata(self, valuelist):
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            self.data = None
            raise ValueError("IDは整数で指定してください。") from error
        if self.data is not None and not 0 < self.data <= MAX_ID:
            self.data = None
            raise ValueError("指定されたIDの記録はありません。")

"""Form fields shared by every domain: ISO dates with a picker, tags, ids."""

from __future__ import annotations

import re
from datetime import date, datetime

from wtforms import DateField, IntegerField, SelectMultipleField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from hub_app.core import clock

#: ids are 32-bit integers in every table; a larger number would make PostgreSQL fail
MAX_ID = 2**31 - 1
#: the largest value of a 32-bit integer column (plans, budgets): beyond it the database
#: refuses the row, which surfaced as a 500
MAX_INT = 2**31 - 1

# A validator may carry `json_schema`: the keywords by which the API's OpenAPI document
# states its rule (openapi/collections.py reads them), so the document and the check are
# written once, next to each other.
NOT_IN_FUTURE = "未来の日付は指定できません。"
ISO_FORMAT = "%Y-%m-%d"
#: what strptime reads with ISO_FORMAT, in its common spelling
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class IsoDateField(DateField):
    """YYYY-MM-DD, shown with the browser's date picker."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ISO_FORMAT)
        render_kw = kwargs.setdefault("render_kw", {})
        render_kw.setdefault("type", "date")
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        try:
            if len(valuelist) == 1 and self.format == [ISO_FORMAT]:
                # strptime's own cost was a tenth of an import's form work
                self.data = _iso_date(valuelist[0])
                return
            super().process_formdata(valuelist)
        except ValueError as error:
            self.data = None
            raise ValueError("日付はYYYY-MM-DDの形式で入力してください。") from error


def _iso_date(text: str) -> date:
    """What strptime reads with ISO_FORMAT (2022-4-1 too); ValueError otherwise."""
    if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():
        return date.fromisoformat(text)  # C, and as strict: YYYY-MM-DD and a real day
    plain = _ISO_DATE.fullmatch(text)
    if plain is None:
        return datetime.strptime(text, ISO_FORMAT).date()  # its own message, re-raised above
    return date(*map(int, plain.groups()))


def not_in_future(form, field) -> None:
    """For dates of things that happened (DESIGN §2)."""
    if field.data and field.data > clock.today():
        raise ValidationError(NOT_IN_FUTURE)


not_in_future.json_schema = {  # type: ignore[attr-defined]
    "description": "未来の日付は不可(422)"
}


#: characters XML 1.0 cannot hold (C0 controls but tab and line breaks, U+FFFE, U+FFFF):
#: text that reaches a Word document must not contain them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(_form, field) -> None:
    """Refuses what a Word document cannot hold (python-docx raised, a 500)."""
    if isinstance(field.data, str) and _NOT_XML.search(field.data):
        raise ValidationError("使用できない制御文字が含まれています。")


xml_text.json_schema = {  # type: ignore[attr-defined]
    "pattern": "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]*$"
}


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


def marked_required(_form, _field) -> None:
    """Marks a choice 必須 on the page; the field's own validate_ method does the check."""


marked_required.field_flags = {"required": True}  # type: ignore[attr-defined]


def required(message: str):
    """A date or record id that must be given, judged on the parsed value.

    InputRequired let a blank " " through (the database then refused the row, shown as a
    duplicate); DataRequired said 「入力してください」 for a date typed in the wrong format.
    Here a wrong format keeps its own message and anything else empty gets `message`.
    """

    def check(_form, field) -> None:
        if field.data is None or field.data == "":
            raise StopValidation("" if field.process_errors else message)

    check.field_flags = {"required": True}  # type: ignore[attr-defined]
    return check


#: the blank first option of a choice that must be made
PICK = "選択してください"


def one_of(mapping: dict[str, str], message: str):
    """A choice that must be made; flagged required so the page marks it 必須 up front."""

    def check(_form, field) -> None:
        if field.data not in mapping:
            raise ValidationError(message)

    check.field_flags = {"required": True}  # type: ignore[attr-defined]
    check.json_schema = {"enum": list(mapping)}  # type: ignore[attr-defined]
    return check


def in_range(low: int, high: int, message: str):
    """NumberRange that stays quiet when the value was not a number at all: WTForms has
    already said 「無効な整数です」 and a second message about the range only confuses."""

    def check(_form, field) -> None:
        if field.data is not None and not (low <= field.data <= high):
            raise ValidationError(message)

    check.json_schema = {"minimum": low, "maximum": high}  # type: ignore[attr-defined]
    return check


class IdListField(SelectMultipleField):
    """Several record ids (partners, a roster); their existence is checked by the service."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("choices", [])
        super().__init__(label, validators, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        texts = [str(raw).strip() for raw in valuelist if str(raw).strip()]
        if not all(text.isascii() and text.isdigit() for text in texts):
            self.data = []
            raise ValueError("IDは整数で指定してください。")
        self.data = list(dict.fromkeys(int(text) for text in texts))
        if any(not 0 < number <= MAX_ID for number in self.data):
            self.data = []
            raise ValueError("指定されたIDの記録はありません。")

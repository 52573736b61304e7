"""RecordForm, the base of every form: defaults, inline validators and NUL stripping,
also when an import refills one form row after row."""

from __future__ import annotations

from datetime import date

import pytest
from wtforms import FieldList, SelectField, StringField
from wtforms.validators import ValidationError

from hub_app.core.errors import ValidationFailed
from hub_app.core.fields import IsoDateField
from hub_app.core.forms import RecordForm, form_from_mapping, validate


class SampleForm(RecordForm):
    status = SelectField(choices=[("open", "対応中"), ("closed", "完了")], default="open")
    tags = FieldList(StringField(), default=list)
    title = StringField()

    def validate_title(self, field) -> None:
        if field.data == "禁止":
            raise ValidationError("この件名は使えません。")


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def test_absent_fields_take_their_defaults_also_in_a_refilled_form(ctx):
    form = form_from_mapping(SampleForm, {"status": "closed", "title": "一件目"})
    assert form.status.data == "closed"
    again = form_from_mapping(SampleForm, {"title": "二件目"}, reuse=form)
    assert again is form
    assert (again.status.data, again.title.data) == ("open", "二件目")


def test_a_callable_default_is_called_for_each_form(ctx):
    first = SampleForm(formdata=None, meta={"csrf": False})
    second = SampleForm(formdata=None, meta={"csrf": False})
    assert first.tags.data == [] and second.tags.data == []
    first.tags.append_entry("a")
    assert second.tags.data == []


def test_given_data_still_wins_over_the_default(ctx):
    form = SampleForm(formdata=None, data={"status": "closed"}, meta={"csrf": False})
    assert form.status.data == "closed"


def test_inline_validator_runs_after_the_callers_extra_validators(ctx):
    calls: list[str] = []

    def extra(_form, field) -> None:
        calls.append(field.data)

    form = form_from_mapping(SampleForm, {"title": "禁止"})
    given = {"title": [extra]}
    assert form.validate(given) is False
    assert calls == ["禁止"]
    assert form.errors == {"title": ["この件名は使えません。"]}
    assert given == {"title": [extra]}  # the caller's lists are left as they were

    form = form_from_mapping(SampleForm, {"title": "良い件名"}, reuse=form)
    validate(form)
    with pytest.raises(ValidationFailed) as refused:
        validate(form_from_mapping(SampleForm, {"title": "禁止"}, reuse=form))
    assert refused.value.errors == {"title": ["この件名は使えません。"]}


def test_nul_characters_are_dropped(ctx):
    form = form_from_mapping(SampleForm, {"title": "件\x00名"})
    assert form.title.data == "件名"


class DateForm(RecordForm):
    day = IsoDateField()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-04-01", date(2022, 4, 1)),
        ("2022-4-1", date(2022, 4, 1)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2022-02-30", None),
        ("2021-W01-1", None),  # an ISO week date: not the day format the page asks for
        ("2022/04/01", None),
        ("20220401", None),
    ],
)
def test_date_fields_read_year_month_day_only(ctx, text, expected):
    form = form_from_mapping(DateForm, {"day": text})
    assert form.day.data == expected
    if expected is None:
        assert form.validate() is False
        assert form.errors == {"day": ["日付はYYYY-MM-DDの形式で入力してください。"]}

"""The one validation path: every write is checked by its entity's WTForms form.

HTML views hand the form request data; the API and the importer feed it through
`form_from_mapping`, which turns JSON values or import cells into the same form data a
browser would send, so the rules and their Japanese messages are identical everywhere.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DecimalField,
    Field,
    FieldList,
    FloatField,
    FormField,
    IntegerField,
    SelectFieldBase,
    SelectMultipleField,
)
from wtforms.form import BaseForm

from hub_app.core.errors import ValidationFailed

F = TypeVar("F", bound=FlaskForm)

UNKNOWN_FIELD = "この項目はありません。"
WRONG_TYPE = "値の形式が正しくありません。"


class RecordForm(FlaskForm):
    """Base form: Japanese built-in messages from WTForms' own translations."""

    #: old field names still accepted for a renamed field (budgets' `hub` → `programme`),
    #: so clients and files written before the rename keep working
    aliases: dict[str, str] = {}
    #: former column headings an import still reads for a renamed field (拠点 → programme)
    alias_labels: dict[str, str] = {}

    class Meta:
        locales = ("ja_JP", "ja")

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        """Fields start from their declared defaults, given as data; NUL characters are
        dropped from every value.

        A field told no data evaluates `default()` and falls back on a TypeError when the
        default is a plain value: an exception per field and row, an eighth of an import's
        form work. Handing plain defaults in as data gives each field the same value.
        PostgreSQL cannot store NUL in text, so it would surface as a 500 from the
        database; nobody means to type one.
        """
        defaults = _plain_defaults(type(self), self._fields)
        data = defaults if data is None else {**defaults, **data}
        if self.aliases:
            formdata = self.meta.wrap_formdata(self, formdata)
            if formdata is not None:
                formdata = unalias(type(self), formdata)
        super().process(formdata, obj, data, extra_filters, **kwargs)
        _strip_nul(self)

    def validate(self, extra_validators=None) -> bool:
        """Form.validate with the inline `validate_<field>` methods looked up once per class,
        not per field and call (a quarter of the validation of an import row)."""
        extra = _inline_validators(type(self), self._fields)
        if extra_validators:
            extra = {**extra}
            for name, validators in extra_validators.items():
                extra[name] = (*validators, *extra.get(name, ()))
        return BaseForm.validate(self, extra)


def unalias(form_class: type, values: Any) -> Any:
    """`values` with each old name of `form_class.aliases` renamed, unless the new one is there."""
    aliases = getattr(form_class, "aliases", None)
    if not aliases or not any(old in values for old in aliases):
        return values
    renamed = values.copy()
    for old, new in aliases.items():
        if old in renamed:
            value = renamed.pop(old)
            if new not in renamed:
                renamed[new] = value
    return renamed


_PLAIN_DEFAULTS: dict[type, dict[str, Any]] = {}
_INLINE_VALIDATORS: dict[type, dict[str, tuple[Any, ...]]] = {}


def _plain_defaults(form_class: type, fields: dict[str, Field]) -> dict[str, Any]:
    defaults = _PLAIN_DEFAULTS.get(form_class)
    if defaults is None:
        defaults = _PLAIN_DEFAULTS[form_class] = {
            name: field.default for name, field in fields.items() if not callable(field.default)
        }
    return defaults


def _inline_validators(form_class: type, fields: dict[str, Field]) -> dict[str, tuple[Any, ...]]:
    found = _INLINE_VALIDATORS.get(form_class)
    if found is None:
        found = _INLINE_VALIDATORS[form_class] = {
            name: (inline,)
            for name in fields
            if (inline := getattr(form_class, f"validate_{name}", None)) is not None
        }
    return found


def _strip_nul(fields: Any) -> None:
    for field in fields:
        data = field.data
        if type(data) is str:  # most fields: checked first, an import asks this per cell
            if "\x00" in data:
                field.data = data.replace("\x00", "")
        elif isinstance(field, FieldList):
            _strip_nul(field.entries)
        elif isinstance(field, FormField):
            _strip_nul(field.form)
        elif isinstance(data, list):
            field.data = [v.replace("\x00", "") if isinstance(v, str) else v for v in data]


def _put(target: MultiDict, field: Field, key: str, value: Any, errors: dict) -> None:
    if isinstance(field, FieldList):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            errors[key] = [WRONG_TYPE]
            return
        subform = field.unbound_field.args[0] if field.unbound_field.args else None
        for index, item in enumerate(value):
            for sub_name, sub_value in item.items():
                sub_field = getattr(subform, sub_name, None) if subform else None
                if sub_field is None:
                    errors[f"{key}.{index}.{sub_name}"] = [UNKNOWN_FIELD]
                    continue
                _put(target, sub_field.field_class, f"{key}-{index}-{sub_name}", sub_value, errors)
        return
    field_class = field if isinstance(field, type) else type(field)
    if value is None:
        return
    if issubclass(field_class, BooleanField):
        if not isinstance(value, bool):
            errors[key] = [WRONG_TYPE]
        else:
            target.add(key, "y" if value else "false")
        return
    if issubclass(field_class, SelectMultipleField):
        if not isinstance(value, list) or any(isinstance(v, dict | list | bool) for v in value):
            errors[key] = [WRONG_TYPE]
            return
        for item in value:
            target.add(key, str(item))
        return
    if isinstance(value, dict | list | bool):
        errors[key] = [WRONG_TYPE]
        return
    target.add(key, str(value))


_FIELDS: dict[type, dict[str, Field]] = {}
#: per form class, the fields that take one plain text value
_TEXT_FIELDS: dict[type, frozenset[str]] = {}
_TEXT_VALUES = (str, int, float)


def _fields_of(form_class: type[FlaskForm]) -> dict[str, Field]:
    """A form class's fields, built once: an import fills the same form 100,000 times and
    binding every field of a throwaway form per row cost as much as the row's own form."""
    fields = _FIELDS.get(form_class)
    if fields is None:
        unbound = form_class(formdata=None, meta={"csrf": False})
        fields = _FIELDS[form_class] = dict(unbound._fields)
        _TEXT_FIELDS[form_class] = frozenset(
            name
            for name, field in fields.items()
            if not isinstance(field, FieldList | FormField | BooleanField | SelectMultipleField)
        )
    return fields


def json_type_errors(form_class: type[FlaskForm], values: dict[str, Any]) -> dict[str, list[str]]:
    """{field: [WRONG_TYPE]} for each JSON value whose type is not the field's.

    Form data is all text, so a form alone reads 5 and "5" alike; the API's document says
    which JSON type each field takes, and a client that sends another one has made a
    mistake it should hear of (null is always allowed: it clears an optional field).
    """
    fields = _fields_of(form_class)
    errors: dict[str, list[str]] = {}
    for key, value in values.items():
        field = fields.get(key)
        if field is None or value is None:
            continue
        expected = json_types(field)
        if expected and not (
            isinstance(value, expected) and (bool in expected or type(value) is not bool)
        ):
            errors[key] = [WRONG_TYPE]
    return errors


def json_types(field: Field) -> tuple[type, ...] | None:
    """The JSON types a field takes in the API, or None where `_put` checks the shape."""
    if isinstance(field, FieldList | FormField | SelectMultipleField | BooleanField):
        return None
    if isinstance(field, IntegerField):
        return (int,)
    if isinstance(field, DecimalField | FloatField):
        return (int, float)
    if isinstance(field, SelectFieldBase):
        values = [c[0] for c in (getattr(field, "choices", None) or []) if c[0] not in ("", None)]
        if values and all(isinstance(v, bool) for v in values):
            return (bool,)
        if getattr(field, "coerce", str) is int or (
            values and all(isinstance(v, int) for v in values)
        ):
            return (int,)
        return (str,)
    return (str,)


def form_from_mapping(
    form_class: type[F],
    values: dict[str, Any],
    base: dict[str, Any] | None = None,
    reuse: F | None = None,
    strict: bool = False,
) -> F:
    """A form filled from JSON-like values; `base` (the stored record) fills absent keys.

    Unknown keys and values of the wrong JSON type are refused up front with 422, so a
    typo in a field name never silently stores a default. `reuse`, a form of the same
    class that the caller no longer needs, is refilled instead of building a new one:
    an import of many rows then binds its fields once, not once per row. `strict` (the
    API) also refuses JSON values of another type than the field's (`json_type_errors`).
    """
    fields = _fields_of(form_class)
    values = unalias(form_class, values)
    errors = {key: [UNKNOWN_FIELD] for key in values if key not in fields}
    if strict:
        errors.update(json_type_errors(form_class, values))
    merged = {**base, **values} if base else values
    text = _TEXT_FIELDS[form_class]
    formdata: MultiDict = MultiDict(
        (k, str(v)) for k, v in merged.items() if k in text and type(v) in _TEXT_VALUES
    )
    for key, value in merged.items():
        if key not in formdata and key in fields:
            _put(formdata, fields[key], key, value, errors)
    if errors:
        raise ValidationFailed("入力内容に誤りがあります。", errors)
    if reuse is not None and type(reuse) is form_class:
        reuse.process(formdata=formdata)
        return reuse
    return form_class(formdata=formdata, meta={"csrf": False})


def form_values(form: FlaskForm) -> dict[str, Any]:
    """The validated data of a form, without the CSRF token."""
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


def record_values(record: Any, form_class: type[FlaskForm]) -> dict[str, Any]:
    """A stored record as JSON-like values for `form_from_mapping`'s `base` (PATCH merges)."""
    values: dict[str, Any] = {}
    for name, field in _fields_of(form_class).items():
        if name == "csrf_token" or isinstance(field, FieldList | FormField):
            continue
        value = getattr(record, name, None)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        values[name] = value
    return values


def validate(form: FlaskForm) -> None:
    """Run the form's validators; raise with {field: [messages]} when any fails."""
    if not form.validate():
        raise ValidationFailed("入力内容に誤りがあります。", flatten_errors(form.errors))


def flatten_errors(errors: dict[str, Any], prefix: str = "") -> dict[str, list[str]]:
    flat: dict[str, list[str]] = {}
    for name, value in errors.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(flatten_errors(value, key + "."))
        elif isinstance(value, list) and value and isinstance(value[0], dict | list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    flat.update(flatten_errors(item, f"{key}.{index}."))
                elif item:
                    flat[f"{key}.{index}"] = list(item)
        else:
            flat[key] = list(value)
    return flat


def attach_errors(form: FlaskForm, errors: dict[str, list[str]]) -> None:
    """Put a service's field errors (duplicates, closed years) next to the form's fields."""
    for name, messages in errors.items():
        field = form._fields.get(name.split(".")[0])
        if field is not None:
            field.errors = [*list(field.errors or []), *messages]
        else:
            form.form_errors = [*form.form_errors, *messages]

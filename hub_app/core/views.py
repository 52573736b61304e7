"""Helpers that keep HTML views thin: run a service for a form, load a record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, abort, flash, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Select

from hub_app.core.errors import Conflict, Duplicate, ValidationFailed
from hub_app.core.export import Column, export_response
from hub_app.core.forms import attach_errors
from hub_app.core.listing import Sorts, page_args, paginate
from hub_app.core.permissions import is_admin
from hub_app.extensions import db

T = TypeVar("T")

#: the name of an organisation picker's 「検索」 button (_macros/organization_picker.html):
#: a form sent with it is a search step without JavaScript, shown again with what was entered
SEARCH_STEP = "search_step"


def run_form(form: FlaskForm, write: Callable[[], T]) -> T | None:
    """Run a write for a submitted form and commit; on refusal, put the errors on the form.

    Returns None when refused; `form.refusal_status` then holds 422 or 409 for the response.
    A search step returns None too, having written nothing: the page shows the form again.
    """
    if searching():
        return None
    try:
        result = write()
    except (ValidationFailed, Conflict) as error:
        db.session.rollback()
        fresh = {
            name: [m for m in messages if m not in _field_errors(form, name)]
            for name, messages in (error.errors or {"_": [error.message]}).items()
        }
        attach_errors(form, {k: v for k, v in fresh.items() if v})
        form.refusal_status = error.status  # type: ignore[attr-defined]
        form.duplicate_of = (
            getattr(error, "existing", None) if isinstance(error, Duplicate) else None
        )  # type: ignore[attr-defined]
        return None
    db.session.commit()
    return result


def searching() -> bool:
    """A picker's 「検索」 with something typed in its box. Enter in another field of a form
    without JavaScript presses the first button, which may be a picker's: with an empty box
    that is taken as saving, as the user meant."""
    name = request.form.get(SEARCH_STEP)
    return bool(name and request.form.get(f"{name}_q", "").strip())


def _field_errors(form: FlaskForm, name: str) -> list[str]:
    field = form._fields.get(name.split(".")[0])
    return list(field.errors or []) if field is not None else list(form.form_errors)


def flash_refusal(form: FlaskForm) -> None:
    """A refused one-button form (a status step, a year close) has no page of its own to
    show its errors on: they are flashed on the page it returns to."""
    for messages in form.errors.values():
        for message in messages:
            if isinstance(message, str):
                flash(message, "error")
    for message in form.form_errors:
        flash(message, "error")


def status_of(form: FlaskForm) -> int:
    return getattr(form, "refusal_status", 200)


def load(model: type[Any], record_id: int) -> Any:
    """The record for a page; deleted ones only for admins (who may restore them)."""
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    if record.deleted_at is not None and not is_admin(current_user):
        abort(404)
    return record


def wants_deleted() -> bool:
    """Admins may list deleted records (?deleted=1) to restore them."""
    return request.args.get("deleted") == "1" and is_admin(current_user)


def list_page(template: str, query: Select[Any], sorts: Sorts, **context: Any) -> str:
    """A list page: the chosen order and one page of rows (two statements, any row count)."""
    query, sort = sorts.apply(query, request.args.get("sort"))
    page, per_page = page_args(request.args)
    return render_template(
        template,
        pagination=paginate(query, page, per_page),
        sort=sort,
        sorts=sorts.labels(),
        **context,
    )


def export_list(
    fmt: str, filename: str, query: Select[Any], sorts: Sorts, columns: list[Column]
) -> Response:
    """The list as filtered on its page, in the page's order, as CSV or XLSX."""
    query, _sort = sorts.apply(query, request.args.get("sort"))
    rows = db.session.scalars(query.execution_options(yield_per=500))
    return export_response(fmt, filename, columns, rows)

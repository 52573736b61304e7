"""The pages every record type has: list, export, new, show, edit, delete, restore.

A record type declares what differs (model, service functions, form, templates,
permission, messages) in one `RecordPages` and calls `register(bp, pages)`; the views
here are Flask class-based views built once per type from that declaration, as in
Flask's "Class-based Views". The services stay the one write path: these views only
load, check, call one service, commit, flash and redirect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.views import View
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Select

from hub_app.core import audit
from hub_app.core.export import Column
from hub_app.core.listing import Sorts
from hub_app.core.page_cache import cached_page
from hub_app.core.views import export_list, list_page, load, run_form, status_of, wants_deleted
from hub_app.extensions import db

SAVED = "変更を保存しました。"
UNCHANGED = "変更はありませんでした。"


@dataclass(frozen=True)
class Endpoints:
    """The endpoint names of the seven pages inside their blueprint."""

    index: str
    export: str
    new: str
    show: str
    edit: str
    delete: str
    restore: str

    @classmethod
    def own_blueprint(cls) -> Endpoints:
        """A type with a blueprint of its own: index, export, create, show, edit, ..."""
        return cls("index", "export", "create", "show", "edit", "delete", "restore")

    @classmethod
    def shared_blueprint(cls, singular: str, plural: str) -> Endpoints:
        """A type sharing a blueprint (K-NIC's): partnerships, new_partnership, partnership, ..."""
        return cls(
            plural,
            f"export_{plural}",
            f"new_{singular}",
            singular,
            f"edit_{singular}",
            f"delete_{singular}",
            f"restore_{singular}",
        )


@dataclass(frozen=True)
class Templates:
    index: str
    form: str
    show: str


@dataclass(frozen=True)
class Messages:
    """Flash messages, formatted with the record as `r`: "「{r.name}」を登録しました。"."""

    created: str
    deleted: str
    restored: str


def _nothing(*_args: Any) -> dict[str, Any]:
    return {}


@dataclass
class RecordPages:
    """One record type's pages. `name` is the template variable of the record, its audit
    kind and its id argument (`<name>_id`); every callable runs inside the request."""

    name: str
    model: type[Any]
    url: str
    endpoints: Endpoints
    templates: Templates
    messages: Messages
    form: type[FlaskForm]
    create: Callable[[Any, Any], Any]
    update: Callable[[Any, Any, Any], dict[str, Any]]
    delete: Callable[[Any, Any], None]
    restore: Callable[[Any, Any], None]
    list_query: Callable[..., Select[Any]]
    sorts: Sorts
    export_name: str
    export_columns: list[Column] | Callable[[], list[Column]]
    #: who may open the new and edit pages (record is None for new); services check again
    can_write: Callable[[Any, Any], bool]
    #: who may see the list, the export and a record, beyond the blueprint's own check
    can_read: Callable[[Any], bool] | None = None
    load: Callable[[int], Any] | None = None
    new_form: Callable[[], FlaskForm] | None = None
    edit_form: Callable[[Any], FlaskForm] | None = None
    export_query: Callable[[Mapping[str, str]], Select[Any]] | None = None
    #: runs before an export is sent, with its format and columns (talents log it)
    on_export: Callable[[str, list[Column]], None] | None = None
    #: where a deleted record's page sends the user; the list by default
    after_delete: Callable[[Any], str] | None = None
    list_context: Callable[[], dict[str, Any]] = _nothing
    form_context: Callable[[FlaskForm, Any], dict[str, Any]] = _nothing
    show_context: Callable[[Any], dict[str, Any]] = _nothing
    #: the blueprint's full name ("welltech.consultations"), known once it is registered
    blueprint: str = ""

    @property
    def id_arg(self) -> str:
        return f"{self.name}_id"

    def endpoint(self, page: str) -> str:
        """The page's full endpoint ("knic.partnership"): absolute, since another
        blueprint's view (an attachment's refusal) may render the record's page."""
        return f"{self.blueprint}.{getattr(self.endpoints, page)}"

    def link(self, page: str, record: Any = None, **args: Any) -> str:
        if record is not None:
            args[self.id_arg] = record.id
        return url_for(self.endpoint(page), **args)

    def record(self, record_id: int) -> Any:
        return self.load(record_id) if self.load else load(self.model, record_id)

    def require_read(self) -> None:
        if self.can_read is not None and not self.can_read(current_user):
            abort(403)

    def require_write(self, record: Any = None) -> None:
        if not self.can_write(current_user, record):
            abort(403)

    def render_show(self, record: Any, status: int = 200, **overrides: Any) -> tuple[str, int]:
        """The record's page; other views of the type (a refused status step) re-render
        it with their own form in `overrides` and their status."""
        context = {
            "pages": self,
            "record": record,
            self.name: record,
            "can_write": self.can_write(current_user, record),
            **self.show_context(record),
            **overrides,
        }
        if "history" not in context:  # talents show each person only what they may see
            context["history"] = audit.history(self.name, record.id)
        return render_template(self.templates.show, **context), status

    def render_form(self, form: FlaskForm, record: Any) -> tuple[str, int]:
        context = {
            "pages": self,
            "form": form,
            "record": record,
            self.name: record,
            **self.form_context(form, record),
        }
        return render_template(self.templates.form, **context), status_of(form)


class _Page(View):
    def __init__(self, pages: RecordPages) -> None:
        self.pages = pages


class ListPage(_Page):
    methods = ["GET"]

    def dispatch_request(self) -> Any:
        pages = self.pages
        pages.require_read()
        return cached_page(
            lambda: list_page(
                pages.templates.index,
                pages.list_query(request.args, include_deleted=wants_deleted()),
                pages.sorts,
                **{
                    "pages": pages,
                    "can_write": pages.can_write(current_user, None),
                    **pages.list_context(),
                },
            )
        )


class ExportPage(_Page):
    methods = ["GET"]

    def dispatch_request(self, fmt: str) -> Any:
        pages = self.pages
        pages.require_read()
        columns = pages.export_columns
        if callable(columns):
            columns = columns()
        if pages.on_export is not None:
            pages.on_export(fmt, columns)
            db.session.commit()
        query = (pages.export_query or pages.list_query)(request.args)
        return export_list(fmt, pages.export_name, query, pages.sorts, columns)


class NewPage(_Page):
    methods = ["GET", "POST"]

    def dispatch_request(self) -> Any:
        pages = self.pages
        pages.require_write()
        form = pages.new_form() if pages.new_form else pages.form()
        if form.is_submitted():
            record = run_form(form, lambda: pages.create(current_user, form))
            if record is not None:
                flash(pages.messages.created.format(r=record), "success")
                return redirect(pages.link("show", record))
        return pages.render_form(form, None)


class ShowPage(_Page):
    methods = ["GET"]

    def dispatch_request(self, **ids: int) -> Any:
        self.pages.require_read()
        return self.pages.render_show(self.pages.record(ids[self.pages.id_arg]))


class EditPage(_Page):
    methods = ["GET", "POST"]

    def dispatch_request(self, **ids: int) -> Any:
        pages = self.pages
        pages.require_write()
        record = pages.record(ids[pages.id_arg])
        if record.is_deleted:
            abort(404)  # restore it first
        pages.require_write(record)
        form = pages.edit_form(record) if pages.edit_form else pages.form(obj=record)
        if form.is_submitted():
            saved = run_form(form, lambda: pages.update(current_user, record, form))
            if saved is not None:
                flash(SAVED if saved else UNCHANGED, "success")
                return redirect(pages.link("show", record))
        return pages.render_form(form, record)


class DeletePage(_Page):
    """The service decides who may delete (it is the same rule for the API)."""

    methods = ["POST"]

    def dispatch_request(self, **ids: int) -> Any:
        pages = self.pages
        record = pages.record(ids[pages.id_arg])
        target = pages.after_delete(record) if pages.after_delete else pages.link("index")
        pages.delete(current_user, record)
        db.session.commit()
        flash(pages.messages.deleted.format(r=record), "success")
        return redirect(target)


class RestorePage(_Page):
    methods = ["POST"]

    def dispatch_request(self, **ids: int) -> Any:
        pages = self.pages
        record = pages.record(ids[pages.id_arg])
        pages.restore(current_user, record)
        db.session.commit()
        flash(pages.messages.restored.format(r=record), "success")
        return redirect(pages.link("show", record))


def register(bp: Blueprint, pages: RecordPages) -> RecordPages:
    """Add the seven pages of a record type to its blueprint, under `pages.url`."""
    item = f"{pages.url}/<int:{pages.id_arg}>"
    routes = [
        (pages.url or "", "index", ListPage),
        (f"{pages.url}/export.<any(csv, xlsx):fmt>", "export", ExportPage),
        (f"{pages.url}/new", "new", NewPage),
        (item, "show", ShowPage),
        (f"{item}/edit", "edit", EditPage),
        (f"{item}/delete", "delete", DeletePage),
        (f"{item}/restore", "restore", RestorePage),
    ]
    for rule, page, view in routes:
        name = getattr(pages.endpoints, page)
        bp.add_url_rule(rule, view_func=view.as_view(name, pages))

    def learn_name(state: BlueprintSetupState) -> None:
        pages.blueprint = ".".join(part for part in (state.name_prefix, state.name) if part)

    bp.record_once(learn_name)
    return pages

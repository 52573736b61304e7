"""One pattern for every collection: list, create, read, update, delete.

A collection declares its model, form, serializer, query and services; `register`
turns that into the five routes of DESIGN §7. Writes go through the same service
functions as the HTML forms; the request commits once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Blueprint, current_app, g, jsonify, request
from sqlalchemy import Select
from werkzeug.exceptions import BadRequest

from hub_app.api import callers
from hub_app.api.parameters import EXACT_FILTERS, check_query, collection_parameters
from hub_app.core import clock
from hub_app.core.cache import cached
from hub_app.core.errors import MalformedRequest, NotFound, PermissionDenied, ValidationFailed
from hub_app.core.export import Column
from hub_app.core.fields import MAX_ID
from hub_app.core.fiscal import (
    FISCAL_YEAR_RANGE,
    fiscal_year_end,
    fiscal_year_start,
    parse_fiscal_year,
)
from hub_app.core.forms import form_from_mapping, record_values
from hub_app.core.listing import page_args
from hub_app.extensions import db

F = TypeVar("F")


@dataclass
class Collection:
    name: str
    model: type
    form: type
    serialize: Callable[[Any, Any], dict[str, Any]]
    #: the readable, filtered query for a user (read permission applied in SQL)
    list_query: Callable[[Mapping[str, str], Any], Select[Any]]
    can_read: Callable[[Any, Any], bool]
    create: Callable[[Any, Any], Any] | None = None
    update: Callable[[Any, Any, Any], Any] | None = None
    delete: Callable[[Any, Any], None] | None = None
    #: loader options so serializing a page issues a fixed number of queries
    eager: list[Any] = field(default_factory=list)
    order_by: list[Any] = field(default_factory=list)
    #: the stored record as form values for PATCH (defaults to record_values)
    base_values: Callable[[Any], dict[str, Any]] | None = None
    #: the export's columns (CSV/XLSX); the importer reads the same columns back
    columns: list[Column] = field(default_factory=list)
    #: query parameters its list reads beyond those of every list (parameters.py)
    filters: tuple[str, ...] = ()


#: every registered collection by name: the importer and the OpenAPI document read it
COLLECTIONS: dict[str, Collection] = {}


def json_body() -> dict[str, Any]:
    """The request's JSON object, or 400 for anything that is not one."""
    try:
        body = request.get_json(force=True, silent=False)
    except BadRequest:
        body = None
    if not isinstance(body, dict):
        raise MalformedRequest("リクエスト本文はJSONオブジェクトにしてください。")
    return body


def json_form(form_class: type[F], base: dict[str, Any] | None = None) -> F:
    """The entity's form filled from the request's JSON object, JSON types checked."""
    return form_from_mapping(form_class, json_body(), base=base, strict=True)


def common_filters(model: type, args: Mapping[str, str], query: Select[Any]) -> Select[Any]:
    """The filters every collection shares, applied where the model has the column."""
    errors: dict[str, list[str]] = {}
    if args.get("hub") and hasattr(model, "hub"):
        query = query.where(model.hub == args["hub"])
    date_field = getattr(model, "fiscal_date_field", None)
    if args.get("fiscal_year") and date_field:
        year = parse_fiscal_year(args["fiscal_year"])
        if year is not None:
            column = getattr(model, date_field)
            query = query.where(column >= fiscal_year_start(year), column <= fiscal_year_end(year))
        else:
            errors["fiscal_year"] = [FISCAL_YEAR_RANGE]
    if args.get("updated_since"):
        try:
            since = datetime.fromisoformat(args["updated_since"].upper().replace("Z", "+00:00"))
            if since.tzinfo is not None:
                since = since.astimezone(UTC).replace(tzinfo=None)
            query = query.where(model.updated_at >= since)
        except ValueError:
            errors["updated_since"] = ["日時はISO 8601の形式で指定してください。"]
    for name in EXACT_FILTERS:
        if args.get(name) and hasattr(model, name):
            value: Any = args[name]
            if name.endswith("_id"):
                if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
                    errors[name] = ["IDは整数で指定してください。"]
                    continue
                value = int(value)
            query = query.where(getattr(model, name) == value)
    if errors:
        raise ValidationFailed("検索条件に誤りがあります。", errors)
    return query


def register(bp: Blueprint, collection: Collection) -> None:
    name = collection.name
    COLLECTIONS[name] = collection

    def actor():
        return callers.user()

    def get_record(record_id: int):
        record = db.session.get(collection.model, record_id, options=collection.eager or None)
        if record is None or record.deleted_at is not None:
            raise NotFound("指定されたIDの記録はありません。")
        if not collection.can_read(actor(), record):
            raise PermissionDenied("この記録を見る権限がありません。")
        return record

    def list_view():
        check_query(request.args, collection_parameters(collection))
        # kept per data version, as the JSON sent: the caller is in the key, as the rows
        # and fields a list serves depend on who asks, and the day for the filters that
        # read it (overdue follow-ups); a hit loads neither the user nor a record
        args = tuple(sorted(request.args.items(multi=True)))
        key = ("api.list", name, args, g.api_caller.user_id, clock.today())
        body = cached(key, lambda: jsonify(list_payload()).get_data())
        return current_app.response_class(body, mimetype="application/json")

    def list_payload() -> dict[str, Any]:
        query = common_filters(
            collection.model, request.args, collection.list_query(request.args, actor())
        )
        if collection.eager:
            query = query.options(*collection.eager)
        query = query.order_by(*(collection.order_by or [collection.model.id]))
        page, per_page = page_args(request.args, strict=True)
        pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
        return {
            "items": [collection.serialize(r, actor()) for r in pagination.items],
            "total": pagination.total,
            "page": pagination.page,
            "per_page": pagination.per_page,
        }

    def create_view():
        if collection.create is None:
            raise PermissionDenied("このコレクションには作成できません。")
        form = json_form(collection.form)
        record = collection.create(actor(), form)
        db.session.commit()
        return jsonify(collection.serialize(record, actor())), 201

    def show_view(record_id: int):
        return jsonify(collection.serialize(get_record(record_id), actor()))

    def update_view(record_id: int):
        if collection.update is None:
            raise PermissionDenied("このコレクションは変更できません。")
        record = get_record(record_id)
        base = (collection.base_values or (lambda r: record_values(r, collection.form)))(record)
        form = json_form(collection.form, base=base)
        collection.update(actor(), record, form)
        db.session.commit()
        return jsonify(collection.serialize(record, actor()))

    def delete_view(record_id: int):
        if collection.delete is None:
            raise PermissionDenied("このコレクションは削除できません。")
        collection.delete(actor(), get_record(record_id))
        db.session.commit()
        return "", 204

    bp.add_url_rule(f"/{name}", f"{name}_list", list_view, methods=["GET"])
    bp.add_url_rule(f"/{name}", f"{name}_create", create_view, methods=["POST"])
    bp.add_url_rule(f"/{name}/<int:record_id>", f"{name}_show", show_view, methods=["GET"])
    bp.add_url_rule(f"/{name}/<int:record_id>", f"{name}_update", update_view, methods=["PATCH"])
    bp.add_url_rule(f"/{name}/<int:record_id>", f"{name}_delete", delete_view, methods=["DELETE"])

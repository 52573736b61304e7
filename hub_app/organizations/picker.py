"""The organisation picker of every form and list filter (_macros/organization_picker.html).

A city registry holds thousands of organisations, so no page lists them all: a picker shows
the chosen one and, once something is typed, the best matches from the header search's index
(the same folding, exact and prefix matches first). With JavaScript (static/js/
organization-picker.js) the matches come from `lookup` as the user types; without it, the
picker's 「検索」 button is a search step that re-renders the form with what was entered
(core.views.run_form saves nothing on it) and the matches as a short list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, jsonify, request
from flask_login import current_user
from sqlalchemy import select

from hub_app.core.enums import ORGANIZATION_KINDS
from hub_app.core.errors import Duplicate, ServiceError
from hub_app.core.fields import MAX_ID
from hub_app.core.folding import fold
from hub_app.core.forms import form_from_mapping
from hub_app.core.listing import id_arg
from hub_app.core.permissions import can_read_registry
from hub_app.core.web import audit_refusal
from hub_app.extensions import db
from hub_app.organizations import services
from hub_app.organizations.forms import OrganizationForm
from hub_app.organizations.models import Organization
from hub_app.search import query

LIMIT = 20
#: what the inline "register a new one" sends; the rest of an organisation waits for its page
QUICK_FIELDS = ("name", "kind", "in_city")

bp = Blueprint("organization_picker", __name__, url_prefix="/organizations/picker")


def _refusal(status: int, message: str, errors: dict[str, list[str]] | None = None):
    return jsonify({"errors": errors or {"_": [message]}}), status


@bp.before_request
def require_registry_reader():
    """JSON answers, not the sign-in page: the caller is a script inside a form."""
    if not current_user.is_authenticated:
        return _refusal(401, "サインインが必要です。")
    if not can_read_registry(current_user):
        message = "企業・団体を見る権限がありません。"
        audit_refusal(403, message)  # as every refused page is
        return _refusal(403, message)
    return None


def matches(typed: str | None, limit: int = LIMIT) -> list[query.Hit]:
    """The organisations the signed-in user may pick that match what was typed, best first."""
    if not (typed or "").strip():
        return []
    hits, _total = query.search(current_user, typed, "organization", 1, limit)
    return hits


def typed(name: str) -> str:
    """What was typed into a picker's search box: sent with the form (a search step) or,
    for a list's filter, in the query string."""
    source = request.form if request.method == "POST" else request.args
    return source.get(f"{name}_q", "")[: query.MAX_QUERY].strip()


def filtered(name: str) -> list[int]:
    """The organisation a list is filtered by, as the list's query reads it (core.listing)."""
    chosen = id_arg(request.args, name)
    return [chosen] if chosen else []


def names(ids: Iterable[Any]) -> dict[int, str]:
    """The names of the chosen organisations, so a picker shows them on an edit form and
    after a refused save; a deleted one keeps its name (the record still names it)."""
    wanted = {i for i in ids if isinstance(i, int) and 0 < i <= MAX_ID}
    if not wanted:
        return {}
    rows = db.session.execute(
        select(Organization.id, Organization.name).where(Organization.id.in_(wanted))
    )
    return {row.id: row.name for row in rows}


def no_match(typed: str) -> str:
    """Said when nothing matched. Legal-form words (株式会社, (株)) are folded away from
    the index, so a person who typed only those is told to type the name itself."""
    if typed.strip() and not fold(typed):
        return f"「{typed}」は法人の種類だけのため検索できません。社名の部分を入力してください。"
    return f"「{typed}」に一致する企業・団体はありません。"


def _item(hit: query.Hit) -> dict[str, Any]:
    return {"id": hit.id, "name": hit.title, "detail": hit.detail}


@bp.get("")
def lookup():
    typed = request.args.get("q", "")[: query.MAX_QUERY]
    items = [_item(hit) for hit in matches(typed)]
    body: dict[str, Any] = {"items": items, "total": len(items)}
    if not items:
        body["message"] = no_match(typed)
        body["searchable"] = bool(fold(typed))  # a legal form alone names no one to register
    return jsonify(body)


@bp.post("")
def create():
    """Register a new organisation from inside another form, through the one service
    (its duplicate rules included); a duplicate answers 409 with the existing record, so the
    picker can offer to pick that one instead."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _refusal(400, "JSON のオブジェクトを送ってください。")
    values = {key: body[key] for key in QUICK_FIELDS if key in body}
    try:
        form = form_from_mapping(OrganizationForm, values)
        organization = services.create_organization(current_user, form)
    except Duplicate as error:
        db.session.rollback()
        existing = error.existing
        response = {
            "errors": error.errors,
            "existing": {"id": existing.id, "name": existing.name},
        }
        return jsonify(response), 409
    except ServiceError as error:
        if error.status == 403:
            audit_refusal(403, error.message)
        else:
            db.session.rollback()
        return _refusal(error.status, error.message, error.errors or None)
    db.session.commit()
    detail = ORGANIZATION_KINDS.get(organization.kind, "")
    return jsonify({"id": organization.id, "name": organization.name, "detail": detail}), 201


#: the picker macro is imported without the page's context, so its helpers are globals
for _name, _helper in {
    "matches": matches,
    "names": names,
    "typed": typed,
    "filtered": filtered,
    "no_match": no_match,
}.items():
    bp.add_app_template_global(_helper, f"organization_{_name}")

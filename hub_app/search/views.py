"""The results page of the header's search box."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from hub_app.core.listing import page_args
from hub_app.search import index, query, registry

bp = Blueprint("search", __name__, url_prefix="/search")
index.listen()

PER_GROUP = 10


@bp.get("")
@login_required
def results():
    typed = request.args.get("q", "")
    entity = request.args.get("type") or None
    parsed = query.Query.parse(typed)
    context = {"q": typed, "parsed": parsed, "min_substring": query.MIN_SUBSTRING}
    if entity and registry.by_entity(entity):
        page, per_page = page_args(request.args, default_per_page=50)
        hits, total = query.search(current_user, typed, entity, page, per_page)
        return render_template(
            "search/results.html",
            entity=entity,
            hits=hits,
            total=total,
            page=page,
            per_page=per_page,
            **context,
        )
    groups = query.grouped(current_user, typed, PER_GROUP)
    return render_template("search/results.html", groups=groups, entity=None, **context)

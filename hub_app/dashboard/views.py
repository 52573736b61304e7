"""The signed-in user's start page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

bp = Blueprint("dashboard", __name__)

#: other domains add panels: (template, loader(user) → context or None when not shown)
PANELS: list = []


@bp.get("/")
@login_required
def index():
    panels = [(template, loader(current_user)) for template, loader in PANELS]
    return render_template(
        "dashboard/index.html", panels=[(t, ctx) for t, ctx in panels if ctx is not None]
    )

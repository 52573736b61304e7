"""Welltech's pages: one blueprint, with a nested blueprint per record type.

Every page needs read access to the Welltech hub (K-NIC staff and viewers get 403);
write pages and services check write access on top.
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

from hub_app.consultations import views as consultations
from hub_app.welltech import audit_labels, panels, searchable
from hub_app.welltech.attachments.views import bp as attachments_bp
from hub_app.welltech.common import can_read, can_write
from hub_app.welltech.evaluations.views import bp as evaluations_bp
from hub_app.welltech.invitations.views import bp as invitations_bp
from hub_app.welltech.projects.views import bp as projects_bp

bp = Blueprint("welltech", __name__, url_prefix="/welltech")


@bp.before_request
@login_required
def require_welltech_access():
    if not can_read(current_user):
        abort(403)


@bp.context_processor
def welltech_context() -> dict:
    return {"can_write_welltech": can_write(current_user)}


for child in (
    consultations.blueprint("welltech"),
    invitations_bp,
    projects_bp,
    evaluations_bp,
    attachments_bp,
):
    bp.register_blueprint(child)

panels.register()
audit_labels.register()
searchable.register()

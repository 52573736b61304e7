"""The K-NIC blueprint; each record type's views module adds its routes to it."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

from hub_app.core.permissions import can_read_hub

bp = Blueprint("knic", __name__, url_prefix="/knic")


@bp.before_request
@login_required
def require_knic_reader():
    """Every K-NIC page needs read access to the hub; talents need more (see talents.views)."""
    if not can_read_hub(current_user, "knic"):
        abort(403)


@bp.app_context_processor
def knic_options():
    """Functions, not lists: nothing is queried unless a form calls them."""
    from hub_app.knic import options

    return {
        "knic_talent_options": options.talent_options,
        "knic_coordinator_options": options.coordinator_options,
    }

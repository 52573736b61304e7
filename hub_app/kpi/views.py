"""Pages of this domain (to be built)."""

from flask import Blueprint

bp = Blueprint("kpi", __name__, url_prefix="/kpi")

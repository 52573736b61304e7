"""Pages of this domain (to be built)."""

from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/events")

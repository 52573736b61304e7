"""Pages of this domain (to be built)."""

from flask import Blueprint

bp = Blueprint("welltech", __name__, url_prefix="/welltech")

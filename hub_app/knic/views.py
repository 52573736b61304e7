"""Pages of this domain (to be built)."""

from flask import Blueprint

bp = Blueprint("knic", __name__, url_prefix="/knic")

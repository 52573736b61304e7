"""K-NIC pages: start-up consultations, talents, matchings, partnerships, and the sections
added to organisations."""

from hub_app.consultations import panels as consultation_panels
from hub_app.consultations import views as consultations
from hub_app.knic import audit_labels, dashboard, searchable, suggestions_views  # noqa: F401
from hub_app.knic.blueprint import bp
from hub_app.knic.matchings import views as _matchings  # noqa: F401
from hub_app.knic.partnerships import views as _partnerships  # noqa: F401
from hub_app.knic.talents import views as _talents  # noqa: F401

bp.register_blueprint(consultations.blueprint("knic"))
consultation_panels.register("knic")
consultation_panels.register_knic_section()
audit_labels.register()
searchable.register()

__all__ = ["bp"]

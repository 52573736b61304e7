"""Each hub's consultations panel on the dashboard: a member of staff's open cases, and
the hub's cases that have waited longest since they last moved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hub_app.consultations import hubs, queries
from hub_app.dashboard.views import PANELS

TEMPLATE = "consultations/_dashboard.html"
HEADINGS = {"welltech": "ウェルテック: 相談・技術助言", "knic": "K-NIC: 起業・創業相談"}


def dashboard_panel(hub: str) -> Callable[[Any], dict[str, Any] | None]:
    def panel(user: Any) -> dict[str, Any] | None:
        if not hubs.can_write(user, hub):
            return None
        return {
            "hub": hub,
            "heading": HEADINGS[hub],
            "mine": queries.open_cases(hub, staff_id=user.id, limit=20),
            "waiting": queries.open_cases(hub, limit=10),
        }

    panel.consultation_hub = hub  # type: ignore[attr-defined]
    return panel


def register(hub: str) -> None:
    """Called once by each hub's views, so the panel sits with the hub's other panels."""
    if not any(getattr(loader, "consultation_hub", None) == hub for _t, loader in PANELS):
        PANELS.append((TEMPLATE, dashboard_panel(hub)))

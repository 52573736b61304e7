"""Each hub's consultations panel on the dashboard (a member of staff's open cases, and
the hub's cases that have waited longest since they last moved), and K-NIC's section of
an organisation's page (Welltech's cases are in its own section with its projects)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hub_app.consultations import hubs, queries
from hub_app.dashboard.views import PANELS
from hub_app.organizations.views import DETAIL_SECTIONS

TEMPLATE = "consultations/_dashboard.html"
SECTION_TEMPLATE = "consultations/_organization_section.html"
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


def knic_section(organization: Any, user: Any) -> dict[str, Any] | None:
    if not hubs.can_read(user, "knic"):
        return None
    cases = queries.of_organization("knic", organization.id)
    if not cases and organization.kind != "startup":
        return None  # start-up consultations: shown for start-ups, or where there are some
    return {
        "hub": "knic",
        "organization": organization,
        "consultations": cases,
        "can_write": hubs.can_write(user, "knic"),
    }


def register_knic_section() -> None:
    if not any(entry[1] == SECTION_TEMPLATE for entry in DETAIL_SECTIONS):
        DETAIL_SECTIONS.append(("起業・創業相談(K-NIC)", SECTION_TEMPLATE, knic_section))

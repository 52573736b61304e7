"""The managers' dashboard panel: this fiscal year's KPIs and what moved this month."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hub_app.core import clock
from hub_app.core.enums import HUBS
from hub_app.core.fiscal import fiscal_year, fiscal_year_label
from hub_app.core.permissions import can_manage_plans
from hub_app.dashboard.views import PANELS
from hub_app.kpi.report import build_report


def panel_hubs(user: Any) -> list[str]:
    """A manager's own hubs when they belong to some; otherwise both."""
    own = [h for h in getattr(user, "hub_codes", []) if h in HUBS]
    return own or list(HUBS)


def load_panel(user: Any, today: date | None = None) -> dict | None:
    if not can_manage_plans(user):
        return None
    today = today or clock.today()
    year = fiscal_year(today)
    hubs = panel_hubs(user)
    now = build_report([year], hubs)
    month_start = today.replace(day=1)
    before = build_report([year], hubs, until=month_start - timedelta(days=1))
    moved = {
        line.code: line.actual(year) - before.line(line.code).actual(year) for line in now.lines
    }
    return {
        "report": now,
        "year": year,
        "label": fiscal_year_label(year),
        "month": today.month,
        "moved": moved,
        "today": today,
    }


PANELS.append(("kpi/panel.html", load_panel))

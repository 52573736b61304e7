"""The K-NIC panel of the dashboard: the pipeline at a glance and the coming events."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.core.fiscal import fiscal_year, fiscal_year_end, fiscal_year_start
from hub_app.core.permissions import can_read_hub
from hub_app.dashboard.views import PANELS
from hub_app.events.models import Event
from hub_app.extensions import db
from hub_app.knic.matchings.forms import PIPELINE
from hub_app.knic.models import Matching


def knic_panel(user: Any) -> dict | None:
    if not can_read_hub(user, "knic"):
        return None
    today = clock.today()
    year = fiscal_year(today)
    by_stage = dict(
        db.session.execute(
            select(Matching.stage, func.count(Matching.id))
            .where(Matching.deleted_at.is_(None))
            .group_by(Matching.stage)
        ).all()
    )
    agreed = db.session.scalar(
        select(func.count(Matching.id)).where(
            Matching.deleted_at.is_(None),
            Matching.stage.in_(("agreed", "ended")),
            Matching.agreed_on >= fiscal_year_start(year),
            Matching.agreed_on <= fiscal_year_end(year),
        )
    )
    upcoming = db.session.scalars(
        select(Event)
        .where(Event.deleted_at.is_(None), Event.hub == "knic", Event.held_on >= today)
        .order_by(Event.held_on, Event.id)
        .limit(5)
    ).all()
    return {
        "stages": [(stage, by_stage.get(stage, 0)) for stage in PIPELINE[:4]],
        "agreed": agreed or 0,
        "year": year,
        "upcoming": upcoming,
    }


PANELS.append(("knic/_dashboard.html", knic_panel))

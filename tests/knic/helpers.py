"""Factories and helpers for K-NIC and event tests (talents, events, matchings)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta
from itertools import count
from typing import Any

from sqlalchemy import event as sa_event

from hub_app.core import clock
from hub_app.events.forms import hub_of
from hub_app.events.models import Attendance, Event
from hub_app.extensions import db
from hub_app.knic.models import Matching, Partnership, Talent

_sequence = count(1)
PAST = clock.today() - timedelta(days=30)


def make_talent(full_name: str | None = None, **values: Any) -> Talent:
    number = next(_sequence)
    values.setdefault("consent_on", PAST)
    values.setdefault("email", f"talent{number}@example.jp")
    values.setdefault("skills", [])
    talent = Talent(full_name=full_name or f"人材{number}", **values)
    db.session.add(talent)
    db.session.commit()
    return talent


def make_event(kind: str = "seminar", held_on: date = PAST, **values: Any) -> Event:
    event = Event(
        title=values.pop("title", f"催し{next(_sequence)}"),
        kind=kind,
        hub=hub_of(kind),
        held_on=held_on,
        **values,
    )
    db.session.add(event)
    db.session.commit()
    return event


def attend(event: Event, talent: Talent | None = None, organization: Any = None) -> Attendance:
    attendance = Attendance(
        event_id=event.id,
        talent_id=talent.id if talent else None,
        organization_id=organization.id if organization else None,
    )
    db.session.add(attendance)
    db.session.commit()
    return attendance


def make_matching(talent: Talent, organization: Any, stage: str = "proposed", **values) -> Matching:
    values.setdefault("proposed_on", PAST)
    matching = Matching(
        hub="knic", talent_id=talent.id, organization_id=organization.id, stage=stage, **values
    )
    db.session.add(matching)
    db.session.commit()
    return matching


def make_partnership(organization: Any, **values: Any) -> Partnership:
    values.setdefault("concluded_on", PAST)
    values.setdefault("kind", "partner_company")
    partnership = Partnership(hub="knic", organization_id=organization.id, **values)
    db.session.add(partnership)
    db.session.commit()
    return partnership


@contextmanager
def count_queries():
    """Counts the SQL statements run inside the block: `with count_queries() as n: …; n[0]`."""
    counter = [0]
    engine = db.engine

    def before(*_args, **_kwargs):
        counter[0] += 1

    sa_event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        sa_event.remove(engine, "before_cursor_execute", before)


#: role, hubs → (sees talents, sees contacts)
ROLES = {
    "admin": ("admin", (), True, True),
    "knic_staff": ("staff", ("knic",), True, True),
    "knic_manager": ("manager", ("knic",), True, False),
    "welltech_staff": ("staff", ("welltech",), False, False),
    "welltech_manager": ("manager", ("welltech",), False, False),
    "viewer": ("viewer", (), False, False),
}

"""Records built directly with the models: the KPI tests need no other domain's services."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from hub_app.core.models import utcnow
from hub_app.events.models import Attendance, Event
from hub_app.extensions import db
from hub_app.knic.models import Matching, Partnership, Talent
from hub_app.organizations.models import Organization
from hub_app.organizations.names import name_key
from hub_app.welltech.models import Consultation, Invitation, Project

_sequence = count(1)


def _save(record: Any, deleted: bool = False) -> Any:
    if deleted:
        record.deleted_at = utcnow()
    db.session.add(record)
    db.session.flush()
    return record


def organization() -> Organization:
    name = f"KPI企業{next(_sequence)}"
    return _save(Organization(name=name, name_key=name_key(name), kind="sme"))


def _org_id(values: dict) -> int:
    return values.pop("organization_id", None) or organization().id


def consultation(opened_on: date, hub: str = "welltech", deleted: bool = False, **values):
    return _save(
        Consultation(
            hub=hub,
            organization_id=_org_id(values),
            opened_on=opened_on,
            kind=values.pop("kind", "consultation"),
            channel="visit",
            topic="other",
            title=values.pop("title", f"相談{next(_sequence)}"),
            **values,
        ),
        deleted,
    )


def invitation(invited_on: date, hub: str = "welltech", deleted: bool = False, **values):
    return _save(
        Invitation(
            hub=hub,
            organization_id=_org_id(values),
            invited_on=invited_on,
            method="visit",
            outcome=values.pop("outcome", "pending"),
            **values,
        ),
        deleted,
    )


def project(
    started_on: date,
    hub: str = "welltech",
    deleted: bool = False,
    launched_on: date | None = None,
    **values,
):
    return _save(
        Project(
            hub=hub,
            title=values.pop("title", f"プロジェクト{next(_sequence)}"),
            kind="improvement",
            lead_organization_id=values.pop("lead_organization_id", None) or organization().id,
            product_category="transfer",
            stage=values.pop("stage", "launched" if launched_on else "planning"),
            started_on=started_on,
            launched_on=launched_on,
            **values,
        ),
        deleted,
    )


def talent(deleted: bool = False, **values) -> Talent:
    return _save(
        Talent(
            full_name=values.pop("full_name", f"人材{next(_sequence)}"),
            consent_on=date(2020, 4, 1),
            **values,
        ),
        deleted,
    )


def event(held_on: date, kind: str = "training", hub: str = "knic", deleted: bool = False):
    return _save(
        Event(hub=hub, title=f"イベント{next(_sequence)}", kind=kind, held_on=held_on), deleted
    )


def attendance(event: Event, talent: Talent | None = None, deleted: bool = False, **values):
    if talent is None and "organization_id" not in values:
        talent = globals()["talent"]()
    return _save(
        Attendance(event_id=event.id, talent_id=talent.id if talent else None, **values), deleted
    )


def matching(
    agreed_on: date | None,
    stage: str = "agreed",
    hub: str = "knic",
    deleted: bool = False,
    **values,
):
    return _save(
        Matching(
            hub=hub,
            talent_id=values.pop("talent_id", None) or talent().id,
            organization_id=_org_id(values),
            stage=stage,
            agreed_on=agreed_on,
            **values,
        ),
        deleted,
    )


def partnership(concluded_on: date, hub: str = "knic", deleted: bool = False, **values):
    return _save(
        Partnership(
            hub=hub,
            organization_id=_org_id(values),
            concluded_on=concluded_on,
            kind=values.pop("kind", "partner_company"),
            **values,
        ),
        deleted,
    )

"""Records with follow-ups of the three kinds, each owned by a given person."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from hub_app.core import clock
from hub_app.extensions import db
from hub_app.welltech.models import Consultation, Project
from tests import factories
from tests.knic import helpers


def days(offset: int) -> date:
    """A day relative to today in Japan, as the follow-up rules read it."""
    return clock.today() + timedelta(days=offset)


def _save(record: Any) -> Any:
    db.session.add(record)
    db.session.commit()
    return record


@pytest.fixture
def person(make_user):
    """Someone responsible for records of both hubs: Welltech and K-NIC staff."""
    return make_user("staff", ["welltech", "knic"], name="担当太郎")


@pytest.fixture
def consultation(app):
    def build(owner, due: date | None, **values: Any) -> Consultation:
        organization = values.pop("organization", None) or factories.make_organization()
        values.setdefault("opened_on", days(-40))
        values.setdefault("title", "移乗リフトの相談")
        values.setdefault("status", "open")
        return _save(
            Consultation(
                hub="welltech",
                organization_id=organization.id,
                kind="consultation",
                channel="visit",
                topic="product_development",
                staff_id=owner.id if owner else None,
                next_action_on=due,
                **values,
            )
        )

    return build


@pytest.fixture
def project(app):
    def build(owner, due: date | None, **values: Any) -> Project:
        values.setdefault("title", "見守りセンサーの改良")
        values.setdefault("stage", "evaluating")
        return _save(
            Project(
                hub="welltech",
                lead_organization_id=factories.make_organization().id,
                kind="improvement",
                product_category="monitoring",
                started_on=days(-60),
                created_by=owner.id if owner else None,
                next_action_on=due,
                **values,
            )
        )

    return build


@pytest.fixture
def matching(app):
    def build(owner, due: date | None, **values: Any):
        talent = values.pop("talent", None) or helpers.make_talent("川崎花子")
        startup = factories.make_organization(kind="startup")
        return helpers.make_matching(
            talent,
            startup,
            values.pop("stage", "interviewing"),
            coordinator_id=owner.id if owner else None,
            next_action_on=due,
            **values,
        )

    return build

"""Factories of the consultation tests: users of each hub, cases of each hub, matchings."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hub_app.extensions import db
from hub_app.welltech.models import Consultation
from tests import factories
from tests.knic import helpers


@pytest.fixture
def knic_staff(make_user):
    """A K-NIC coordinator."""
    return make_user("staff", ["knic"])


@pytest.fixture
def welltech_staff(make_user):
    return make_user("staff", ["welltech"])


@pytest.fixture
def make_case(app):
    """A stored consultation of `hub`, as the pages and the API would have stored it."""

    def build(hub: str = "knic", organization=None, **values: Any) -> Consultation:
        organization = organization or factories.make_organization(kind="startup")
        values.setdefault("opened_on", date(2022, 6, 1))
        values.setdefault("kind", "consultation")
        values.setdefault("channel", "visit")
        values.setdefault("topic", "founding" if hub == "knic" else "product_development")
        values.setdefault("title", "起業の相談" if hub == "knic" else "移乗機器の相談")
        values.setdefault("status", "open")
        consultation = Consultation(hub=hub, organization_id=organization.id, **values)
        db.session.add(consultation)
        db.session.commit()
        return consultation

    return build


@pytest.fixture
def make_matching(app):
    def build(organization=None, **values: Any):
        organization = organization or factories.make_organization(kind="startup")
        return helpers.make_matching(helpers.make_talent(), organization, role="CFO", **values)

    return build


def case_form(organization_id: int, **overrides: Any) -> dict[str, Any]:
    """What a coordinator types into the new-consultation page."""
    values = {
        "organization_id": str(organization_id),
        "opened_on": "2022-06-01",
        "kind": "consultation",
        "channel": "online",
        "topic": "founding",
        "title": "法人設立の相談",
        "status": "open",
    }
    values.update(overrides)
    return values

"""A Welltech project with an evaluation, and staff who book the lab for it."""

from __future__ import annotations

from datetime import date

import pytest

from hub_app.extensions import db
from hub_app.welltech.models import Evaluation, Project
from tests import factories


@pytest.fixture
def staff(make_user):
    return make_user("staff", ["welltech"])


@pytest.fixture
def evaluation(app):
    organization = factories.make_organization("株式会社架空リフト")
    project = Project(
        hub="welltech",
        title="架空の移乗リフト",
        kind="improvement",
        lead_organization_id=organization.id,
        product_category="transfer",
        stage="evaluating",
        started_on=date(2026, 4, 1),
    )
    db.session.add(project)
    db.session.flush()
    record = Evaluation(
        project_id=project.id,
        evaluated_on=date(2026, 6, 1),
        aspect="safety",
        setting="mock_lab",
        method="video_analysis",
    )
    db.session.add(record)
    db.session.commit()
    return record


def body(**values):
    """A booking as the API takes it: the mock lab on 2026-12-02 10:00–12:00 Japan time."""
    return {
        "facility": "mock_lab",
        "starts_at": "2026-12-02T10:00:00+09:00",
        "ends_at": "2026-12-02T12:00:00+09:00",
        "title": "移乗リフトの安全性評価",
        **values,
    }

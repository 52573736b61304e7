"""Factories and helpers of the Welltech tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import event

from hub_app.extensions import db
from hub_app.welltech.models import (
    Consultation,
    ConsultationActivity,
    Evaluation,
    Invitation,
    Measurement,
    Project,
)
from tests import factories


def _save(record: Any) -> Any:
    db.session.add(record)
    db.session.commit()
    return record


@pytest.fixture
def staff(make_user):
    """A Welltech member of staff."""
    return make_user("staff", ["welltech"])


@pytest.fixture
def make_consultation(app):
    def build(organization=None, **values: Any) -> Consultation:
        organization = organization or factories.make_organization()
        values.setdefault("opened_on", date(2022, 6, 1))
        values.setdefault("kind", "consultation")
        values.setdefault("channel", "visit")
        values.setdefault("topic", "product_development")
        values.setdefault("title", "移乗支援機器の相談")
        values.setdefault("status", "open")
        return _save(Consultation(hub="welltech", organization_id=organization.id, **values))

    return build


@pytest.fixture
def make_activity(app):
    def build(consultation: Consultation, occurred_on: date, notes: str = "電話で確認") -> Any:
        return _save(
            ConsultationActivity(
                consultation_id=consultation.id, occurred_on=occurred_on, notes=notes
            )
        )

    return build


@pytest.fixture
def make_invitation(app):
    def build(organization=None, **values: Any) -> Invitation:
        organization = organization or factories.make_organization()
        values.setdefault("invited_on", date(2022, 7, 1))
        values.setdefault("method", "visit")
        values.setdefault("outcome", "pending")
        return _save(Invitation(hub="welltech", organization_id=organization.id, **values))

    return build


@pytest.fixture
def make_project(app):
    def build(lead=None, partners=(), **values: Any) -> Project:
        lead = lead or factories.make_organization()
        values.setdefault("title", "見守りセンサーの改良")
        values.setdefault("kind", "improvement")
        values.setdefault("product_category", "monitoring")
        values.setdefault("stage", "planning")
        values.setdefault("started_on", date(2022, 5, 1))
        project = Project(hub="welltech", lead_organization_id=lead.id, **values)
        project.partners = list(partners)
        return _save(project)

    return build


@pytest.fixture
def make_evaluation(app):
    def build(project: Project, measurements=(), **values: Any) -> Evaluation:
        values.setdefault("evaluated_on", date(2022, 9, 1))
        values.setdefault("aspect", "safety")
        values.setdefault("setting", "mock_lab")
        values.setdefault("method", "measurement")
        values.setdefault("result", "none")
        evaluation = Evaluation(project_id=project.id, **values)
        evaluation.measurements = [Measurement(position=i, **m) for i, m in enumerate(measurements)]
        return _save(evaluation)

    return build


@pytest.fixture
def count_queries(app):
    """count_queries(fn) → (result, number of SQL statements fn issued)."""

    def run(fn):
        statements: list[str] = []

        def listener(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            result = fn()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return result, len(statements)

    return run

"""The change history of a record reads in Japanese, like the rest of its page."""

from __future__ import annotations

import re

from sqlalchemy import select

from hub_app.extensions import db
from hub_app.welltech.models import Consultation
from tests.factories import post_form


def _history(page: str) -> str:
    return page[page.index("変更履歴") :]


def test_consultation_history_names_fields_and_labels_in_japanese(
    client, login, staff, make_organization
):
    """Does the history say 「受付方法 来所」 rather than `channel visit`?"""
    organization = make_organization()
    login(staff)
    response = post_form(
        client,
        "/welltech/consultations/new",
        {
            "organization_id": str(organization.id),
            "opened_on": "2024-05-01",
            "kind": "technical_advice",
            "channel": "visit",
            "topic": "safety",
            "title": "ブレーキの相談",
            "status": "open",
        },
    )
    assert response.status_code == 302, response.text
    consultation = db.session.scalars(select(Consultation)).one()
    history = _history(client.get(f"/welltech/consultations/{consultation.id}").text)
    text = re.sub(r"<[^>]+>", " ", history)
    for shown in ("受付方法", "来所", "受付日", "テーマ", "安全性評価", "技術助言", "対応中"):
        assert shown in text
    for raw in ("channel", "opened_on", "technical_advice", "topic"):
        assert raw not in text


def test_project_history_shows_stage_labels(client, login, staff, make_project):
    project = make_project()
    login(staff)
    response = post_form(
        client,
        f"/welltech/projects/{project.id}/edit",
        {
            "title": project.title,
            "kind": "improvement",
            "lead_organization_id": str(project.lead_organization_id),
            "product_category": "monitoring",
            "stage": "launched",
            "started_on": "2022-05-01",
            "launched_on": "2023-01-10",
        },
    )
    assert response.status_code == 302, response.text
    text = re.sub(r"<[^>]+>", " ", _history(client.get(f"/welltech/projects/{project.id}").text))
    assert "段階" in text and "計画 → 市場化" in text and "市場化日" in text
    assert "launched_on" not in text

"""What the cache tests read: the committed data version and figures as callers see them."""

from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import select

from hub_app.core.versions import DataVersion
from hub_app.extensions import db

FY2022 = "/api/v1/kpis?fiscal_year=2022&hub=welltech"


def committed_version() -> int:
    """The version another process would read now: on a connection of its own, as a GET
    reads (on SQLite a reader, which waits for no writer, the test's own included)."""
    with current_app.test_request_context("/"), db.engine.connect() as connection:
        return connection.execute(select(DataVersion.value).where(DataVersion.id == 1)).scalar_one()


def consultations_figure(api_client) -> int:
    """Welltech's FY2022 consultations as GET /api/v1/kpis serves them."""
    response = api_client.get(FY2022)
    assert response.status_code == 200, response.text
    (item,) = [i for i in response.json["items"] if i["code"] == "welltech.consultations"]
    return item["actual"]


@pytest.fixture
def admin(make_user):
    return make_user("admin", [])


@pytest.fixture
def admin_api(api, admin):
    return api(admin)


@pytest.fixture
def organization(make_organization):
    return make_organization("株式会社キャッシュ検証")

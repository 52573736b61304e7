"""A closed K-NIC fiscal year locks its attendances, matchings and partnerships (409)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from hub_app.core.models import utcnow
from hub_app.events.models import Attendance
from hub_app.extensions import db
from hub_app.knic.models import Matching
from hub_app.kpi.models import FiscalYearClosure
from tests.knic.helpers import make_partnership


@pytest.fixture
def closed_2022(app):
    db.session.add(FiscalYearClosure(hub="knic", fiscal_year=2022, closed_at=utcnow(), snapshot={}))
    db.session.commit()


def test_closed_year_refuses_changes(
    closed_2022, api, knic_staff, make_event, make_talent, make_organization
):
    client = api(knic_staff)
    seminar = make_event("seminar", held_on=date(2022, 10, 1))
    talent = make_talent()
    refused = client.post(
        "/api/v1/attendances", json={"event_id": seminar.id, "talent_id": talent.id}
    )
    assert refused.status_code == 409 and "令和4年度" in str(refused.json)
    startup = make_organization(kind="startup")
    agreed = client.post(
        "/api/v1/matchings",
        json={
            "talent_id": talent.id,
            "organization_id": startup.id,
            "stage": "agreed",
            "agreed_on": "2023-03-01",
        },
    )
    assert agreed.status_code == 409
    partnership = make_partnership(startup, concluded_on=date(2022, 12, 1))
    assert client.delete(f"/api/v1/partnerships/{partnership.id}").status_code == 409
    count = db.session.scalar(select(func.count()).select_from(Attendance))
    assert count == 0 and db.session.scalar(select(func.count()).select_from(Matching)) == 0
    # the next year is open
    later = make_event("seminar", held_on=date(2023, 4, 1))
    ok = client.post("/api/v1/attendances", json={"event_id": later.id, "talent_id": talent.id})
    assert ok.status_code == 201

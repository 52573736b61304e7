"""A year like the hubs' FY2022, in miniature, for the page and API tests."""

from datetime import date

import pytest

from hub_app.extensions import db
from tests.kpi import records as r


@pytest.fixture
def fy2022(app):
    """Hand-counted FY2022: 3 projects (1 launched), 4 invitations, 5 consultations,
    2 trained talents (one at two seminars), 2 matchings, 1 partnership."""
    for month in (4, 6, 9):
        r.project(date(2022, month, 1), launched_on=date(2022, 12, 1) if month == 4 else None)
    for day in range(1, 5):
        r.invitation(date(2022, 5, day))
    for day in range(1, 6):
        r.consultation(date(2022, 7, day))
    r.consultation(date(2023, 4, 1))
    alice = r.talent(full_name="川崎花子")
    bob = r.talent(full_name="溝口太郎")
    first, second = r.event(date(2022, 6, 1), "seminar"), r.event(date(2023, 2, 1), "training")
    r.attendance(first, alice)
    r.attendance(second, alice)
    r.attendance(second, bob)
    r.matching(date(2022, 10, 1), "agreed", talent_id=alice.id)
    r.matching(date(2022, 11, 1), "ended", talent_id=bob.id)
    r.matching(None, "interviewing")
    r.partnership(date(2022, 8, 1))
    db.session.commit()
    return {
        "welltech.projects": 3,
        "welltech.invitations": 4,
        "welltech.consultations": 5,
        "welltech.commercialized": 1,
        "knic.trained_talents": 2,
        "knic.matchings": 2,
        "knic.partnerships": 1,
    }

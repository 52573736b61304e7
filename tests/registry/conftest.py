"""Two spellings of one company, with a record of every kind naming the duplicate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest

from hub_app.bookings.models import Booking
from hub_app.core.models import utcnow
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.organizations.names import name_key
from hub_app.welltech.models import project_partners
from tests.kpi import records as r

IN_2022 = date(2022, 9, 1)


def _organization(name: str, **values) -> Organization:
    organization = Organization(name=name, name_key=name_key(name), kind="sme", **values)
    db.session.add(organization)
    db.session.flush()
    return organization


def _partner(project, organization_id: int) -> None:
    db.session.execute(
        project_partners.insert().values(project_id=project.id, organization_id=organization_id)
    )


_hours = count()


def _booking(organization_id: int) -> None:
    starts = datetime(2022, 9, 1, 1, tzinfo=UTC) + timedelta(hours=2 * next(_hours))
    db.session.add(
        Booking(
            hub="welltech",
            facility="mock_lab",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            title="見学",
            organization_id=organization_id,
        )
    )
    db.session.flush()


def _merged_before(organization_id: int) -> None:
    _organization("もっと前の重複", merged_into_id=organization_id, deleted_at=utcnow())


#: one record naming the organisation, for every column that can (references.py finds
#: them in the metadata; test_every_reference_has_a_maker fails for a column left out)
MAKERS = {
    "consultations.organization_id": lambda o: r.consultation(IN_2022, organization_id=o),
    "invitations.organization_id": lambda o: r.invitation(IN_2022, organization_id=o),
    "projects.lead_organization_id": lambda o: r.project(
        IN_2022, lead_organization_id=o, launched_on=date(2022, 12, 1)
    ),
    "project_partners.organization_id": lambda o: _partner(r.project(IN_2022), o),
    "attendances.organization_id": lambda o: r.attendance(
        r.event(IN_2022, "study_session", "welltech"), organization_id=o
    ),
    "talents.employer_id": lambda o: r.attendance(r.event(IN_2022), r.talent(employer_id=o)),
    "matchings.organization_id": lambda o: r.matching(IN_2022, organization_id=o),
    "partnerships.organization_id": lambda o: r.partnership(IN_2022, organization_id=o),
    "organizations.merged_into_id": _merged_before,
    "bookings.organization_id": _booking,
}


@pytest.fixture
def pair(app):
    """(kept, duplicate): 株式会社かわさきケア and its second spelling, each with records."""
    kept = _organization(
        "株式会社かわさきケア", corporate_number="7000012050002", address="川崎市中原区"
    )
    duplicate = _organization(
        "カワサキケア(有)", name_kana="カワサキケア", website="https://kawasaki-care.example.jp"
    )
    for make in MAKERS.values():
        make(kept.id)
        make(duplicate.id)
    db.session.commit()
    return kept, duplicate

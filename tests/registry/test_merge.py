"""Does a merge move every record to the one kept, resolve duplicates as previewed, keep
every KPI figure, and refuse cleanly?"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from hub_app.core.audit import AuditEntry
from hub_app.core.errors import Conflict, PermissionDenied, ValidationFailed
from hub_app.core.forms import form_from_mapping
from hub_app.events.models import Attendance
from hub_app.extensions import db
from hub_app.knic.models import Matching
from hub_app.kpi import closures
from hub_app.kpi.forms import CloseYearForm
from hub_app.kpi.measures import MEASURES
from hub_app.organizations.models import Organization
from hub_app.registry import merge
from hub_app.registry.references import organization_references
from hub_app.welltech.models import Project
from tests.kpi import records as r
from tests.registry.conftest import IN_2022, MAKERS


def _figures() -> dict[str, dict[int, int]]:
    return {name: m.figures([2021, 2022, 2023]) for name, m in MEASURES.items()}


def _naming(organization_id: int) -> int:
    """How many rows of any table name the organisation."""
    return sum(
        db.session.scalar(
            select(func.count()).select_from(ref.table).where(ref.column == organization_id)
        )
        for ref in organization_references()
    )


def test_every_reference_has_a_maker():
    """A table added later that names organisations is merged too: this test makes sure
    the merge test below gives it a record to move."""
    assert {ref.key for ref in organization_references()} == set(MAKERS)


def test_merge_moves_everything_and_keeps_every_kpi(pair, make_user):
    kept, duplicate = pair
    admin = make_user("admin", [])
    before = _figures()
    assert sum(sum(f.values()) for f in before.values()) > 0
    assert set(before) >= {
        "welltech_projects",
        "welltech_invitations",
        "welltech_consultations",
        "welltech_commercialized",
        "knic_trained_talents",
        "knic_matchings",
        "knic_partnerships",
    }
    moving = _naming(duplicate.id)

    merge.merge_organizations(admin, duplicate, kept, {"name_kana": "from", "website": "from"})
    db.session.commit()

    assert _naming(duplicate.id) == 0
    assert _figures() == before
    assert duplicate.deleted_at is not None and duplicate.merged_into_id == kept.id
    assert kept.name == "株式会社かわさきケア" and kept.name_kana == "カワサキケア"
    assert kept.website == "https://kawasaki-care.example.jp"
    assert kept.corporate_number == "7000012050002"
    updates = db.session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.note.like("企業・団体の統合%"))
    )
    assert updates >= moving


def test_conflicts_are_resolved_as_the_preview_says(pair, make_user):
    kept, duplicate = pair
    admin = make_user("admin", [])
    event = r.event(IN_2022, "study_session", "welltech")
    r.attendance(event, organization_id=kept.id)
    theirs = r.attendance(event, organization_id=duplicate.id)
    talent = r.talent()
    open_kept = r.matching(None, "interviewing", talent_id=talent.id, organization_id=kept.id)
    open_dup = r.matching(IN_2022, "agreed", talent_id=talent.id, organization_id=duplicate.id)
    project = r.project(IN_2022, lead_organization_id=duplicate.id)
    project.partners = [kept]
    db.session.commit()

    preview = merge.preview(admin, duplicate, kept)
    kinds = sorted(c.kind for c in preview.conflicts)
    assert kinds == ["attendance", "matching", "partner"]
    assert preview.total == _naming(duplicate.id)
    before = _figures()

    merge.merge_organizations(admin, duplicate, kept, keep_matchings={talent.id: open_kept.id})
    db.session.commit()

    assert db.session.get(Attendance, theirs.id).deleted_at is not None
    live = db.session.scalar(
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.event_id == event.id, Attendance.deleted_at.is_(None))
    )
    assert live == 1
    assert db.session.get(Matching, open_kept.id).stage == "interviewing"
    ended = db.session.get(Matching, open_dup.id)
    assert (ended.stage, ended.organization_id, ended.deleted_at) == ("ended", kept.id, None)
    merged_project = db.session.get(Project, project.id)
    assert merged_project.lead_organization_id == kept.id and merged_project.partners == []
    assert _figures() == before


def test_a_pending_duplicate_matching_is_dropped_when_the_other_is_kept(pair, make_user):
    kept, duplicate = pair
    admin = make_user("admin", [])
    talent = r.talent()
    mine = r.matching(None, "proposed", talent_id=talent.id, organization_id=kept.id)
    theirs = r.matching(None, "introduced", talent_id=talent.id, organization_id=duplicate.id)
    db.session.commit()
    merge.merge_organizations(admin, duplicate, kept, keep_matchings={talent.id: theirs.id})
    db.session.commit()
    assert db.session.get(Matching, mine.id).deleted_at is not None
    assert db.session.get(Matching, theirs.id).organization_id == kept.id


def test_the_merged_ones_page_leads_to_the_survivor(pair, make_user, login, client):
    kept, duplicate = pair
    admin = make_user("admin", [])
    merge.merge_organizations(admin, duplicate, kept)
    db.session.commit()
    login(make_user("staff", ["welltech"]))
    response = client.get(f"/organizations/{duplicate.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/organizations/{kept.id}")
    assert "統合されました" in client.get(f"/organizations/{kept.id}").text


@pytest.mark.parametrize("case", ["itself", "deleted", "not_admin", "closed_year"])
def test_refusals_store_nothing(pair, make_user, case):
    kept, duplicate = pair
    admin = make_user("admin", [])
    actor, target = admin, kept
    expected: type[Exception] = ValidationFailed
    if case == "itself":
        target = duplicate
    elif case == "deleted":
        target = r.organization()
        target.deleted_at = date(2023, 1, 1)
    elif case == "not_admin":
        actor, expected = make_user("staff", ["welltech", "knic"]), PermissionDenied
    else:
        form = form_from_mapping(CloseYearForm, {"programme": "welltech", "fiscal_year": 2022})
        closures.close_year(make_user("manager", []), form)
        expected = Conflict
    db.session.commit()
    audit_rows = db.session.scalar(select(func.count()).select_from(AuditEntry))
    naming = _naming(duplicate.id)

    with pytest.raises(expected):
        merge.merge_organizations(actor, duplicate, target)
    db.session.rollback()

    assert _naming(duplicate.id) == naming > 0
    assert db.session.get(Organization, duplicate.id).deleted_at is None
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audit_rows


def test_the_preview_names_records_in_a_closed_year(pair, make_user):
    kept, duplicate = pair
    form = form_from_mapping(CloseYearForm, {"programme": "knic", "fiscal_year": 2022})
    closures.close_year(make_user("manager", []), form)
    db.session.commit()
    preview = merge.preview(make_user("admin", []), duplicate, kept)
    assert preview.blockers and all("令和4年度" in b for b in preview.blockers)
    assert any(b.startswith("マッチング") for b in preview.blockers)

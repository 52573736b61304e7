"""Closing a fiscal year: snapshot, the lock on every write path, reopening, differences."""

from datetime import date

import pytest
from sqlalchemy import select

from hub_app.core import clock, records
from hub_app.core.audit import AuditEntry
from hub_app.core.errors import Conflict, PermissionDenied
from hub_app.core.forms import form_from_mapping
from hub_app.extensions import db
from hub_app.kpi import closures
from hub_app.kpi.forms import CloseYearForm
from hub_app.kpi.models import FiscalYearClosure
from hub_app.kpi.report import build_report
from hub_app.welltech.models import Consultation
from tests.factories import post_form
from tests.kpi import records as r

IN_2022 = date(2022, 9, 1)


def close(actor, hub: str = "welltech", year: int = 2022) -> FiscalYearClosure:
    form = form_from_mapping(CloseYearForm, {"hub": hub, "fiscal_year": year})
    closure = closures.close_year(actor, form)
    db.session.commit()
    return closure


def test_manager_closes_a_year_from_the_report_page(fy2022, client, login, make_user):
    manager = make_user("manager", [])
    login(manager)
    response = post_form(
        client, "/kpi/close", {"hub": "welltech", "fiscal_year": "2022"}, "/kpi?fiscal_year=2022"
    )
    assert response.status_code == 302
    closure = db.session.scalars(select(FiscalYearClosure)).one()
    assert (closure.hub, closure.fiscal_year, closure.closed_by) == ("welltech", 2022, manager.id)
    items = {item["code"]: item for item in closure.snapshot["items"]}
    assert items["welltech.consultations"] == {
        "code": "welltech.consultations",
        "name": "相談・技術助言件数",
        "unit": "件",
        "plan": 15,
        "actual": 5,
    }
    assert closure.snapshot["budgets"] == [{"kind": "actual", "total_cost": 21618, "grant": 10809}]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "close_year")).one()
    assert entry.user_id == manager.id and entry.entity_id == closure.id
    page = client.get("/kpi?fiscal_year=2022")
    assert "締め済み" in page.text and "締めた時点の数値" in page.text


def test_closing_refusals(app, make_user):
    manager = make_user("manager", [])
    this_year = clock.today().year if clock.today().month >= 4 else clock.today().year - 1
    with pytest.raises(Conflict, match="まだ終わっていない"):
        close(manager, year=this_year)
    close(manager)
    with pytest.raises(Conflict, match="すでに締め済み"):
        close(manager)
    with pytest.raises(PermissionDenied):
        close(make_user("staff", ["welltech"]), hub="knic")


@pytest.mark.parametrize(
    "write",
    [
        lambda actor: records.create(
            actor,
            r.Consultation(
                hub="welltech",
                organization_id=r.organization().id,
                opened_on=IN_2022,
                kind="consultation",
                channel="visit",
                topic="other",
                title="締め後",
            ),
        ),
        lambda actor: records.update(actor, r.consultation(IN_2022), {"title": "変更"}),
        lambda actor: records.soft_delete(actor, r.invitation(IN_2022)),
        lambda actor: records.update(
            actor, r.consultation(date(2023, 5, 1)), {"opened_on": IN_2022}
        ),
        lambda actor: records.update(
            actor, r.project(date(2021, 5, 1), launched_on=IN_2022), {"title": "x"}
        ),
        lambda actor: records.update(actor, r.project(IN_2022), {"title": "x"}),
        lambda actor: records.soft_delete(
            actor, r.attendance(r.event(IN_2022, "seminar", hub="welltech"))
        ),
        lambda actor: records.restore(actor, r.partnership(IN_2022, hub="welltech", deleted=True)),
    ],
    ids=[
        "create",
        "update",
        "delete",
        "move-into",
        "launched-on",
        "started-on",
        "attendance",
        "restore",
    ],
)
def test_closed_year_refuses_every_write_to_its_records(app, make_user, write):
    admin = make_user("admin", [])
    close(admin)
    with pytest.raises(Conflict, match="令和4年度は年度締め済み"):
        write(admin)


def test_other_hub_and_other_years_stay_open(app, make_user):
    admin = make_user("admin", [])
    close(admin)
    records.update(admin, r.consultation(date(2023, 4, 1)), {"title": "翌年度"})
    records.soft_delete(admin, r.matching(IN_2022))  # K-NIC is not closed
    records.update(admin, r.project(date(2021, 4, 1)), {"title": "前年度"})


def test_knic_closure_locks_matchings_partnerships_events_and_attendances(app, make_user):
    admin = make_user("admin", [])
    matching, partnership = r.matching(IN_2022), r.partnership(IN_2022)
    seminar = r.event(IN_2022, "seminar")
    attendance = r.attendance(seminar)
    db.session.commit()
    close(admin, hub="knic")
    for write in (
        lambda: records.update(admin, matching, {"role": "CFO"}),
        lambda: records.soft_delete(admin, partnership),
        lambda: records.update(admin, seminar, {"title": "変更"}),
        lambda: records.soft_delete(admin, attendance),
        lambda: records.create(admin, r.Attendance(event_id=seminar.id, talent_id=r.talent().id)),
    ):
        with pytest.raises(Conflict):
            write()
        db.session.rollback()


def test_plans_and_budgets_of_a_closed_year_answer_409_in_the_api(app, api, make_user):
    admin = make_user("admin", [])
    close(admin, hub="knic")
    client = api(admin)
    refused = client.put("/api/v1/kpis/knic.matchings/targets/2022", json={"plan": 9})
    assert refused.status_code == 409 and "令和4年度" in refused.json["errors"]["fiscal_year"][0]
    budget_id = client.get("/api/v1/budgets?hub=knic&fiscal_year=2022").json["items"][0]["id"]
    assert client.patch(f"/api/v1/budgets/{budget_id}", json={"grant": 1}).status_code == 409
    assert (
        client.put("/api/v1/kpis/welltech.projects/targets/2022", json={"plan": 9}).status_code
        == 200
    )


def test_refused_page_write_shows_409(fy2022, client, login, make_user):
    admin = make_user("admin", [])
    close(admin, hub="knic")
    login(admin)
    response = post_form(
        client, "/kpi/plans/knic.matchings/2022", {"plan": "3"}, "/kpi/plans?fiscal_year=2022"
    )
    assert response.status_code == 409 and "締め" in response.text


def test_admin_reopens_and_report_shows_both_figures_and_what_changed(
    fy2022, client, login, make_user
):
    manager, admin = make_user("manager", []), make_user("admin", [])
    closure = close(manager)
    login(manager)
    assert (
        post_form(
            client, f"/kpi/closures/{closure.id}/reopen", {}, "/kpi?fiscal_year=2022"
        ).status_code
        == 403
    )
    client.post("/logout", data={})
    other = client.application.test_client()
    login(admin, test_client=other)
    assert (
        post_form(
            other, f"/kpi/closures/{closure.id}/reopen", {}, "/kpi?fiscal_year=2022"
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(FiscalYearClosure, closure.id).reopened_by == admin.id
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "reopen_year")).one()
    added = records.create(
        admin,
        Consultation(
            hub="welltech",
            organization_id=r.organization().id,
            opened_on=IN_2022,
            kind="consultation",
            channel="visit",
            topic="other",
            title="締め後に追加",
        ),
    )
    db.session.commit()
    comparison = closures.compare(closure, build_report([2022], ["welltech"]))
    row = next(i for i in comparison.items if i["code"] == "welltech.consultations")
    assert (row["actual"], row["live_actual"], row["differs"]) == (5, 6, True)
    assert [(e.entity, e.entity_id) for e in comparison.changes] == [("consultation", added.id)]
    page = other.get("/kpi?fiscal_year=2022&hub=welltech")
    assert (
        "締め解除済み" in page.text
        and "差異あり" in page.text
        and f"consultation #{added.id}" in page.text
    )
    # closed again: a fresh snapshot, the lock back in force
    close(manager)
    with pytest.raises(Conflict):
        records.update(admin, added, {"title": "再締め後"})


def test_a_record_moved_out_of_a_reopened_year_is_listed(fy2022, make_user):
    admin = make_user("admin", [])
    closure = close(admin)
    closures.reopen_year(admin, closure)
    moved = db.session.scalars(
        select(Consultation).where(Consultation.opened_on == date(2022, 7, 1))
    ).first()
    records.update(admin, moved, {"opened_on": date(2023, 7, 1)})
    db.session.commit()
    comparison = closures.compare(closure, build_report([2022], ["welltech"]))
    assert comparison.differs
    assert [(e.entity, e.entity_id, e.action) for e in comparison.changes] == [
        ("consultation", moved.id, "update")
    ]

"""An invitation answered 参画 with a project adds the company to the project's partners,
in the same transaction, with an audit row on the project (form, API and import)."""

from __future__ import annotations

from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.core.audit import AuditEntry
from hub_app.core.models import utcnow
from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.kpi.models import FiscalYearClosure
from hub_app.welltech.models import Invitation
from tests.factories import post_form


def partner_ids(project) -> list[int]:
    db.session.expire_all()
    return project.partner_ids


def project_audits(project) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "project", AuditEntry.entity_id == project.id)
            .where(AuditEntry.action == "update")
        )
    )


def body(organization, project, **values):
    return {
        "organization_id": organization.id,
        "invited_on": "2022-07-01",
        "method": "visit",
        "project_id": project.id,
        **values,
    }


def test_answering_joined_on_the_page_adds_the_partner(
    client, login, staff, make_organization, make_project, make_invitation
):
    company = make_organization("デルタ工業株式会社")
    project = make_project()
    invitation = make_invitation(company, project_id=project.id)
    login(staff)
    url = f"/welltech/invitations/{invitation.id}"
    answered = post_form(client, url + "/outcome", {"outcome": "joined"}, url)
    assert answered.status_code == 302
    assert partner_ids(project) == [company.id]
    [entry] = project_audits(project)
    assert entry.changes == {"partner_ids": [[], [company.id]]}
    assert entry.user_id == staff.id
    assert entry.note == f"参画打診(ID {invitation.id})の回答「参画」により連携先に追加"
    assert "デルタ工業株式会社" in client.get(f"/welltech/projects/{project.id}").text


def test_the_api_adds_the_partner_once_and_never_the_lead(
    api, staff, make_organization, make_project
):
    client = api(staff)
    lead, company, other = (make_organization() for _ in range(3))
    project = make_project(lead=lead, partners=[other])
    created = client.post("/api/v1/invitations", json=body(company, project, outcome="joined"))
    assert created.status_code == 201, created.text
    assert partner_ids(project) == sorted([other.id, company.id])
    again = client.post(
        "/api/v1/invitations",
        json=body(company, project, outcome="joined", invited_on="2022-08-01"),
    )
    assert again.status_code == 201
    assert client.post("/api/v1/invitations", json=body(lead, project, outcome="joined"))
    assert partner_ids(project) == sorted([other.id, company.id])
    assert len(project_audits(project)) == 1
    shown = client.get(f"/api/v1/projects/{project.id}").json
    assert sorted(shown["partner_ids"]) == sorted([other.id, company.id])


def test_a_later_answer_takes_nobody_out_and_a_removed_partner_stays_removed(
    api, staff, make_organization, make_project
):
    client = api(staff)
    company = make_organization()
    project = make_project()
    created = client.post("/api/v1/invitations", json=body(company, project, outcome="joined"))
    url = f"/api/v1/invitations/{created.json['id']}"
    assert client.patch(url, json={"outcome": "declined"}).status_code == 200
    assert partner_ids(project) == [company.id]
    assert client.patch(f"/api/v1/projects/{project.id}", json={"partner_ids": []}).status_code
    assert client.patch(url, json={"notes": "辞退の連絡あり"}).status_code == 200
    assert partner_ids(project) == []


def test_other_answers_and_no_project_add_nothing(api, staff, make_organization, make_project):
    client = api(staff)
    company = make_organization()
    project = make_project()
    for outcome in ("pending", "interested", "declined"):
        client.post("/api/v1/invitations", json=body(company, project, outcome=outcome))
    no_project = {**body(company, project, outcome="joined"), "project_id": None}
    assert client.post("/api/v1/invitations", json=no_project).status_code == 201
    assert partner_ids(project) == [] and project_audits(project) == []


def test_a_project_in_a_closed_year_refuses_the_answer_and_stores_nothing(
    api, staff, make_organization, make_project, make_invitation
):
    company = make_organization()
    project = make_project()  # started in FY2022
    # the invitation itself is of this year, which is open
    invitation = make_invitation(company, project_id=project.id, invited_on=clock.today())
    db.session.add(
        FiscalYearClosure(hub="welltech", fiscal_year=2022, closed_at=utcnow(), snapshot={})
    )
    db.session.commit()
    refused = api(staff).patch(f"/api/v1/invitations/{invitation.id}", json={"outcome": "joined"})
    assert refused.status_code == 409, refused.text
    [message] = refused.json["errors"]["outcome"]
    assert "「見守りセンサーの改良」は年度締め済み" in message
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).outcome == "pending"
    assert partner_ids(project) == []


def test_an_import_adds_partners_in_its_one_transaction(
    tmp_path, staff, make_organization, make_project
):
    first, second = make_organization(), make_organization()
    project = make_project()
    header = "企業・団体ID,打診日,打診方法,対象プロジェクトID,結果"
    lines = [
        header,
        f"{first.id},2022-07-01,訪問,{project.id},参画",
        f"{second.id},2022-07-02,電話,{project.id},参画",
        f"{second.id},2022-13-02,電話,{project.id},参画",
    ]
    path = tmp_path / "invitations.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    refused = import_file("invitations", path, staff)
    assert not refused.ok and [e.line for e in refused.errors] == [4]
    assert partner_ids(project) == []  # the bad row took the whole file back
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    path.write_text("\n".join(lines[:3]), encoding="utf-8")
    assert import_file("invitations", path, staff).ok
    assert partner_ids(project) == sorted([first.id, second.id])
    assert len(project_audits(project)) == 2

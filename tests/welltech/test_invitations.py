"""Invitations: outcome as the answer comes, filters, export, permissions, API."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.welltech.models import Invitation
from tests.factories import post_form

TOMORROW = (clock.today() + timedelta(days=1)).isoformat()


def invitation_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Invitation))


def form_data(organization, **overrides):
    data = {
        "organization_id": str(organization.id),
        "invited_on": "2022-07-01",
        "method": "event",
        "project_id": "",
        "outcome": "pending",
        "notes": "展示会で声がけ",
    }
    data.update(overrides)
    return data


def test_create_then_record_the_answer(client, login, staff, make_organization, make_project):
    organization = make_organization("デルタ工業")
    project = make_project()
    login(staff)
    response = post_form(
        client,
        "/welltech/invitations/new",
        form_data(organization, project_id=str(project.id)),
    )
    assert response.status_code == 302
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.hub == "welltech" and invitation.project_id == project.id
    url = response.headers["Location"]
    assert "デルタ工業" in client.get(url).text

    answered = post_form(client, url + "/outcome", {"outcome": "joined"}, url)
    assert answered.status_code == 302
    db.session.refresh(invitation)
    assert invitation.outcome == "joined"
    change = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "invitation", AuditEntry.action == "update")
    ).one()
    assert change.changes == {"outcome": ["pending", "joined"]}
    wrong = post_form(client, url + "/outcome", {"outcome": "maybe"}, url)
    assert wrong.status_code == 422 and "結果を選んでください。" in wrong.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"invited_on": TOMORROW}, "未来の日付は指定できません。"),
        ({"invited_on": ""}, "打診日を入力してください。"),
        ({"method": ""}, "打診方法を選んでください。"),
        ({"outcome": "accepted"}, "結果を選んでください。"),
        ({"project_id": "424242"}, "指定されたプロジェクトは登録されていません。"),
        ({"organization_id": ""}, "打診先の企業・団体を選んでください。"),
    ],
)
def test_invalid_invitation_refused(client, login, staff, make_organization, overrides, message):
    login(staff)
    response = post_form(
        client, "/welltech/invitations/new", form_data(make_organization(), **overrides)
    )
    assert response.status_code == 422 and message in response.text
    assert invitation_count() == 0


def test_edit_and_delete(client, login, staff, make_invitation):
    invitation = make_invitation(notes="最初のメモ")
    login(staff)
    url = f"/welltech/invitations/{invitation.id}"
    data = form_data(invitation.organization, outcome="declined", notes="辞退の連絡")
    assert post_form(client, url + "/edit", data).status_code == 302
    db.session.refresh(invitation)
    assert invitation.outcome == "declined" and invitation.notes == "辞退の連絡"
    assert post_form(client, url + "/delete", {}, url).status_code == 302
    assert client.get(url).status_code == 404
    db.session.refresh(invitation)
    assert invitation.deleted_at is not None


def test_list_filters_and_export(client, login, staff, make_organization, make_invitation):
    alpha = make_organization("アルファ")
    beta = make_organization("ベータ")
    make_invitation(alpha, outcome="joined", invited_on=date(2022, 4, 1), notes="参画した打診")
    make_invitation(beta, outcome="declined", invited_on=date(2023, 3, 31), notes="辞退した打診")
    make_invitation(beta, outcome="pending", invited_on=date(2023, 4, 1), notes="翌年度の打診")
    login(staff)

    def page(query: str) -> str:
        return client.get("/welltech/invitations?" + query).text

    fy2022 = page("fiscal_year=2022")
    assert "アルファ" in fy2022 and "全2件" in fy2022
    assert "全1件" in page("outcome=joined")
    assert "全2件" in page(f"organization_id={beta.id}")
    assert "全1件" in page("q=翌年度")
    export = client.get("/welltech/invitations/export.csv?outcome=declined")
    text = export.data.decode("utf-8-sig")
    export.close()
    assert "辞退した打診" in text and "参画した打診" not in text and "辞退" in text


def test_list_page_runs_a_fixed_number_of_queries(
    client, login, staff, make_invitation, make_project, count_queries
):
    project = make_project()
    login(staff)

    def seed(n):
        for _ in range(n):
            make_invitation(project_id=project.id)

    def page():
        return client.get("/welltech/invitations?per_page=100")

    seed(5)
    _r, five = count_queries(page)
    seed(45)
    response, fifty = count_queries(page)
    assert "全50件" in response.text
    assert five == fifty, (five, fifty)


def test_knic_staff_refused(client, login, make_user, make_invitation):
    invitation = make_invitation()
    login(make_user("staff", ["knic"]))
    assert client.get("/welltech/invitations").status_code == 403
    assert client.get(f"/welltech/invitations/{invitation.id}").status_code == 403


def test_api_crud_outcome_and_permissions(api, staff, make_user, make_organization):
    client = api(staff)
    organization = make_organization()
    values = {"organization_id": organization.id, "invited_on": "2022-07-01", "method": "phone"}
    created = client.post("/api/v1/invitations", json=values)
    assert created.status_code == 201, created.json
    assert created.json["outcome"] == "pending" and created.json["hub"] == "welltech"
    url = f"/api/v1/invitations/{created.json['id']}"
    patched = client.patch(url, json={"outcome": "interested"})
    assert patched.status_code == 200 and patched.json["outcome"] == "interested"
    assert patched.json["method"] == "phone"
    bad = client.patch(url, json={"outcome": "yes"})
    assert bad.status_code == 422 and "outcome" in bad.json["errors"]
    unknown = client.post("/api/v1/invitations", json={**values, "project_id": 999})
    assert unknown.status_code == 422 and "project_id" in unknown.json["errors"]
    future = client.post(
        "/api/v1/invitations",
        json={**values, "invited_on": (clock.today() + timedelta(days=3)).isoformat()},
    )
    assert future.status_code == 422
    listed = client.get("/api/v1/invitations?outcome=interested&fiscal_year=2022").json
    assert listed["total"] == 1

    knic = api(make_user("staff", ["knic"]))
    assert knic.get("/api/v1/invitations").status_code == 403
    assert knic.get(url).status_code == 403
    assert knic.post("/api/v1/invitations", json=values).status_code == 403
    assert knic.patch(url, json={"outcome": "declined"}).status_code == 403
    assert invitation_count() == 1
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404

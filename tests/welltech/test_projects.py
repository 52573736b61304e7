"""Projects: stage rules, partners, list and board, permissions, API with partner_ids."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.welltech.models import Project
from tests.factories import post_form

TOMORROW = (clock.today() + timedelta(days=1)).isoformat()


def project_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Project))


def form_data(lead, partners=(), **overrides):
    data = {
        "title": "移乗リフトの改良",
        "kind": "improvement",
        "lead_organization_id": str(lead.id),
        "partner_ids": [str(p.id) for p in partners],
        "product_category": "transfer",
        "stage": "planning",
        "started_on": "2022-05-01",
        "launched_on": "",
        "ended_on": "",
        "summary": "",
    }
    data.update(overrides)
    return data


def test_create_project_with_partners(client, login, staff, make_organization):
    lead = make_organization("主体株式会社")
    partner_a = make_organization("連携A")
    partner_b = make_organization("連携B")
    login(staff)
    response = post_form(client, "/welltech/projects/new", form_data(lead, [partner_a, partner_b]))
    assert response.status_code == 302, response.text
    project = db.session.scalars(select(Project)).one()
    assert project.hub == "welltech"
    assert project.partner_ids == sorted([partner_a.id, partner_b.id])
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "project")).one()
    assert entry.changes["partner_ids"] == [None, sorted([partner_a.id, partner_b.id])]
    page = client.get(response.headers["Location"]).text
    assert "連携A" in page and "連携B" in page and "主体株式会社" in page
    partner_page = client.get(f"/organizations/{partner_a.id}").text
    assert "移乗リフトの改良" in partner_page and "連携先" in partner_page


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"stage": "launched"}, "市場化の段階では市場化日を入力してください。"),
        (
            {"stage": "launched", "launched_on": "2022-04-01"},
            "市場化日は開始日以降の日付にしてください。",
        ),
        ({"stage": "launched", "launched_on": TOMORROW}, "未来の日付は指定できません。"),
        ({"ended_on": "2022-04-30"}, "終了日は開始日以降の日付にしてください。"),
        ({"started_on": ""}, "開始日を入力してください。"),
        ({"stage": "finished"}, "段階を選んでください。"),
        ({"product_category": ""}, "製品分類を選んでください。"),
        ({"lead_organization_id": "999999"}, "指定された企業・団体は登録されていません。"),
        ({"partner_ids": ["999999"]}, "連携先に登録されていない企業・団体があります。"),
        ({"partner_ids": ["x"]}, "IDは整数で指定してください。"),
    ],
)
def test_stage_rules_refused_next_to_field(
    client, login, staff, make_organization, overrides, field_message
):
    login(staff)
    response = post_form(
        client, "/welltech/projects/new", form_data(make_organization(), **overrides)
    )
    assert response.status_code == 422
    assert field_message in response.text
    assert project_count() == 0


def test_lead_cannot_be_a_partner(client, login, staff, make_organization):
    lead = make_organization()
    login(staff)
    response = post_form(client, "/welltech/projects/new", form_data(lead, [lead]))
    assert response.status_code == 422 and "主体企業は連携先に含めないでください。" in response.text


def test_launch_edit_and_delete(client, login, staff, make_project, make_organization):
    partner = make_organization("後から連携")
    project = make_project()
    login(staff)
    url = f"/welltech/projects/{project.id}"
    assert "見守りセンサーの改良" in client.get(url + "/edit").text
    data = form_data(
        project.lead_organization, [partner], stage="launched", launched_on="2023-02-01"
    )
    assert post_form(client, url + "/edit", data).status_code == 302
    db.session.refresh(project)
    assert project.stage == "launched" and project.launched_on == date(2023, 2, 1)
    assert project.partner_ids == [partner.id]
    change = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "project", AuditEntry.action == "update")
    ).one()
    assert change.changes["partner_ids"] == [[], [partner.id]]
    assert change.changes["stage"] == ["planning", "launched"]
    assert post_form(client, url + "/delete", {}, url).status_code == 302
    assert client.get(url).status_code == 404


def test_list_and_board_filters(client, login, staff, make_organization, make_project):
    lead = make_organization("リード社")
    partner = make_organization("パートナー社")
    make_project(lead, title="計画中の案件", started_on=date(2022, 5, 1))
    make_project(
        title="市場化した案件",
        stage="launched",
        started_on=date(2021, 5, 1),
        launched_on=date(2022, 10, 1),
        product_category="bathing",
        partners=[partner],
    )
    make_project(title="中止した案件", stage="cancelled", started_on=date(2022, 6, 1))
    login(staff)

    def page(path: str) -> str:
        return client.get(path).text

    fy2022 = page("/welltech/projects?fiscal_year=2022")
    assert "計画中の案件" in fy2022 and "中止した案件" in fy2022 and "市場化した案件" not in fy2022
    assert "全1件" in page("/welltech/projects?stage=launched")
    assert "全1件" in page("/welltech/projects?product_category=bathing")
    assert "市場化した案件" in page(f"/welltech/projects?organization_id={partner.id}")
    assert "計画中の案件" in page("/welltech/projects?q=リード")
    board = page("/welltech/projects/board")
    assert board.index("計画中の案件") < board.index("市場化した案件") < board.index("中止した案件")
    assert "市場化(1)" in board and "中止(1)" in board
    export = client.get("/welltech/projects/export.csv?stage=launched")
    text = export.data.decode("utf-8-sig")
    export.close()
    assert "市場化した案件" in text and "パートナー社" in text and "計画中の案件" not in text


@pytest.mark.parametrize("path", ["/welltech/projects?per_page=100", "/welltech/projects/board"])
def test_list_pages_run_a_fixed_number_of_queries(
    client, login, staff, make_organization, make_project, count_queries, path
):
    login(staff)

    def seed(n):
        for _ in range(n):
            make_project(partners=[make_organization(), make_organization()])

    seed(5)
    _r, five = count_queries(lambda: client.get(path))
    seed(45)
    response, fifty = count_queries(lambda: client.get(path))
    assert response.status_code == 200
    assert five == fifty, (five, fifty)


def test_knic_staff_refused(client, login, make_user, make_project):
    project = make_project()
    login(make_user("staff", ["knic"]))
    assert client.get("/welltech/projects").status_code == 403
    assert client.get("/welltech/projects/board").status_code == 403
    assert client.get(f"/welltech/projects/{project.id}").status_code == 403


def test_api_projects_with_partner_ids(api, staff, make_user, make_organization):
    client = api(staff)
    lead, a, b = make_organization(), make_organization(), make_organization()
    values = {
        "title": "入浴支援機器の新規開発",
        "kind": "new_development",
        "lead_organization_id": lead.id,
        "partner_ids": [b.id, a.id],
        "product_category": "bathing",
        "started_on": "2022-04-10",
    }
    created = client.post("/api/v1/projects", json=values)
    assert created.status_code == 201, created.json
    assert created.json["partner_ids"] == sorted([a.id, b.id])
    assert created.json["stage"] == "planning"
    url = f"/api/v1/projects/{created.json['id']}"
    refused = client.patch(url, json={"stage": "launched"})
    assert refused.status_code == 422
    assert refused.json["errors"] == {
        "launched_on": ["市場化の段階では市場化日を入力してください。"]
    }
    launched = client.patch(url, json={"stage": "launched", "launched_on": "2023-01-10"})
    assert launched.status_code == 200 and launched.json["partner_ids"] == sorted([a.id, b.id])
    fewer = client.patch(url, json={"partner_ids": [a.id]})
    assert fewer.json["partner_ids"] == [a.id] and fewer.json["launched_on"] == "2023-01-10"
    assert client.patch(url, json={"partner_ids": "1"}).status_code == 422
    unknown = client.patch(url, json={"partner_ids": [424242]})
    assert unknown.status_code == 422 and "partner_ids" in unknown.json["errors"]
    assert client.get("/api/v1/projects?stage=launched").json["total"] == 1
    assert client.get("/api/v1/projects?fiscal_year=2022").json["total"] == 1

    knic = api(make_user("staff", ["knic"]))
    assert knic.get(url).status_code == 403
    assert knic.post("/api/v1/projects", json=values).status_code == 403
    assert project_count() == 1

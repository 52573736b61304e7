"""Partnerships with large companies, listed on the organisation's page."""

from datetime import timedelta

from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.extensions import db
from hub_app.knic.models import Partnership
from tests.factories import post_form
from tests.knic.helpers import count_queries, make_partnership


def _partnerships() -> int:
    return db.session.scalar(select(func.count()).select_from(Partnership))


def test_staff_registers_a_partnership_shown_on_the_organisation(
    client, login, knic_staff, make_organization
):
    company = make_organization("大企業H", kind="large_company")
    login(knic_staff)
    response = post_form(
        client,
        f"/knic/partnerships/new?organization_id={company.id}",
        {
            "organization_id": str(company.id),
            "kind": "agreement",
            "concluded_on": "2022-07-01",
            "summary": "副業人材の派遣に関する連携協定",
        },
    )
    assert response.status_code == 302, response.text
    record = db.session.scalars(select(Partnership)).one()
    assert record.hub == "knic" and record.kind == "agreement"
    page = client.get(f"/organizations/{company.id}").text
    assert "大企業等との連携" in page and "副業人材の派遣に関する連携協定" in page
    assert "連携協定" in page


def test_future_date_and_unknown_kind_are_refused(
    client, login, api, knic_staff, make_organization
):
    company = make_organization()
    login(knic_staff)
    future = (clock.today() + timedelta(days=1)).isoformat()
    response = post_form(
        client,
        "/knic/partnerships/new",
        {"organization_id": str(company.id), "kind": "partner_company", "concluded_on": future},
    )
    assert response.status_code == 422 and "未来の日付は指定できません" in response.text
    client_api = api(knic_staff)
    bad = client_api.post(
        "/api/v1/partnerships",
        json={"organization_id": company.id, "kind": "friendship", "concluded_on": "2022-04-01"},
    )
    assert bad.status_code == 422 and "kind" in bad.json["errors"]
    missing = client_api.post(
        "/api/v1/partnerships",
        json={"organization_id": 999, "kind": "desk", "concluded_on": "2022-04-01"},
    )
    assert missing.status_code == 422 and "organization_id" in missing.json["errors"]
    assert _partnerships() == 0


def test_api_crud_and_permissions(api, make_user, make_organization):
    company = make_organization()
    staff = api(make_user("staff", ["knic"]))
    body = {"organization_id": company.id, "kind": "joint_event", "concluded_on": "2022-10-01"}
    created = staff.post("/api/v1/partnerships", json=body)
    assert created.status_code == 201 and created.json["hub"] == "knic"
    listed = staff.get("/api/v1/partnerships?fiscal_year=2022").json
    assert listed["total"] == 1
    assert staff.get("/api/v1/partnerships?fiscal_year=2023").json["total"] == 0
    welltech = api(make_user("staff", ["welltech"]))
    assert welltech.post("/api/v1/partnerships", json=body).status_code == 403
    assert welltech.get("/api/v1/partnerships").status_code == 403
    path = f"/api/v1/partnerships/{created.json['id']}"
    assert welltech.patch(path, json={"kind": "desk"}).status_code == 403
    assert staff.patch(path, json={"kind": "desk"}).json["kind"] == "desk"
    assert staff.delete(path).status_code == 204 and staff.get(path).status_code == 404


def test_organisation_page_hides_knic_sections_from_welltech_staff(
    client, login, make_user, make_organization
):
    company = make_organization("大企業I", kind="large_company")
    make_partnership(company, summary="秘密ではないが対象外")
    login(make_user("staff", ["welltech"]))
    page = client.get(f"/organizations/{company.id}").text
    assert "大企業I" in page and "秘密ではないが対象外" not in page


def test_list_runs_a_fixed_number_of_queries(client, login, knic_staff, make_organization):
    login(knic_staff)

    def measure() -> int:
        with count_queries() as counter:
            assert client.get("/knic/partnerships?per_page=100").status_code == 200
        return counter[0]

    for _ in range(5):
        make_partnership(make_organization(kind="large_company"))
    five = measure()
    for _ in range(45):
        make_partnership(make_organization(kind="large_company"))
    assert measure() == five


def test_a_malformed_or_blank_date_gets_the_right_message(api, make_user, make_organization):
    """2020-02-30 is a wrong date, not a missing one; a blank is a missing one."""
    client = api(make_user("staff", ["knic"]))
    organization = make_organization(kind="large_company")
    base = {"organization_id": organization.id, "kind": "agreement"}
    wrong = client.post("/api/v1/partnerships", json={**base, "concluded_on": "2020-02-30"})
    assert wrong.status_code == 422
    assert wrong.json["errors"]["concluded_on"] == ["日付はYYYY-MM-DDの形式で入力してください。"]
    blank = client.post("/api/v1/partnerships", json={**base, "concluded_on": " "})
    assert blank.status_code == 422
    assert blank.json["errors"]["concluded_on"] == ["締結・開始日を入力してください。"]

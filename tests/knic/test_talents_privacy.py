"""Who sees talents and their contacts (APPI): pages, API and exports alike."""

import pytest
from sqlalchemy import select

from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from tests.knic.helpers import ROLES, count_queries


@pytest.fixture
def person(make_talent):
    return make_talent("川崎 花子", email="hanako@example.jp", phone="044-000-1111")


@pytest.mark.parametrize("role", ROLES)
def test_list_detail_and_export_pages_follow_the_role(role, client, login, make_user, person):
    """Can this role open the talent pages, and are e-mail and phone shown to it?"""
    role_code, hubs, sees, contacts = ROLES[role]
    login(make_user(role_code, hubs))
    for path in ("/knic/talents", f"/knic/talents/{person.id}", "/knic/talents/export.csv"):
        response = client.get(path)
        text = response.get_data(as_text=True)
        response.close()
        if not sees:
            assert response.status_code == 403, path
            assert "川崎 花子" not in text
            continue
        assert response.status_code == 200, path
        assert "川崎 花子" in text
        assert ("hanako@example.jp" in text) is contacts, path
        assert ("044-000-1111" in text) is contacts, path


@pytest.mark.parametrize("role", ROLES)
def test_api_follows_the_role(role, api, make_user, person):
    """Does the API leave out e-mail and phone for a K-NIC manager, and refuse others?"""
    role_code, hubs, sees, contacts = ROLES[role]
    client = api(make_user(role_code, hubs))
    listed = client.get("/api/v1/talents")
    shown = client.get(f"/api/v1/talents/{person.id}")
    if not sees:
        assert listed.status_code == shown.status_code == 403
        return
    assert listed.status_code == shown.status_code == 200
    assert listed.json["items"][0]["full_name"] == "川崎 花子"
    assert ("email" in shown.json) is contacts and ("phone" in shown.json) is contacts
    assert ("email" in listed.json["items"][0]) is contacts


def test_xlsx_export_has_no_contacts_for_a_manager(client, login, make_user, person):
    from io import BytesIO

    from openpyxl import load_workbook

    login(make_user("manager", ["knic"]))
    response = client.get("/knic/talents/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.data)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "氏名" in header and "メールアドレス" not in header and "電話番号" not in header


def test_export_is_written_to_the_audit_log(client, login, make_user, person):
    user = make_user("staff", ["knic"])
    login(user)
    response = client.get("/knic/talents/export.csv?status=active")
    response.get_data()
    response.close()
    assert response.status_code == 200
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert entry.user_id == user.id and entry.entity == "talent"
    assert entry.changes["filters"][1] == {"status": "active"}
    assert "email" in entry.changes["fields"][1]


def test_welltech_staff_cannot_write_talents(client, api, login, make_user, person):
    from hub_app.knic.models import Talent
    from tests.factories import post_form

    user = make_user("staff", ["welltech"])
    token_client = api(user)
    body = {"full_name": "新人", "consent_on": "2024-04-01"}
    assert token_client.post("/api/v1/talents", json=body).status_code == 403
    assert token_client.patch(f"/api/v1/talents/{person.id}", json=body).status_code == 403
    assert token_client.delete(f"/api/v1/talents/{person.id}").status_code == 403
    login(user)
    assert client.get("/knic/talents/new").status_code == 403
    response = post_form(client, "/knic/talents/new", body, form_path="/organizations/new")
    assert response.status_code == 403
    assert db.session.scalar(select(db.func.count()).select_from(Talent)) == 1


def test_history_hides_contacts_from_a_manager(client, login, make_user, person, api):
    staff = api(make_user("staff", ["knic"]))
    assert (
        staff.patch(f"/api/v1/talents/{person.id}", json={"phone": "044-999-9999"}).status_code
        == 200
    )
    login(make_user("manager", ["knic"]))
    page = client.get(f"/knic/talents/{person.id}").text
    assert "044-999-9999" not in page and "(非表示)" in page


def test_list_page_runs_a_fixed_number_of_queries(
    client, login, make_user, make_talent, make_organization
):
    login(make_user("staff", ["knic"]))
    employer = make_organization("大企業A", kind="large_company")

    def measure() -> int:
        with count_queries() as counter:
            assert client.get("/knic/talents?per_page=100").status_code == 200
        return counter[0]

    for _ in range(5):
        make_talent(employer_id=employer.id, skills=["finance"])
    five = measure()
    for _ in range(45):
        make_talent(employer_id=employer.id, skills=["sales"])
    assert measure() == five

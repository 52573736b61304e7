"""A blank date or id is a clear 422 on its field, never the database's refusal."""

from __future__ import annotations

from sqlalchemy import func, select

from hub_app.extensions import db
from hub_app.welltech.models import Consultation, Invitation
from tests.factories import post_form


def test_a_blank_date_is_refused_on_its_field_not_as_a_duplicate(api, staff, make_organization):
    """opened_on " " used to reach the database and come back as 409 「同じ内容の記録」."""
    organization = make_organization()
    client = api(staff)
    body = {
        "organization_id": organization.id,
        "opened_on": " ",
        "kind": "consultation",
        "channel": "visit",
        "topic": "ip",
        "title": "特許の相談",
    }
    refused = client.post("/api/v1/consultations", json=body)
    assert refused.status_code == 422
    assert refused.json["errors"]["opened_on"] == ["受付日を入力してください。"]
    blank_id = client.post(
        "/api/v1/invitations",
        json={"organization_id": " ", "invited_on": "2024-05-01", "method": "visit"},
    )
    assert blank_id.status_code == 422 and "organization_id" in blank_id.json["errors"]
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_a_malformed_date_says_so_once(client, login, staff, make_organization):
    organization = make_organization()
    login(staff)
    response = post_form(
        client,
        "/welltech/invitations/new",
        {"organization_id": str(organization.id), "invited_on": "2024-02-30", "method": "visit"},
    )
    assert response.status_code == 422
    assert "日付はYYYY-MM-DDの形式で入力してください。" in response.text
    assert "打診日を入力してください。" not in response.text


def test_an_unknown_code_gets_one_message_naming_the_field(api, staff, make_organization):
    """kind "zzz" said both 「選択肢が正しくありません」 and 「種別を選んでください」."""
    organization = make_organization()
    response = api(staff).post(
        "/api/v1/consultations",
        json={
            "organization_id": organization.id,
            "opened_on": "2024-05-01",
            "kind": "zzz",
            "channel": "visit",
            "topic": "ip",
            "title": "特許の相談",
        },
    )
    assert response.status_code == 422
    assert response.json["errors"]["kind"] == ["種別を選んでください。"]

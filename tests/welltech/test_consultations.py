"""Consultations through the pages: validation, timeline, closing, permissions."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.welltech.models import Consultation, ConsultationActivity
from tests.factories import post_form, sign_out

TOMORROW = (clock.today() + timedelta(days=1)).isoformat()


def consultation_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Consultation))


def form_data(organization, **overrides):
    data = {
        "organization_id": str(organization.id),
        "opened_on": "2022-06-01",
        "kind": "technical_advice",
        "channel": "phone",
        "topic": "safety",
        "title": "転倒リスクの評価方法",
        "summary": "歩行器の安全性評価について",
        "status": "open",
        "closed_on": "",
        "staff_id": "",
        "project_id": "",
    }
    data.update(overrides)
    return data


def test_staff_creates_consultation_with_hub_and_audit(client, login, staff, make_organization):
    organization = make_organization("株式会社ケアテック")
    login(staff)
    response = post_form(
        client,
        "/welltech/consultations/new",
        form_data(organization, staff_id=str(staff.id)),
    )
    assert response.status_code == 302
    consultation = db.session.scalars(select(Consultation)).one()
    assert consultation.hub == "welltech" and consultation.staff_id == staff.id
    assert consultation.status == "open" and consultation.closed_on is None
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "consultation")).one()
    assert entry.action == "create" and entry.changes["title"] == [None, "転倒リスクの評価方法"]
    page = client.get(response.headers["Location"])
    assert "転倒リスクの評価方法" in page.text and "令和4年6月1日" in page.text
    assert "変更履歴" in page.text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"opened_on": TOMORROW}, "未来の日付は指定できません。"),
        ({"status": "closed"}, "完了にするには完了日を入力してください。"),
        (
            {"status": "closed", "closed_on": "2022-05-31"},
            "完了日は受付日以降の日付にしてください。",
        ),
        ({"title": ""}, "件名を入力してください。"),
        ({"topic": "weather"}, "テーマを選んでください。"),
        ({"opened_on": "2022/06/01"}, "日付はYYYY-MM-DDの形式で入力してください。"),
        ({"organization_id": "999999"}, "指定された企業・団体は登録されていません。"),
        ({"staff_id": "999999"}, "指定された担当者はウェルテックの職員として登録されていません。"),
        ({"project_id": "999999"}, "指定されたプロジェクトは登録されていません。"),
    ],
)
def test_invalid_consultation_refused_next_to_field(
    client, login, staff, make_organization, overrides, message
):
    login(staff)
    response = post_form(
        client, "/welltech/consultations/new", form_data(make_organization(), **overrides)
    )
    assert response.status_code == 422
    assert message in response.text
    assert consultation_count() == 0


def test_knic_staff_viewer_and_manager_cannot_write(
    client, login, make_user, make_organization, make_consultation
):
    """Can K-NIC staff read or write Welltech records? No; a manager only reads."""
    consultation = make_consultation()
    organization = make_organization()
    knic = login(make_user("staff", ["knic"]))
    assert knic.get("/welltech/consultations").status_code == 403
    assert knic.get(f"/welltech/consultations/{consultation.id}").status_code == 403
    response = knic.post("/welltech/consultations/new", data=form_data(organization))
    assert response.status_code in (400, 403)
    sign_out(client)

    login(make_user("viewer", []))
    assert client.get("/welltech/consultations").status_code == 403
    sign_out(client)

    login(make_user("manager", []))
    assert client.get("/welltech/consultations").status_code == 200
    assert client.get(f"/welltech/consultations/{consultation.id}").status_code == 200
    assert client.get("/welltech/consultations/new").status_code == 403
    assert consultation_count() == 1


def test_knic_staff_post_with_valid_csrf_is_refused(client, login, make_user, make_organization):
    knic = make_user("staff", ["knic"])
    login(knic)
    response = post_form(
        client, "/welltech/consultations/new", form_data(make_organization()), form_path="/"
    )
    assert response.status_code == 403
    assert consultation_count() == 0


def test_timeline_activity_close_and_reopen(client, login, staff, make_consultation):
    consultation = make_consultation(opened_on=date(2022, 6, 1))
    login(staff)
    url = f"/welltech/consultations/{consultation.id}"
    response = post_form(
        client, url + "/activities", {"occurred_on": "2022-06-10", "notes": "試作品を確認"}, url
    )
    assert response.status_code == 302
    page = client.get(url)
    assert "試作品を確認" in page.text and staff.name in page.text
    activity = db.session.scalars(select(ConsultationActivity)).one()
    assert activity.user_id == staff.id

    early = post_form(
        client, url + "/activities", {"occurred_on": "2022-05-01", "notes": "前"}, url
    )
    assert early.status_code == 422 and "受付日以降" in early.text
    future = post_form(client, url + "/activities", {"occurred_on": TOMORROW, "notes": "x"}, url)
    assert future.status_code == 422 and "未来の日付は指定できません。" in future.text
    empty = post_form(client, url + "/activities", {"occurred_on": "2022-06-11", "notes": ""}, url)
    assert empty.status_code == 422 and "対応内容を入力してください。" in empty.text
    assert db.session.scalar(select(func.count()).select_from(ConsultationActivity)) == 1

    refused = post_form(client, url + "/close", {"closed_on": "2022-05-31"}, url)
    assert refused.status_code == 422 and "完了日は受付日以降の日付にしてください。" in refused.text
    db.session.refresh(consultation)
    assert consultation.status == "open"

    assert post_form(client, url + "/close", {"closed_on": "2022-06-20"}, url).status_code == 302
    db.session.refresh(consultation)
    assert consultation.status == "closed" and consultation.closed_on == date(2022, 6, 20)

    assert post_form(client, url + "/reopen", {}, url).status_code == 302
    db.session.refresh(consultation)
    assert consultation.status == "open" and consultation.closed_on is None
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "consultation")
    ).all()
    assert actions.count("update") == 2


def test_edit_delete_and_admin_restore(client, login, staff, make_user, make_consultation):
    consultation = make_consultation(title="古い件名")
    organization_id = consultation.organization_id
    login(staff)
    url = f"/welltech/consultations/{consultation.id}"
    edit = client.get(url + "/edit")
    assert "古い件名" in edit.text
    response = post_form(
        client,
        url + "/edit",
        {
            "organization_id": str(organization_id),
            "opened_on": "2022-06-01",
            "kind": "consultation",
            "channel": "visit",
            "topic": "product_development",
            "title": "新しい件名",
            "status": "open",
        },
    )
    assert response.status_code == 302
    db.session.refresh(consultation)
    assert consultation.title == "新しい件名"

    assert post_form(client, url + "/delete", {}, url).status_code == 302
    client.get("/welltech/consultations")  # shows the flash message once
    assert "新しい件名" not in client.get("/welltech/consultations").text
    assert client.get(url).status_code == 404
    sign_out(client)

    login(make_user("admin", []))
    assert "新しい件名" in client.get("/welltech/consultations?deleted=1").text
    assert post_form(client, url + "/restore", {}, url).status_code == 302
    assert "新しい件名" in client.get("/welltech/consultations").text


def test_closed_fiscal_year_refuses_changes(client, login, api, staff, make_consultation):
    """Can a record dated in a closed fiscal year be edited or created? No: 409, nothing stored."""
    from hub_app.core.models import utcnow
    from hub_app.kpi.models import FiscalYearClosure

    consultation = make_consultation(opened_on=date(2022, 6, 1))
    db.session.add(
        FiscalYearClosure(hub="welltech", fiscal_year=2022, closed_at=utcnow(), snapshot={})
    )
    db.session.commit()
    client_api = api(staff)
    url = f"/api/v1/consultations/{consultation.id}"
    assert client_api.patch(url, json={"title": "変更"}).status_code == 409
    assert client_api.delete(url).status_code == 409
    login(staff)
    response = post_form(
        client, "/welltech/consultations/new", form_data(consultation.organization)
    )
    assert response.status_code == 409 and "令和4年度は締め済みです。" in response.text
    assert consultation_count() == 1
    assert (
        post_form(
            client,
            "/welltech/consultations/new",
            form_data(consultation.organization, opened_on="2023-04-03"),
        ).status_code
        == 302
    )


def test_mistaken_activity_can_be_removed(client, login, staff, make_consultation, make_activity):
    consultation = make_consultation()
    activity = make_activity(consultation, date(2022, 6, 2), notes="誤って登録")
    login(staff)
    url = f"/welltech/consultations/{consultation.id}"
    assert "誤って登録" in client.get(url).text
    response = post_form(client, f"{url}/activities/{activity.id}/delete", {}, url)
    assert response.status_code == 302
    client.get(url)  # the flash message
    assert "誤って登録" not in client.get(url).text
    other = make_consultation()
    wrong = post_form(
        client, f"/welltech/consultations/{other.id}/activities/{activity.id}/delete", {}, url
    )
    assert wrong.status_code == 404


def test_organization_page_offers_to_record_for_it(client, login, staff, make_organization):
    organization = make_organization()
    login(staff)
    page = client.get(f"/organizations/{organization.id}").text
    link = f"/welltech/consultations/new?organization_id={organization.id}"
    assert link in page
    form = client.get(link).text
    assert f'<option value="{organization.id}" selected>' in form


def test_admin_records_a_consultation_for_a_member_of_staff(
    client, login, make_user, staff, make_organization
):
    login(make_user("admin", []))
    assert client.get("/welltech/consultations/new").status_code == 200
    data = form_data(make_organization(), staff_id=str(staff.id))
    assert post_form(client, "/welltech/consultations/new", data).status_code == 302
    assert db.session.scalars(select(Consultation)).one().staff_id == staff.id

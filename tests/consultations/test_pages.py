"""Can a K-NIC coordinator keep start-up consultations on K-NIC's own pages, as Welltech's
staff keep theirs?"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from hub_app.core import clock
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.welltech.models import Consultation, ConsultationActivity
from tests.consultations.conftest import case_form
from tests.factories import post_form, sign_out


def test_coordinator_records_a_startup_consultation_on_knic_pages(
    client, login, knic_staff, make_organization
):
    startup = make_organization("ミライ創業", kind="startup")
    login(knic_staff)
    form = client.get("/knic/consultations/new")
    assert form.status_code == 200
    assert "K-NIC 起業・創業相談の新規登録" in form.text
    assert "起業・創業" in form.text and "事業計画" in form.text and "人材・組織" in form.text
    assert "製品開発" not in form.text and "安全性評価" not in form.text  # Welltech's topics
    assert "関連マッチング" in form.text and "関連プロジェクト" not in form.text

    saved = post_form(client, "/knic/consultations/new", case_form(startup.id))
    assert saved.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert consultation.hub == "knic" and consultation.topic == "founding"
    assert consultation.staff_id == knic_staff.id  # the coordinator, filled in by the page
    assert saved.headers["Location"] == f"/knic/consultations/{consultation.id}"
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.entity == "consultation"))
    assert audit.action == "create" and audit.changes["hub"] == [None, "knic"]

    page = client.get(f"/knic/consultations/{consultation.id}")
    assert "法人設立の相談" in page.text and "ミライ創業" in page.text
    assert "添付ファイル" not in page.text  # files stay with Welltech's lab records
    listed = client.get("/knic/consultations")
    assert "K-NIC 起業・創業相談" in listed.text and "法人設立の相談" in listed.text


def test_knic_list_shows_only_knic_cases(client, login, make_user, make_case):
    make_case("knic", title="K-NICの起業相談")
    make_case("welltech", title="ウェルテックの製品相談")
    login(make_user("admin", []))
    knic = client.get("/knic/consultations").text
    welltech = client.get("/welltech/consultations").text
    assert "K-NICの起業相談" in knic and "ウェルテックの製品相談" not in knic
    assert "ウェルテックの製品相談" in welltech and "K-NICの起業相談" not in welltech


def test_a_case_opens_only_under_its_own_hub(client, login, make_user, make_case):
    knic_case = make_case("knic")
    login(make_user("admin", []))
    assert client.get(f"/knic/consultations/{knic_case.id}").status_code == 200
    assert client.get(f"/welltech/consultations/{knic_case.id}").status_code == 404
    assert client.get(f"/welltech/consultations/{knic_case.id}/edit").status_code == 404


def test_edit_timeline_close_reopen_delete_restore(client, login, make_user, knic_staff, make_case):
    consultation = make_case("knic", opened_on=date(2022, 6, 1), staff_id=knic_staff.id)
    url = f"/knic/consultations/{consultation.id}"
    login(knic_staff)
    edited = post_form(
        client, url + "/edit", case_form(consultation.organization_id, topic="business_plan")
    )
    assert edited.status_code == 302
    added = post_form(
        client, url + "/activities", {"occurred_on": "2022-06-03", "notes": "専門家を紹介"}, url
    )
    assert added.status_code == 302 and added.headers["Location"].endswith("#timeline")
    assert "専門家を紹介" in client.get(url).text
    early = post_form(client, url + "/activities", {"occurred_on": "2022-05-01", "notes": "x"}, url)
    assert early.status_code == 422 and "対応日は相談の受付日以降" in early.text
    assert post_form(client, url + "/close", {"closed_on": "2022-07-01"}, url).status_code == 302
    db.session.refresh(consultation)
    assert consultation.topic == "business_plan" and consultation.status == "closed"
    assert post_form(client, url + "/reopen", {}, url).status_code == 302
    activity = db.session.scalar(select(ConsultationActivity))
    removed = post_form(client, f"{url}/activities/{activity.id}/delete", {}, url)
    assert removed.status_code == 302
    assert post_form(client, url + "/delete", {}, url).status_code == 302
    db.session.refresh(consultation)
    assert consultation.status == "open" and consultation.deleted_at is not None
    assert "起業の相談" not in client.get("/knic/consultations").text

    sign_out(client)
    login(make_user("admin", []))
    assert post_form(client, url + "/restore", {}, url).status_code == 302
    db.session.refresh(consultation)
    assert consultation.deleted_at is None


def test_an_old_topic_outside_the_hubs_list_stays_selected_on_edit(
    client, login, knic_staff, make_case
):
    consultation = make_case("knic", topic="safety")
    login(knic_staff)
    page = client.get(f"/knic/consultations/{consultation.id}/edit").text
    assert '<option selected value="safety">安全性評価</option>' in page
    assert "製品開発" not in page


def test_navigation_and_dashboard_panel(client, login, knic_staff, make_case, make_user):
    make_case("knic", title="待っている起業相談", staff_id=knic_staff.id)
    login(knic_staff)
    home = client.get("/").text
    assert 'href="/knic/consultations"' in home and "起業・創業相談" in home
    assert "K-NIC: 起業・創業相談" in home and "待っている起業相談" in home
    assert "ウェルテック: 相談・技術助言" not in home
    sign_out(client)
    login(make_user("staff", ["welltech"]))
    other = client.get("/").text
    assert 'href="/knic/consultations"' not in other and "待っている起業相談" not in other


def test_follow_up_panel_and_overdue_filter(client, login, knic_staff, make_case):
    today = clock.today()
    make_case(
        "knic",
        title="今日電話する相談",
        opened_on=today - timedelta(days=10),
        staff_id=knic_staff.id,
        next_action_on=today,
        next_action="資金調達の件で電話",
    )
    make_case(
        "knic",
        title="期限の過ぎた相談",
        opened_on=today - timedelta(days=10),
        staff_id=knic_staff.id,
        next_action_on=today - timedelta(days=2),
    )
    make_case("knic", title="予定のない相談", opened_on=today - timedelta(days=10))
    login(knic_staff)
    panel = client.get("/").text.split('id="follow-ups"')[1].split("</section>")[0]
    assert "起業・創業相談: " in panel and "今日電話する相談" in panel
    assert "資金調達の件で電話" in panel and "期限の過ぎた相談" in panel
    assert "/knic/consultations/" in panel
    overdue = client.get("/knic/consultations?overdue=1").text
    assert "期限の過ぎた相談" in overdue
    assert "今日電話する相談" not in overdue and "予定のない相談" not in overdue


def test_a_startups_page_lists_its_knic_cases(client, login, knic_staff, make_case, make_user):
    case = make_case("knic", title="創業期の資金相談")
    login(knic_staff)
    page = client.get(f"/organizations/{case.organization_id}").text
    assert "起業・創業相談(K-NIC)" in page
    assert f'href="/knic/consultations/{case.id}"' in page
    assert f"/knic/consultations/new?organization_id={case.organization_id}" in page
    sign_out(client)
    login(make_user("staff", ["welltech"]))
    assert "創業期の資金相談" not in client.get(f"/organizations/{case.organization_id}").text


def test_an_organisations_page_lists_each_hubs_cases_under_its_own_hub(
    client, login, make_user, make_case, make_organization
):
    startup = make_organization("ケア創業", kind="startup")
    welltech_case = make_case("welltech", startup, title="歩行器の安全性の相談")
    knic_case = make_case("knic", startup, title="資本政策の相談")
    login(make_user("manager", []))
    page = client.get(f"/organizations/{startup.id}").text
    assert f'href="/welltech/consultations/{welltech_case.id}"' in page
    assert f'href="/knic/consultations/{knic_case.id}"' in page
    assert page.count("歩行器の安全性の相談") == 1 and page.count("資本政策の相談") == 1

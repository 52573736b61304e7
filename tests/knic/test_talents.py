"""Registering, editing and erasing talents."""

from datetime import date, timedelta

from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.core.audit import AuditEntry
from hub_app.events.models import Attendance
from hub_app.extensions import db
from hub_app.knic.models import Matching, Talent
from tests.factories import post_form
from tests.knic.helpers import attend


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_staff_registers_a_talent_through_the_form(client, login, knic_staff, make_organization):
    employer = make_organization("大企業B", kind="large_company")
    login(knic_staff)
    response = post_form(
        client,
        "/knic/talents/new",
        {
            "full_name": "幸 太郎",
            "full_name_kana": "サイワイ タロウ",
            "email": " Taro@Example.JP ",
            "employer_id": str(employer.id),
            "skills": ["finance", "ip"],
            "hours_per_month": "20",
            "side_job_permitted": "y",
            "consent_on": "2024-04-01",
            "status": "active",
        },
    )
    assert response.status_code == 302, response.text
    talent = db.session.scalars(select(Talent)).one()
    assert talent.email == "taro@example.jp" and talent.skills == ["finance", "ip"]
    assert talent.registered_on == clock.today() and talent.side_job_permitted
    page = client.get(f"/knic/talents/{talent.id}").text
    assert "大企業B" in page and "財務" in page


def test_consent_is_required_and_shown_next_to_the_field(client, login, knic_staff):
    login(knic_staff)
    response = post_form(client, "/knic/talents/new", {"full_name": "同意なし", "status": "active"})
    assert response.status_code == 422
    assert "本人の同意日を入力してください" in response.text
    assert _count(Talent) == 0


def test_api_refusals_store_nothing(api, knic_staff, make_talent):
    make_talent(email="taken@example.jp")
    client = api(knic_staff)
    future = (clock.today() + timedelta(days=3)).isoformat()
    cases = [
        ({"full_name": "A"}, 422, "consent_on"),
        ({"full_name": "A", "consent_on": future}, 422, "consent_on"),
        ({"full_name": "A", "consent_on": "2024-04-01", "skills": ["cooking"]}, 422, "skills"),
        ({"full_name": "A", "consent_on": "2024-04-01", "employer_id": 999}, 422, "employer_id"),
        ({"full_name": "A", "consent_on": "2024-04-01", "email": "bad"}, 422, "email"),
        ({"full_name": "A", "consent_on": "2024-04-01", "email": "TAKEN@example.jp"}, 409, "email"),
    ]
    for body, status, field in cases:
        response = client.post("/api/v1/talents", json=body)
        assert response.status_code == status, (body, response.json)
        assert field in response.json["errors"], response.json
    assert _count(Talent) == 1


def test_api_create_patch_and_soft_delete(api, knic_staff):
    client = api(knic_staff)
    created = client.post(
        "/api/v1/talents",
        json={
            "full_name": "登録 一郎",
            "consent_on": "2024-05-01",
            "skills": ["sales"],
            "side_job_permitted": True,
            "hours_per_month": 16,
        },
    )
    assert created.status_code == 201, created.json
    talent_id = created.json["id"]
    assert created.json["skills"] == ["sales"] and created.json["status"] == "active"
    patched = client.patch(f"/api/v1/talents/{talent_id}", json={"status": "inactive"})
    assert patched.status_code == 200 and patched.json["hours_per_month"] == 16
    assert client.delete(f"/api/v1/talents/{talent_id}").status_code == 204
    assert client.get(f"/api/v1/talents/{talent_id}").status_code == 404
    # the e-mail of a deleted talent may be used again
    again = client.post("/api/v1/talents", json={"full_name": "別人", "consent_on": "2024-05-01"})
    assert again.status_code == 201


def test_list_filters_by_skills_employer_status_and_search(
    client, login, knic_staff, make_talent, make_organization
):
    employer = make_organization("大企業C", kind="large_company")
    make_talent(
        "財務 さん",
        skills=["finance", "sales"],
        employer_id=employer.id,
        registered_on=date(2022, 5, 1),
    )
    make_talent("営業 さん", skills=["sales"])
    make_talent("休止 さん", skills=["finance"], status="inactive")
    login(knic_staff)

    def names(query: str) -> set[str]:
        text = client.get("/knic/talents?" + query).text
        return {n for n in ("財務 さん", "営業 さん", "休止 さん") if n in text}

    assert names("skills=finance") == {"財務 さん", "休止 さん"}
    assert names("skills=finance&skills=sales") == {"財務 さん"}
    assert names(f"employer_id={employer.id}") == {"財務 さん"}
    assert names("status=inactive") == {"休止 さん"}
    assert names("q=営業") == {"営業 さん"}
    assert names("fiscal_year=2022") == {"財務 さん"}


def test_admin_anonymises_and_kpi_rows_stay(
    app, client, api, login, make_user, make_talent, make_event, make_matching, make_organization
):
    """Erasure on request: identity gone, attendances and matchings (KPI rows) kept."""
    staff = make_user("staff", ["knic"])
    created = api(staff).post(
        "/api/v1/talents",
        json={
            "full_name": "消去 希望",
            "full_name_kana": "ショウキョ",
            "phone": "090-1",
            "notes": "メモ",
            "skills": ["hr"],
            "consent_on": "2024-04-01",
        },
    )
    talent = db.session.get(Talent, created.json["id"])
    seminar = make_event("seminar")
    attend(seminar, talent)
    startup = make_organization("スタートアップD", kind="startup")
    make_matching(
        talent, startup, stage="agreed", introduced_on=date(2024, 5, 1), agreed_on=date(2024, 6, 1)
    )
    login(staff)
    assert (
        post_form(
            client,
            f"/knic/talents/{talent.id}/anonymize",
            {},
            form_path=f"/knic/talents/{talent.id}",
        ).status_code
        == 403
    )
    admin = make_user("admin", [])
    client = login(admin, test_client=app.test_client())
    response = post_form(
        client, f"/knic/talents/{talent.id}/anonymize", {}, form_path=f"/knic/talents/{talent.id}"
    )
    assert response.status_code == 302
    db.session.refresh(talent)
    assert talent.full_name == "匿名" and talent.anonymized_at == clock.today()
    assert talent.email is None and talent.phone is None and talent.notes is None
    assert talent.full_name_kana is None and talent.skills == ["hr"]
    assert _count(Attendance) == 1 and _count(Matching) == 1
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "anonymize")).one()
    assert entry.user_id == admin.id and "消去 希望" not in str(entry.changes)
    page = client.get(f"/knic/talents/{talent.id}").text
    assert "消去 希望" not in page and "匿名" in page and "(消去済み)" in page
    assert seminar.title in page  # the programme attended is still listed
    audit_page = client.get("/admin/audit?entity=talent").text
    assert "消去 希望" not in audit_page and "090-1" not in audit_page
    assert "(消去済み)" in audit_page
    # an anonymised talent cannot be edited back into a person
    refused = api(staff).patch(f"/api/v1/talents/{talent.id}", json={"full_name": "戻す"})
    assert refused.status_code == 409


def test_detail_lists_programmes_and_matchings(
    client, login, knic_staff, make_talent, make_event, make_matching, make_organization
):
    talent = make_talent("参加 者")
    attend(make_event("training", title="経営人材育成プログラム"), talent)
    make_matching(talent, make_organization("スタートアップE", kind="startup"), role="CFO補佐")
    login(knic_staff)
    page = client.get(f"/knic/talents/{talent.id}").text
    assert "経営人材育成プログラム" in page and "スタートアップE" in page and "候補" in page


def test_registration_cannot_precede_consent(client, login, knic_staff, api):
    """Registered 1 October, consent given 10 November: refused at 登録日, nothing stored."""
    login(knic_staff)
    values = {"full_name": "同意 前登録", "consent_on": "2024-11-10", "registered_on": "2024-10-01"}
    page = post_form(client, "/knic/talents/new", values)
    assert page.status_code == 422
    assert "登録日は同意日(2024-11-10)以降にしてください" in page.text
    refused = api(knic_staff).post("/api/v1/talents", json=values)
    assert refused.status_code == 422 and "registered_on" in refused.json["errors"]
    assert db.session.scalar(select(func.count()).select_from(Talent)) == 0
    missing = post_form(client, "/knic/talents/new", {"full_name": "", "consent_on": "2024-11-10"})
    assert missing.status_code == 422 and "氏名を入力してください。" in missing.text

"""The report's pages as a manager, a hub's staff and a viewer use them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from hub_app.core.models import utcnow
from hub_app.extensions import db
from hub_app.kpi.models import KpiValue
from hub_app.reports import services
from hub_app.welltech.models import Attachment
from tests.factories import csrf_token, post_form

PDF = b"%PDF-1.4\n%test evidence\n"


def test_the_years_list_shows_six_programmes_with_budgets_and_status(client, login, make_user):
    login(make_user("viewer", []))
    page = client.get("/reports?fiscal_year=2022").text
    for name in (
        "川崎型中小企業福祉産業創出事業",
        "副業・兼業人材活用によるイノベーション創出事業",
        "インバウンドを軸としたナイトタイムエコノミー推進事業",
        "次世代につなぐ、ものづくりのまち川崎・町工場再生プロジェクト",
        "川崎型地域中小企業支援人材育成による産業創出事業",
        "キングスカイフロントを核としたライフサイエンス分野におけるイノベーション創出事業",
    ):
        assert name in page
    assert "45,880" in page and "22,940" in page and "令和2年度～令和4年度" in page
    assert page.count("下書き") == 6


def test_a_manager_writes_the_welltech_page_with_a_figure(demo, client, login, make_user):
    login(make_user("manager", []))
    path = "/reports/2022/welltech"
    form = client.get(f"{path}/edit").text
    assert "本文で使える数値" in form and "{welltech.study_sessions}" in form
    response = post_form(
        client,
        f"{path}/edit",
        {
            "overview": "ウェルテックの概要",
            "activities": (
                "勉強会({welltech.study_sessions}回)の開催\n\n相談対応({welltech.consultations}件)"
            ),
            "assessment": "",
            "next_activities": "",
        },
        f"{path}/edit",
    )
    assert response.status_code == 302
    page = client.get(path).text
    assert "報告を保存しました" in page
    assert "<li>・勉強会(4回)の開催</li>" in page and "<li>・相談対応(18件)</li>" in page
    assert "事業費21,618千円（交付金10,809千円）" in page


def test_an_unknown_figure_is_shown_next_to_its_section(client, login, make_user):
    login(make_user("manager", []))
    response = post_form(
        client,
        "/reports/2022/knic/edit",
        {"overview": "", "activities": "{knic.nothing}", "assessment": "", "next_activities": ""},
        "/reports/2022/knic/edit",
    )
    assert response.status_code == 422
    assert "{knic.nothing} という数値はありません" in response.text
    assert services.report_of("knic", 2022) is None


def test_status_close_and_approve_from_the_page(client, login, make_user):
    login(make_user("manager", []))
    path = "/reports/2022/succession"
    assert "確認を依頼する" in client.get(path).text
    post_form(client, f"{path}/status", {"status": "in_review"}, path)
    page = client.get(path).text
    assert "確認待ち" in page and "承認は年度締めの後にできます" in page
    post_form(client, f"{path}/status", {"status": "approved"}, path)
    assert "まだ締められていません" in client.get(path).text
    post_form(client, f"{path}/close", {}, path)
    post_form(client, f"{path}/status", {"status": "approved"}, path)
    page = client.get(path).text
    assert "承認済みの文書を出力しています" in page and "承認の履歴" in page
    approved = client.get(f"{path.replace('/succession', '/succession.docx')}")
    assert approved.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(approved.data)).paragraphs)
    assert "次世代につなぐ、ものづくりのまち川崎・町工場再生プロジェクト" in text


def test_staff_see_no_approval_and_no_other_hubs_editing(client, login, make_user):
    login(make_user("staff", ["welltech"]))
    assert client.get("/reports/2022/knic/edit").status_code == 403
    assert client.get("/reports/2022/welltech/edit").status_code == 200
    page = client.get("/reports/2022/welltech").text
    assert "承認する" not in page and "年度締め)" not in page
    assert client.get("/reports/2022/night_economy/values").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/reports/2022/nowhere",
        "/reports/1999/welltech",
        "/reports/2022/welltech/approvals/5.docx",
        "/reports/evidence/1",
    ],
)
def test_unknown_things_answer_404(client, login, make_user, path):
    login(make_user("viewer", []))
    assert client.get(path).status_code == 404


def test_a_manager_enters_a_figure_with_evidence_on_the_page(client, login, make_user):
    login(make_user("manager", []))
    path = "/reports/2022/night_economy/values"
    page = client.get(path).text
    assert "インバウンド旅客等のキャッシュレス消費額" in page and "2022年(1〜12月)" in page
    response = client.post(
        "/reports/2022/night_economy/values/night_economy.cashless_spend/2022",
        data={
            "csrf_token": csrf_token(client, path),
            "actual": "125000",
            "source": "川崎市観光統計(確定値)",
            "evidence": (io.BytesIO(PDF), "tourism.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    value = db.session.scalar(select(KpiValue).where(KpiValue.actual == 125000))
    assert value.source == "川崎市観光統計(確定値)" and value.evidence_id
    download = client.get(f"/reports/evidence/{value.id}")
    assert download.status_code == 200 and download.data == PDF
    download.close()
    assert "川崎市観光統計(確定値)" in client.get("/reports/2022/night_economy").text


def test_a_wrong_evidence_file_or_a_fraction_stores_nothing(client, login, make_user):
    login(make_user("manager", []))
    path = "/reports/2022/succession/values"
    before = db.session.scalar(select(db.func.count()).select_from(KpiValue))
    bad_file = client.post(
        "/reports/2022/succession/values/succession.bcp_certifications/2022",
        data={
            "csrf_token": csrf_token(client, path),
            "actual": "70",
            "source": "認定一覧",
            "evidence": (io.BytesIO(b"MZ not a pdf"), "list.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert bad_file.status_code == 422 and "拡張子と一致しません" in bad_file.text
    fraction = post_form(
        client,
        "/reports/2022/succession/values/succession.bcp_certifications/2022",
        {"actual": "6.5", "source": "認定一覧"},
        path,
    )
    assert fraction.status_code == 422 and "小数や負の数は入力できません" in fraction.text
    assert db.session.scalar(select(db.func.count()).select_from(KpiValue)) == before
    assert db.session.scalar(select(db.func.count()).select_from(Attachment)) == 0


def test_outputs_of_the_whole_year(demo, client, login, make_user):
    login(make_user("viewer", []))
    docx = client.get("/reports/2022.docx")
    assert docx.status_code == 200 and docx.headers["Content-Disposition"].endswith(".docx")
    workbook = load_workbook(io.BytesIO(client.get("/reports/2022.xlsx").data))
    assert len(workbook.sheetnames) == 6
    printed = client.get("/reports/2022/print").text
    assert printed.count('class="report-page') == 6
    assert "勉強会(4回)" in printed or "勉強会（4回）" in printed


def test_the_list_opens_on_the_year_being_reported(client, login, make_user):
    login(make_user("manager", []))
    page = client.get("/reports").text
    assert "実績報告書 令和5年度" in page  # the latest ended year a programme runs in
    assert "ナイトタイムエコノミー" not in page  # ended in FY2022
    assert (
        client.get("/reports?fiscal_year=2025").text.count("事業期間がかかる事業はありません") == 1
    )


def test_with_the_demo_drafts_it_opens_on_fy2022(demo, client, login, make_user):
    login(make_user("manager", []))
    assert "実績報告書 令和4年度" in client.get("/reports").text


def test_a_refused_step_says_why_on_the_page(client, login, make_user):
    login(make_user("manager", []))
    path = "/reports/2022/ip_matching"
    post_form(client, f"{path}/close", {}, path)
    post_form(client, f"{path}/status", {"status": "approved"}, path)
    assert "承認する前に、報告を確認待ちにしてください。" in client.get(path).text
    post_form(client, f"{path}/close", {}, path)
    assert "知財マッチングの令和4年度はすでに締め済みです。" in client.get(path).text


def test_an_admin_reopens_a_programmes_year_after_confirming_who_they_are(client, login, make_user):
    login(make_user("admin", []))
    path = "/reports/2022/life_science"
    post_form(client, f"{path}/close", {}, path)
    post_form(client, f"{path}/status", {"status": "in_review"}, path)
    post_form(client, f"{path}/status", {"status": "approved"}, path)
    with client.session_transaction() as session:
        session["reauth_at"] = (utcnow() - timedelta(minutes=6)).isoformat()
    asked = post_form(client, f"{path}/reopen", {}, path)
    assert asked.status_code == 303 and "/account/reauth" in asked.headers["Location"]
    assert services.report_of("life_science", 2022).status == "approved"
    with client.session_transaction() as session:
        session["reauth_at"] = utcnow().isoformat()
    post_form(client, f"{path}/reopen", {}, path)
    assert "承認済みの報告は下書きに戻りました" in client.get(path).text
    assert services.report_of("life_science", 2022).status == "draft"

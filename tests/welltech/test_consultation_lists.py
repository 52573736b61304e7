"""Consultations as they are read: the list with its filters, exports, the dashboard
and the organisation page."""

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from tests.factories import sign_out


def test_list_filters_search_sort_and_pagination(
    client, login, staff, make_user, make_organization, make_consultation
):
    acme = make_organization("アクメ介護")
    other = make_organization("ベータ福祉")
    colleague = make_user("staff", ["welltech"])
    make_consultation(
        acme, title="二〇二二年度の相談", opened_on=date(2022, 4, 1), staff_id=staff.id
    )
    make_consultation(other, title="前年度の相談", opened_on=date(2022, 3, 31), topic="ip")
    make_consultation(
        other,
        title="完了した相談",
        opened_on=date(2022, 8, 1),
        status="closed",
        closed_on=date(2022, 8, 2),
        staff_id=colleague.id,
    )
    login(staff)

    def titles(query: str) -> str:
        return client.get("/welltech/consultations?" + query).text

    page = titles("fiscal_year=2022")
    assert "二〇二二年度の相談" in page and "完了した相談" in page and "前年度の相談" not in page
    assert "完了した相談" not in titles("status=open")
    assert "前年度の相談" in titles("topic=ip") and "完了した相談" not in titles("topic=ip")
    assert "前年度の相談" not in titles(f"organization_id={acme.id}")
    assert "完了した相談" in titles(f"staff_id={colleague.id}")
    assert "二〇二二年度の相談" not in titles(f"staff_id={colleague.id}")
    assert "完了した相談" not in titles("q=アクメ") and "二〇二二年度の相談" in titles("q=アクメ")
    oldest = titles("sort=oldest")
    assert oldest.index("前年度の相談") < oldest.index("完了した相談")
    paged = titles("sort=oldest&per_page=1&page=2")
    assert "二〇二二年度の相談" in paged and "前年度の相談" not in paged
    assert "全3件" in paged
    assert client.get("/welltech/consultations?fiscal_year=abc&page=x").status_code == 200


def test_export_csv_and_xlsx_follow_filters(client, login, staff, make_consultation):
    make_consultation(title="出力される相談", topic="ip")
    make_consultation(title="出力されない相談", topic="funding")
    login(staff)
    csv = client.get("/welltech/consultations/export.csv?topic=ip")
    assert csv.status_code == 200
    assert csv.data.startswith(b"\xef\xbb\xbf")
    text = csv.data.decode("utf-8-sig")
    csv.close()
    assert "出力される相談" in text and "出力されない相談" not in text and "知財" in text
    xlsx = client.get("/welltech/consultations/export.xlsx?topic=ip")
    sheet = load_workbook(BytesIO(xlsx.data)).active
    rows = list(sheet.values)
    assert rows[0][0] == "ID" and len(rows) == 2 and "出力される相談" in rows[1]


def test_list_page_runs_a_fixed_number_of_queries(
    client, login, staff, make_user, make_organization, make_consultation, count_queries
):
    login(staff)

    def seed(n):
        for i in range(n):
            make_consultation(make_organization(), title=f"相談{i}", staff_id=staff.id)

    def page():
        response = client.get("/welltech/consultations?per_page=100")
        assert response.status_code == 200
        return response

    seed(5)
    _r, five = count_queries(page)
    seed(45)
    response, fifty = count_queries(page)
    assert "全50件" in response.text
    assert five == fifty <= 12, (five, fifty)
    export, _n = count_queries(lambda: client.get("/welltech/consultations/export.csv"))
    assert export.status_code == 200
    export.close()


def test_export_writes_the_timeline_in_a_fixed_number_of_queries(
    client, login, staff, make_organization, make_consultation, make_activity, count_queries
):
    """Each case's activities, one a line, as the importer reads them back."""
    login(staff)

    def seed(n):
        for i in range(n):
            case = make_consultation(make_organization(), title=f"相談{i}")
            make_activity(case, date(2022, 7, 1), "来所して試作品を確認")
            make_activity(case, date(2022, 6, 15), "電話で確認")

    def export():
        response = client.get("/welltech/consultations/export.csv")
        text = response.data.decode("utf-8-sig")
        response.close()
        return text

    seed(5)
    text, five = count_queries(export)
    assert "対応履歴" in text.splitlines()[0]
    assert "2022-06-15 電話で確認\n2022-07-01 来所して試作品を確認" in text
    seed(45)
    text, fifty = count_queries(export)
    assert text.count("来所して試作品を確認") == 50 and five == fifty, (five, fifty)


def test_dashboard_shows_my_open_cases_and_longest_waiting(
    client, login, staff, make_consultation, make_activity
):
    mine = make_consultation(title="私の案件", staff_id=staff.id, opened_on=date(2022, 6, 1))
    make_activity(mine, date(2022, 12, 1))
    make_consultation(title="放置された案件", opened_on=date(2022, 5, 1))
    make_consultation(
        title="完了済み案件",
        staff_id=staff.id,
        status="closed",
        closed_on=date(2022, 6, 2),
    )
    login(staff)
    page = client.get("/").text
    assert "担当している対応中の相談(1件)" in page
    assert "私の案件" in page and "完了済み案件" not in page
    waiting = page.split("長く動きのない相談")[1]
    assert waiting.index("放置された案件") < waiting.index("私の案件")


def test_organization_page_lists_its_consultations(
    client, login, staff, make_user, make_organization, make_consultation
):
    organization = make_organization("ガンマ製作所")
    make_consultation(organization, title="ガンマの相談")
    login(staff)
    page = client.get(f"/organizations/{organization.id}").text
    assert "ガンマの相談" in page and "ウェルテック" in page
    sign_out(client)
    login(make_user("staff", ["knic"]))
    assert "ガンマの相談" not in client.get(f"/organizations/{organization.id}").text

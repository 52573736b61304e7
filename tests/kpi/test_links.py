"""Every drill-down row names its record's page (page, exports, API), and the page opens."""

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from hub_app.extensions import db
from tests.kpi import records as r

PAGES = {
    "welltech.projects": "/welltech/projects/",
    "welltech.invitations": "/welltech/invitations/",
    "welltech.consultations": "/welltech/consultations/",
    "welltech.commercialized": "/welltech/projects/",
    "knic.trained_talents": "/knic/talents/",
    "knic.matchings": "/knic/matchings/",
    "knic.partnerships": "/knic/partnerships/",
}


def links(html: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}\d+)"', html)


@pytest.mark.parametrize("code", sorted(PAGES))
def test_each_row_links_to_its_record_page_which_opens(fy2022, client, login, make_user, code):
    login(make_user("admin", []))
    page = client.get(f"/kpi/{code}/2022")
    assert page.status_code == 200
    found = links(page.text, PAGES[code])
    assert len(set(found)) == fy2022[code]
    for href in found:
        assert client.get(href).status_code == 200, href


def test_trained_talents_name_the_first_event_and_matchings_the_talent(
    fy2022, client, login, make_user
):
    login(make_user("staff", ["knic"]))
    page = client.get("/kpi/knic.trained_talents/2022")
    events = links(page.text, "/events/")
    assert len(set(events)) == 2  # 花子 first came in June, 太郎 in February
    assert all(client.get(href).status_code == 200 for href in events)
    assert "初回参加イベント" in page.text
    assert "令和4年6月1日" in page.text and "2022-06-01" not in page.text  # era style on pages
    matchings = client.get("/kpi/knic.matchings/2022").text
    assert len(links(matchings, "/knic/talents/")) == 2


def test_talent_pages_are_linked_only_for_users_who_may_see_talents(
    fy2022, client, login, make_user
):
    login(make_user("manager", []))
    page = client.get("/kpi/knic.trained_talents/2022")
    assert "全2人" in page.text
    assert links(page.text, "/knic/talents/") == []
    assert len(links(page.text, "/events/")) == 2
    assert links(client.get("/kpi/knic.matchings/2022").text, "/knic/talents/") == []
    assert len(links(client.get("/kpi/knic.matchings/2022").text, "/knic/matchings/")) == 2


def test_exports_hold_the_address_of_each_record(fy2022, client, login, make_user):
    login(make_user("admin", []))
    csv = client.get("/kpi/welltech.consultations/2022/export.csv")
    rows = [line.split(",") for line in csv.data.decode("utf-8-sig").strip().splitlines()]
    csv.close()
    assert rows[0][-1] == "記録のURL" and len(rows) == 1 + 5
    for row in rows[1:]:
        assert row[-1] == f"http://localhost/welltech/consultations/{row[0]}"
        assert row[1] == "2022-07-0" + row[1][-1]  # exports keep ISO dates
    xlsx = client.get("/kpi/knic.partnerships/2022/export.xlsx")
    sheet = list(load_workbook(io.BytesIO(xlsx.data)).active.values)
    assert sheet[0][-1] == "記録のURL"
    assert sheet[1][-1] == f"http://localhost/knic/partnerships/{sheet[1][0]}"


@pytest.mark.parametrize("code", sorted(PAGES))
def test_api_items_carry_the_page_of_their_record(fy2022, api, client, login, make_user, code):
    admin = make_user("admin", [])
    body = api(admin).get(f"/api/v1/kpis/{code}/records?fiscal_year=2022").json
    assert body["total"] == fy2022[code] == len(body["items"])
    assert [item["url"] for item in body["items"]] == [
        f"{PAGES[code]}{item['id']}" for item in body["items"]
    ]
    login(admin)
    assert all(client.get(item["url"]).status_code == 200 for item in body["items"])


def test_api_hides_the_talent_page_from_managers(fy2022, api, make_user):
    body = (
        api(make_user("manager", []))
        .get("/api/v1/kpis/knic.trained_talents/records?fiscal_year=2022")
        .json
    )
    assert body["total"] == 2 and {item["url"] for item in body["items"]} == {None}
    assert all(isinstance(item["first_event"], int) for item in body["items"])


def test_trained_talents_page_queries_do_not_grow_with_people(app, client, login, make_user):
    login(make_user("admin", []))
    seminar = r.event(date(2019, 6, 1), "seminar")

    added: list[int] = []

    def count_all() -> int:
        return sum(added)

    def statements(count: int) -> int:
        added.append(count)
        for _ in range(count):
            r.attendance(seminar, r.talent())
        db.session.commit()
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            page = client.get("/kpi/knic.trained_talents/2019")
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        people = len(links(page.text, "/knic/talents/"))
        assert page.text.count(f'href="/events/{seminar.id}"') == people == min(count_all(), 50)
        return len([s for s in seen if s.startswith("SELECT")])

    assert statements(3) == statements(40)

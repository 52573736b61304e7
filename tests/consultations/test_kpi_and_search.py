"""A K-NIC case in the same fiscal year must not change Welltech's KPI, and the header
search must find it only for readers of K-NIC's records."""

from __future__ import annotations

from datetime import date

from tests.factories import make_organization


def welltech_figure(client) -> tuple[int, list[int]]:
    table = client.get("/api/v1/kpis?fiscal_year=2022&hub=welltech").json["items"]
    actual = next(i["actual"] for i in table if i["code"] == "welltech.consultations")
    drill = client.get("/api/v1/kpis/welltech.consultations/records?fiscal_year=2022").json
    assert drill["total"] == len(drill["items"])
    return actual, [item["id"] for item in drill["items"]]


def test_welltech_kpi_counts_only_welltech_cases(api, client, login, make_user, make_case):
    counted = make_case("welltech", opened_on=date(2022, 6, 1), title="数える製品相談")
    other_hub = make_case("knic", opened_on=date(2022, 7, 1), title="数えない起業相談")
    manager = make_user("manager", [])
    actual, ids = welltech_figure(api(manager))
    assert actual == 1 and ids == [counted.id]
    assert other_hub.id not in ids
    login(manager)
    drill = client.get("/kpi/welltech.consultations/2022").text
    assert "数える製品相談" in drill and "数えない起業相談" not in drill


def test_search_finds_a_knic_case_only_for_knic_readers(api, make_user, make_case):
    consultation = make_case("knic", title="ユニコーン創業相談")

    def found(user) -> list[tuple[str, int, str | None]]:
        items = api(user).get("/api/v1/search", query_string={"q": "ユニコーン"}).json["items"]
        return [(item["type"], item["id"], item["url"]) for item in items]

    expected = [("consultation", consultation.id, f"/consultations/{consultation.id}")]
    assert found(make_user("staff", ["knic"])) == expected
    assert found(make_user("admin", [])) == expected
    assert found(make_user("manager", [])) == expected
    assert found(make_user("staff", ["welltech"])) == []


def test_an_id_only_link_opens_the_case_in_its_own_hub(client, login, make_user, make_case):
    knic_case, welltech_case = make_case("knic"), make_case("welltech")
    login(make_user("staff", ["knic"]))
    opened = client.get(f"/consultations/{knic_case.id}")
    assert opened.status_code == 302
    assert opened.headers["Location"] == f"/knic/consultations/{knic_case.id}"
    assert client.get(f"/consultations/{welltech_case.id}").status_code == 403
    assert client.get("/consultations/999999").status_code == 404


def test_the_audit_log_links_a_knic_case_to_its_page(api, client, login, make_user):
    coordinator = make_user("staff", ["knic"])
    startup = make_organization(kind="startup")
    created = api(coordinator).post(
        "/api/v1/consultations",
        json={
            "hub": "knic",
            "organization_id": startup.id,
            "opened_on": "2022-06-01",
            "kind": "consultation",
            "channel": "phone",
            "topic": "ip",
            "title": "知財の相談",
        },
    )
    assert created.status_code == 201
    login(make_user("admin", []))
    history = client.get("/admin/audit").text
    assert f'href="/consultations/{created.json["id"]}"' in history

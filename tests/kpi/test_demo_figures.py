"""On the demo data, the KPI engine gives the FY2022 table the hubs published (DESIGN §4)."""

import pytest

from hub_app.demo import load_demo_data

# code: (plan, reported actual) of FY2022, DESIGN §4
PUBLISHED = {
    "welltech.projects": (4, 6),
    "welltech.invitations": (60, 86),
    "welltech.consultations": (15, 18),
    "welltech.commercialized": (3, 2),
    "knic.trained_talents": (15, 149),
    "knic.matchings": (5, 17),
    "knic.partnerships": (5, 9),
}


def test_manager_gets_the_published_fy2022_table_from_the_demo_records(app, api, make_user):
    assert "デモデータを入れました" in load_demo_data()
    response = api(make_user("manager", [])).get("/api/v1/kpis?fiscal_year=2022")
    # the two hubs' KPIs, counted from the records (the other programmes' are entered)
    assert response.status_code == 200
    body = response.json
    assert body["label"] == "令和4年度"
    table = {
        item["code"]: (item["plan"], item["actual"])
        for item in body["items"]
        if item["source"] == "records"
    }
    assert table == PUBLISHED
    rates = {item["code"]: item["achievement_rate"] for item in body["items"]}
    assert rates["knic.matchings"] == pytest.approx(17 / 5)
    assert rates["welltech.commercialized"] == pytest.approx(2 / 3)

    admin = api(make_user("admin", []))
    for code, (_plan, actual) in PUBLISHED.items():
        records = admin.get(f"/api/v1/kpis/{code}/records?fiscal_year=2022&per_page=100").json
        assert records["total"] == actual, code  # every figure explained by its records

"""The programmes, entered figures and reports of DESIGN §10 through the JSON API."""

from __future__ import annotations

import hashlib

import pytest

from hub_app.extensions import db

PROGRAMMES = ["welltech", "knic", "night_economy", "succession", "ip_matching", "life_science"]


def test_programmes_in_the_reports_order_with_their_period(app, api, make_user):
    body = api(make_user("viewer", [])).get("/api/v1/programmes").json
    assert [p["code"] for p in body["items"]] == PROGRAMMES
    assert body["items"][2] == {
        "code": "night_economy",
        "name": "インバウンドを軸としたナイトタイムエコノミー推進事業",
        "hub": None,
        "first_fiscal_year": 2020,
        "last_fiscal_year": 2022,
    }
    assert body["items"][0]["hub"] == "welltech"


def test_kpis_of_a_programme_say_where_their_figures_come_from(app, api, make_user):
    client = api(make_user("viewer", []))
    items = client.get("/api/v1/kpis?fiscal_year=2022&programme=night_economy").json["items"]
    assert [i["code"] for i in items] == [
        "night_economy.cashless_spend",
        "night_economy.night_tour_visitors",
        "night_economy.foreign_overnight_stays",
    ]
    assert items[0] | {"rule": None} == {
        "code": "night_economy.cashless_spend",
        "programme": "night_economy",
        "hub": None,
        "name": "インバウンド旅客等のキャッシュレス消費額",
        "unit": "千円",
        "period": "calendar",
        "baseline": 1406427,
        "source": "entered",
        "plan": None,
        "actual": 124865,
        "achievement_rate": None,
        "rule": None,
        "actual_source": "地方創生推進交付金 効果検証(令和4年度)",
    }
    every = client.get("/api/v1/kpis?fiscal_year=2022").json["items"]
    assert len(every) == 21 and {i["programme"] for i in every} == set(PROGRAMMES)
    welltech = client.get("/api/v1/kpis?fiscal_year=2022&programme=welltech").json["items"]
    assert {i["source"] for i in welltech} == {"records"} and len(welltech) == 4
    assert client.get("/api/v1/kpis?programme=nowhere").json == {
        "errors": {"programme": ["事業が正しくありません。"]}
    }


def test_put_an_entered_value_and_the_refusals(app, api, make_user):
    manager = api(make_user("manager", []))
    path = "/api/v1/kpis/succession.bcp_certifications/values/2023"
    response = manager.put(path, json={"actual": 70, "source": "認定件数の公表資料"})
    assert response.status_code == 200
    assert response.json == {
        "code": "succession.bcp_certifications",
        "year": 2023,
        "period": "fiscal",
        "actual": 70,
        "source": "認定件数の公表資料",
    }
    assert manager.put(path, json={"actual": -3, "source": "x"}).status_code == 422
    assert manager.put(path, json={"actual": 3.5, "source": "x"}).status_code == 422
    assert manager.put(path, json={"actual": 3}).json["errors"]["source"]
    assert manager.put(path, json={"actual": 3, "source": "x", "note": 1}).status_code == 422
    assert manager.put(path, data="{", content_type="application/json").status_code == 400
    measured = manager.put(
        "/api/v1/kpis/welltech.projects/values/2022", json={"actual": 5, "source": "x"}
    )
    assert measured.status_code == 409
    assert (
        manager.put(
            "/api/v1/kpis/nope.kpi/values/2022", json={"actual": 5, "source": "x"}
        ).status_code
        == 404
    )
    assert (
        manager.put(
            "/api/v1/kpis/succession.bcp_certifications/values/1800",
            json={"actual": 5, "source": "x"},
        ).status_code
        == 422
    )
    staff = api(make_user("staff", ["welltech"]))
    assert staff.put(path, json={"actual": 1, "source": "x"}).status_code == 403
    table = manager.get("/api/v1/kpis?fiscal_year=2023&programme=succession").json["items"]
    assert {i["code"]: i["actual"] for i in table}["succession.bcp_certifications"] == 70


def test_a_report_is_written_submitted_closed_approved_and_downloaded(app, api, make_user):
    manager = api(make_user("manager", []))
    admin = api(make_user("admin", []))
    path = "/api/v1/programmes/ip_matching/reports/2022"
    empty = manager.get(path).json
    assert empty["status"] == "draft" and empty["label"] == "令和4年度"
    assert empty["budget"] == {
        "fiscal_year": 2022,
        "kind": "actual",
        "total_cost": 10312,
        "grant": 4805,
    }
    assert empty["kpis"][1]["years"]["2021"] == {
        "plan": 4,
        "actual": 9,
        "source": "地方創生推進交付金 効果検証(令和4年度)",
    }

    written = manager.put(path, json={"sections": {"activities": "研修({ip_matching.trainees}名)"}})
    assert written.status_code == 200
    assert written.json["sections"]["activities"] == "研修({ip_matching.trainees}名)"
    assert written.json["resolved"]["activities"] == "研修(13名)"
    unknown = manager.put(path, json={"sections": {"activities": "{ip_matching.nope}"}})
    assert unknown.status_code == 422 and "activities" in unknown.json["errors"]
    assert manager.put(path, json={"sections": {"summary": "x"}}).status_code == 422
    assert manager.put(path, json={"sections": "x"}).status_code == 422

    status = f"{path}/status"
    assert manager.post(status, json={"status": "in_review"}).json["status"] == "in_review"
    refused = manager.post(status, json={"status": "approved"})
    assert refused.status_code == 409
    closed = manager.post("/api/v1/programmes/ip_matching/years/2022/close")
    assert closed.status_code == 201 and closed.json["snapshot"]["programme"] == "ip_matching"
    assert manager.post("/api/v1/programmes/ip_matching/years/2022/close").status_code == 409
    approved = manager.post(status, json={"status": "approved"})
    assert approved.status_code == 200 and approved.json["status"] == "approved"

    first = manager.get(f"{path}.docx")
    assert first.status_code == 200 and first.mimetype.endswith("wordprocessingml.document")
    assert first.headers["X-Content-SHA256"] == hashlib.sha256(first.data).hexdigest()
    manager.put(
        "/api/v1/kpis/ip_matching.trainees/values/2021", json={"actual": 99, "source": "訂正"}
    )
    assert manager.get(f"{path}.docx").data == first.data
    assert manager.post(status, json={"status": "draft"}).status_code == 409

    assert manager.post("/api/v1/programmes/ip_matching/years/2022/reopen").status_code == 403
    assert admin.post("/api/v1/programmes/ip_matching/years/2022/reopen").status_code == 200
    assert manager.get(path).json["status"] == "draft"
    assert admin.post("/api/v1/programmes/ip_matching/years/2022/reopen").status_code == 409


def test_the_whole_year_document(app, api, make_user):
    response = api(make_user("viewer", [])).get("/api/v1/reports/2022.docx")
    assert response.status_code == 200 and response.data.startswith(b"PK")


@pytest.mark.parametrize(
    ("role", "hubs", "expected"),
    [
        # read, write welltech, write knic, write night_economy, submit welltech, approve, close
        ("admin", [], (200, 200, 200, 200, 200, 200, 201)),
        ("manager", [], (200, 200, 200, 200, 200, 200, 201)),
        ("staff", ["welltech"], (200, 200, 403, 403, 200, 403, 403)),
        ("staff", ["knic"], (200, 403, 200, 403, 403, 403, 403)),
        ("viewer", [], (200, 403, 403, 403, 403, 403, 403)),
    ],
)
def test_role_by_action(app, api, make_user, role, hubs, expected):
    client = api(make_user(role, hubs))
    base = "/api/v1/programmes"
    body = {"sections": {"overview": "概要"}}
    got = (
        client.get(f"{base}/welltech/reports/2022").status_code,
        client.put(f"{base}/welltech/reports/2022", json=body).status_code,
        client.put(f"{base}/knic/reports/2022", json=body).status_code,
        client.put(f"{base}/night_economy/reports/2022", json=body).status_code,
        client.post(
            f"{base}/welltech/reports/2022/status", json={"status": "in_review"}
        ).status_code,
        client.post(f"{base}/knic/reports/2022/status", json={"status": "approved"}).status_code,
        client.post(f"{base}/succession/years/2022/close").status_code,
    )
    # approving knic is refused 409 for those allowed (not yet in review), 403 for others
    assert got[:5] + got[6:] == expected[:5] + expected[6:]
    assert got[5] == (409 if expected[5] == 200 else 403)
    db.session.rollback()


def test_unknown_programme_and_year_answer_404_and_422(app, api, make_user):
    client = api(make_user("manager", []))
    assert client.get("/api/v1/programmes/nowhere/reports/2022").status_code == 404
    assert client.get("/api/v1/programmes/welltech/reports/1999").status_code == 422
    assert client.post("/api/v1/programmes/nowhere/years/2022/close").status_code == 404


def test_openapi_lists_the_new_paths(app, client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in (
        "/programmes",
        "/kpis/{code}/values/{year}",
        "/programmes/{code}/reports/{fiscal_year}",
        "/programmes/{code}/reports/{fiscal_year}/status",
        "/programmes/{code}/reports/{fiscal_year}.docx",
        "/reports/{fiscal_year}.docx",
        "/programmes/{code}/years/{fiscal_year}/close",
        "/programmes/{code}/years/{fiscal_year}/reopen",
    ):
        assert path in paths, path
        for operation in paths[path].values():
            assert operation.get("summary"), path
    assert (
        "programme"
        in client.get("/api/v1/openapi.json").json["components"]["schemas"]["KpiItem"]["properties"]
    )


def test_budgets_belong_to_programmes_and_still_answer_to_hub(app, api, make_user):
    manager = api(make_user("manager", []))
    science = manager.get("/api/v1/budgets?programme=life_science").json["items"]
    assert [(b["fiscal_year"], b["kind"], b["total_cost"], b["hub"]) for b in science] == [
        (2022, "actual", 18225, None),
        (2023, "budget", 17680, None),
    ]
    knic = manager.get("/api/v1/budgets?hub=knic").json["items"]
    assert {(b["programme"], b["hub"]) for b in knic} == {("knic", "knic")}
    created = manager.post(
        "/api/v1/budgets",
        json={
            "hub": "welltech",
            "fiscal_year": 2024,
            "kind": "budget",
            "total_cost": 100,
            "grant": 50,
        },
    )
    assert created.status_code == 201 and created.json["programme"] == "welltech"
    night = manager.post(
        "/api/v1/budgets",
        json={
            "programme": "night_economy",
            "fiscal_year": 2022,
            "kind": "actual",
            "total_cost": 1,
            "grant": 1,
        },
    )
    assert night.status_code == 409  # FY2022's actual is seeded from the published report

"""What an integrating system sends by mistake is refused with 4xx, never a 500 (issue #13)."""

import pytest

from hub_app.api.resources import COLLECTIONS
from hub_app.core.fiscal import FISCAL_YEAR_RANGE

HUGE = "99999999999999999999"
LISTS = sorted(COLLECTIONS)


@pytest.fixture
def admin(api, make_user):
    return api(make_user("admin", hubs=("welltech", "knic")))


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("query", [f"page={HUGE}", f"per_page={HUGE}&page={HUGE}", "page=0"])
def test_a_page_out_of_range_is_a_422_on_every_list(admin, name, query):
    response = admin.get(f"/api/v1/{name}?{query}")
    assert response.status_code == 422, response.text
    assert "page" in response.json["errors"]


@pytest.mark.parametrize("name", LISTS)
def test_the_last_page_anyone_may_ask_for_is_served_empty(admin, name):
    response = admin.get(f"/api/v1/{name}?page=2147483647&per_page=100")
    assert response.status_code == 200, response.text
    assert response.json["items"] == []


def test_per_page_above_the_limit_is_served_as_100(admin):
    assert admin.get(f"/api/v1/organizations?per_page={HUGE}").json["per_page"] == 100


@pytest.mark.parametrize(
    "query",
    [
        f"organization_id={HUGE}",
        "organization_id=²",
        f"staff_id={HUGE}",
        "fiscal_year=²",
        "fiscal_year=1989",
        "hub=osaka",
        "status=maybe",
        "updated_since=2022-06-01",
        "updated_since=yesterday",
    ],
)
def test_a_filter_the_document_refuses_is_a_422(admin, query):
    response = admin.get(f"/api/v1/consultations?{query}")
    assert response.status_code == 422, response.text


def test_an_empty_filter_is_no_filter(admin):
    response = admin.get("/api/v1/consultations?hub=&status=&fiscal_year=&updated_since=&page=")
    assert response.status_code == 200, response.text


def test_updated_since_takes_rfc3339_with_any_offset(admin):
    for stamp in ("2000-01-01T00:00:00Z", "2000-01-01T09:00:00+09:00", "2000-01-01t00:00:00z"):
        response = admin.get("/api/v1/consultations", query_string={"updated_since": stamp})
        assert response.status_code == 200, (stamp, response.text)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/talents?employer_id={HUGE}",
        f"/api/v1/matchings?talent_id={HUGE}",
        "/api/v1/talents?skills=juggling",
        "/api/v1/organizations?in_city=perhaps",
        f"/api/v1/kpis/welltech.projects/records?fiscal_year=2022&page={HUGE}",
    ],
)
def test_the_other_lists_refuse_them_too(admin, path):
    assert admin.get(path).status_code == 422


def test_the_fiscal_year_refusal_names_the_range(admin):
    """1989 has four digits; the message says which years there are."""
    assert FISCAL_YEAR_RANGE == "年度は2000〜2100の西暦で指定してください(例: 2022)。"
    for path in ("/api/v1/consultations?fiscal_year=1989", "/api/v1/kpis?fiscal_year=1989"):
        assert admin.get(path).json["errors"]["fiscal_year"] == [FISCAL_YEAR_RANGE]


@pytest.mark.parametrize(
    "path",
    [
        f"/welltech/consultations?page={HUGE}",
        f"/welltech/consultations?organization_id={HUGE}&fiscal_year=²",
        f"/knic/matchings?talent_id={HUGE}&fiscal_year=²",
        f"/knic/talents?employer_id={HUGE}",
        f"/knic/partnerships?organization_id={HUGE}",
        f"/events?fiscal_year=²&page={HUGE}",
        "/kpi?fiscal_year=²",
        f"/admin/audit?user_id={HUGE}&page={HUGE}",
    ],
)
def test_pages_forgive_the_same_nonsense(login, make_user, path):
    client = login(make_user("admin", hubs=("welltech", "knic")))
    response = client.get(path)
    assert response.status_code in (200, 302), (path, response.status_code)


def test_json_types_are_the_documents(admin, make_organization):
    organization = make_organization()
    cases = [
        ("/api/v1/organizations", {"name": 123, "kind": "sme"}, "name"),
        (
            "/api/v1/organizations",
            {"name": "型違い商会", "kind": "sme", "in_city": "yes"},
            "in_city",
        ),
        (
            "/api/v1/consultations",
            {"organization_id": str(organization.id), "title": "x", "opened_on": "2022-04-01"},
            "organization_id",
        ),
        (
            "/api/v1/budgets",
            {
                "programme": "knic",
                "fiscal_year": 2030,
                "kind": "budget",
                "total_cost": True,
                "grant": 0,
            },
            "total_cost",
        ),
    ]
    for path, body, field in cases:
        response = admin.post(path, json=body)
        assert response.status_code == 422, (path, response.text)
        assert field in response.json["errors"], response.json


def test_a_budget_beyond_a_32_bit_integer_is_a_422_not_a_500(admin):
    body = {"programme": "knic", "fiscal_year": 2030, "kind": "budget", "total_cost": 10**12}
    response = admin.post("/api/v1/budgets", json={**body, "grant": 0})
    assert response.status_code == 422
    assert "total_cost" in response.json["errors"]


def test_a_report_long_after_the_programme_began_still_makes_a_document(admin):
    """Its KPI table has a column a year; they share the page instead of a negative width."""
    response = admin.get("/api/v1/programmes/succession/reports/2099.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")


def test_a_control_character_that_word_cannot_hold_is_refused(admin):
    body = {"sections": {"overview": "縦タブ\x0bを含む"}}
    response = admin.put("/api/v1/programmes/life_science/reports/2022", json=body)
    assert response.status_code == 422
    assert "overview" in response.json["errors"]
    assert admin.get("/api/v1/programmes/life_science/reports/2022.docx").status_code == 200

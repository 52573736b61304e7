"""Ids beyond the 32-bit range: a plain 404 or 422, never a database error (PostgreSQL)."""

HUGE = 10**20


def test_huge_id_in_a_page_url_is_404(client, login, make_user):
    login(make_user("admin", []))
    assert client.get(f"/organizations/{HUGE}").status_code == 404
    assert client.get(f"/welltech/consultations/{HUGE}").status_code == 404


def test_huge_id_in_the_api(api, make_user, make_organization):
    client = api(make_user("staff", ["knic"]))
    assert client.get(f"/api/v1/organizations/{HUGE}").status_code == 404
    listed = client.get(f"/api/v1/matchings?organization_id={HUGE}")
    assert listed.status_code == 422 and "organization_id" in listed.json["errors"]
    body = {"organization_id": HUGE, "concluded_on": "2022-05-01", "kind": "agreement"}
    created = client.post("/api/v1/partnerships", json=body)
    assert created.status_code == 422 and "organization_id" in created.json["errors"]

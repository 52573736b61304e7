"""Who may read and write each hub's consultations (DESIGN §6): each hub's staff their own,
managers read both, admins everything; the pages and the API say the same."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hub_app.extensions import db
from hub_app.welltech.models import Consultation
from tests.consultations.conftest import case_form
from tests.factories import post_form

OTHER = {"welltech": "knic", "knic": "welltech"}


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Consultation))


@pytest.mark.parametrize("own", ["welltech", "knic"])
def test_staff_get_403_for_the_other_hubs_pages(client, login, make_user, make_case, own):
    other = OTHER[own]
    theirs = make_case(other)
    login(make_user("staff", [own]))
    assert client.get(f"/{own}/consultations").status_code == 200
    for path in (
        f"/{other}/consultations",
        f"/{other}/consultations/new",
        f"/{other}/consultations/{theirs.id}",
        f"/{other}/consultations/{theirs.id}/edit",
        f"/{other}/consultations/export.csv",
        f"/consultations/{theirs.id}",
    ):
        assert client.get(path).status_code == 403, path
    refused = client.post(f"/{other}/consultations/{theirs.id}/delete")
    assert refused.status_code in (400, 403)  # no page of theirs gives a CSRF token
    assert count() == 1 and theirs.deleted_at is None


@pytest.mark.parametrize("own", ["welltech", "knic"])
def test_staff_get_403_for_the_other_hubs_records_in_the_api(api, make_user, make_case, own):
    other = OTHER[own]
    theirs = make_case(other)
    mine = make_case(own)
    client = api(make_user("staff", [own]))
    listed = client.get("/api/v1/consultations").json
    assert [item["id"] for item in listed["items"]] == [mine.id]
    assert client.get(f"/api/v1/consultations?hub={other}").status_code == 403
    url = f"/api/v1/consultations/{theirs.id}"
    assert client.get(url).status_code == 403
    assert client.patch(url, json={"title": "書き換え"}).status_code == 403
    assert client.delete(url).status_code == 403
    activity = {"occurred_on": "2022-06-02", "notes": "x"}
    assert client.post(url + "/activities", json=activity).status_code == 403
    body = {
        "hub": other,
        "organization_id": theirs.organization_id,
        "opened_on": "2022-06-01",
        "kind": "consultation",
        "channel": "phone",
        "topic": "funding",
        "title": "越境",
    }
    assert client.post("/api/v1/consultations", json=body).status_code == 403
    db.session.refresh(theirs)
    assert count() == 2 and theirs.title != "書き換え" and theirs.deleted_at is None


def test_managers_read_both_hubs_and_write_neither(client, login, api, make_user, make_case):
    knic_case, welltech_case = make_case("knic"), make_case("welltech")
    manager = make_user("manager", [])
    login(manager)
    assert client.get(f"/knic/consultations/{knic_case.id}").status_code == 200
    assert client.get(f"/welltech/consultations/{welltech_case.id}").status_code == 200
    assert client.get("/knic/consultations/new").status_code == 403
    assert "新規登録" not in client.get("/knic/consultations").text
    listed = api(manager).get("/api/v1/consultations").json
    assert {item["hub"] for item in listed["items"]} == {"knic", "welltech"}
    body = {**case_form(0, hub="knic"), "organization_id": knic_case.organization_id}
    assert api(manager).post("/api/v1/consultations", json=body).status_code == 403
    assert count() == 2


def test_viewers_read_no_consultations(api, client, login, make_user, make_case):
    make_case("knic")
    viewer = make_user("viewer", [])
    assert api(viewer).get("/api/v1/consultations").status_code == 403
    login(viewer)
    assert client.get("/knic/consultations").status_code == 403


def test_admins_write_both_hubs_pages(client, login, make_user, make_organization):
    startup = make_organization(kind="startup")
    login(make_user("admin", []))
    for hub, topic in (("knic", "talent"), ("welltech", "safety")):
        saved = post_form(client, f"/{hub}/consultations/new", case_form(startup.id, topic=topic))
        assert saved.status_code == 302, saved.text
    stored = {c.hub: c.topic for c in db.session.scalars(select(Consultation))}
    assert stored == {"knic": "talent", "welltech": "safety"}


def test_a_hub_sent_to_the_other_hubs_page_is_refused(client, login, make_user, make_organization):
    startup = make_organization(kind="startup")
    login(make_user("admin", []))
    refused = post_form(client, "/knic/consultations/new", case_form(startup.id, hub="welltech"))
    assert refused.status_code == 422 and "この画面ではK-NICの相談を登録します。" in refused.text
    assert count() == 0

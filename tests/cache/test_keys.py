"""Does a cached answer reach only callers who may see exactly it? Lists are kept per
caller and data version; a caller whose rights change gets a fresh answer at once."""

from __future__ import annotations

from datetime import date

from hub_app.auth.models import Membership
from hub_app.extensions import db
from tests.kpi import records as r


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json["items"]]


def test_hub_staff_never_get_each_others_list(api, make_user):
    r.consultation(date(2022, 6, 1), hub="welltech", title="ウェルテックの相談")
    r.consultation(date(2022, 6, 2), hub="knic", title="K-NICの起業相談")
    r.event(date(2022, 7, 1), hub="knic")
    db.session.commit()
    welltech = api(make_user("staff", ["welltech"]))
    knic = api(make_user("staff", ["knic"]))

    assert _titles(welltech.get("/api/v1/consultations")) == ["ウェルテックの相談"]
    # the list is cached now: each hub's staff see only their own hub's cases
    assert _titles(knic.get("/api/v1/consultations")) == ["K-NICの起業相談"]
    assert _titles(welltech.get("/api/v1/consultations")) == ["ウェルテックの相談"]
    knic_events = _titles(knic.get("/api/v1/events"))
    assert len(knic_events) == 1
    assert welltech.get("/api/v1/events").json["items"] == []  # after K-NIC's was cached


def test_a_viewer_is_refused_what_others_have_cached(api, make_user):
    r.consultation(date(2022, 6, 1))
    db.session.commit()
    assert api(make_user("admin", [])).get("/api/v1/consultations").json["total"] == 1
    viewer = api(make_user("viewer", []))
    assert viewer.get("/api/v1/consultations").status_code == 403
    assert viewer.get("/api/v1/organizations").status_code == 403


def test_talent_contacts_follow_the_caller_not_the_cache(api, make_user):
    r.talent(full_name="川崎花子", email="hanako@example.jp", phone="044-000-0000")
    db.session.commit()
    staff = api(make_user("staff", ["knic"])).get("/api/v1/talents").json["items"]
    manager = api(make_user("manager", ["knic"])).get("/api/v1/talents").json["items"]
    assert staff[0]["email"] == "hanako@example.jp"
    assert manager[0]["full_name"] == "川崎花子" and "email" not in manager[0]
    assert api(make_user("staff", ["welltech"])).get("/api/v1/talents").status_code == 403


def test_a_read_only_token_reads_the_same_and_writes_nothing(client, make_user):
    from hub_app.auth import services
    from tests.factories import ApiClient

    user = make_user("admin", [])
    full = ApiClient(client, services.create_token(None, user))
    read_only = ApiClient(client, services.create_token(None, user, read_only=True))
    db.session.commit()
    assert read_only.get("/api/v1/organizations").json == full.get("/api/v1/organizations").json
    refused = read_only.post("/api/v1/organizations", json={"name": "書けない会社", "kind": "sme"})
    assert refused.status_code == 403
    assert full.get("/api/v1/organizations").json["total"] == 0


def test_new_rights_show_at_once(api, make_user):
    r.consultation(date(2022, 6, 1))
    db.session.commit()
    person = make_user("staff", ["knic"])
    client = api(person)
    assert client.get("/api/v1/consultations").json["total"] == 0  # K-NIC's cases only
    db.session.add(Membership(user_id=person.id, hub="welltech"))
    db.session.commit()
    assert client.get("/api/v1/consultations").json["total"] == 1
    person.role = "viewer"
    db.session.commit()
    assert client.get("/api/v1/consultations").status_code == 403


def test_a_deactivated_user_is_refused_at_once(api, make_user):
    person = make_user("staff", ["welltech"])
    client = api(person)
    assert client.get("/api/v1/organizations").status_code == 200
    person.active = False
    db.session.commit()
    assert client.get("/api/v1/organizations").status_code == 401


def test_the_api_reads_no_session_cookie(client, login, make_user):
    """A signed-in browser calling the API: the cookie signs nobody in there, and the
    token's write is not held up by the cookie's user being loaded first."""
    from hub_app.auth import services
    from tests.factories import ApiClient

    login(make_user("admin", []))
    assert client.get("/api/v1/organizations").status_code == 401
    staff = make_user("staff", ["welltech"])
    staff_id = staff.id
    token = services.create_token(None, staff)
    db.session.commit()
    created = ApiClient(client, token).post(
        "/api/v1/organizations", json={"name": "クッキー付きの会社", "kind": "sme"}
    )
    assert created.status_code == 201, created.text
    assert created.json["created_by"] == staff_id  # the token's user, not the cookie's admin

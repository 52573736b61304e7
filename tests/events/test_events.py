"""Events of both hubs: the hub follows the kind, lists, permissions, API."""

from datetime import date, timedelta

from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.events.models import Event
from hub_app.extensions import db
from tests.factories import post_form
from tests.knic.helpers import attend, count_queries


def _events() -> int:
    return db.session.scalar(select(func.count()).select_from(Event))


def test_hub_follows_the_kind_and_only_its_staff_may_write(api, make_user):
    welltech = api(make_user("staff", ["welltech"]))
    knic = api(make_user("staff", ["knic"]))
    study = {"title": "移乗機器の勉強会", "kind": "study_session", "held_on": "2024-06-01"}
    seminar = {"title": "副業人材セミナー", "kind": "seminar", "held_on": "2024-06-02"}
    created = welltech.post("/api/v1/events", json=study)
    assert created.status_code == 201 and created.json["hub"] == "welltech"
    assert knic.post("/api/v1/events", json=study).status_code == 403
    assert welltech.post("/api/v1/events", json=seminar).status_code == 403
    made = knic.post("/api/v1/events", json={**seminar, "headcount": 12})
    assert made.status_code == 201 and made.json["hub"] == "knic" and made.json["headcount"] == 12
    wrong_hub = knic.post("/api/v1/events", json={**seminar, "hub": "welltech"})
    assert wrong_hub.status_code == 422 and "hub" in wrong_hub.json["errors"]
    unknown = knic.post("/api/v1/events", json={"title": "x", "kind": "party"})
    assert unknown.status_code == 422 and "kind" in unknown.json["errors"]
    # welltech staff cannot touch a K-NIC event
    assert (
        welltech.patch(f"/api/v1/events/{made.json['id']}", json={"title": "x"}).status_code == 403
    )
    assert welltech.get(f"/api/v1/events/{made.json['id']}").status_code == 403
    assert _events() == 2


def test_the_form_offers_only_the_kinds_the_user_may_write(client, login, make_user):
    login(make_user("staff", ["welltech"]))
    page = client.get("/events/new").text
    assert "福祉製品開発勉強会" in page and "セミナー" not in page


def test_missing_fields_are_refused_next_to_the_field(client, login, make_user):
    login(make_user("staff", ["knic"]))
    response = post_form(client, "/events/new", {"title": "", "kind": "seminar", "held_on": ""})
    assert response.status_code == 422
    assert "開催日を入力してください" in response.text
    assert _events() == 0


def test_list_filters_by_fiscal_year_kind_and_hub(client, login, make_user, make_event):
    make_event("seminar", held_on=date(2022, 5, 1), title="R4のセミナー")
    make_event("training", held_on=date(2023, 3, 31), title="R4の研修")
    make_event("training", held_on=date(2023, 4, 1), title="R5の研修")
    make_event("study_session", held_on=date(2022, 6, 1), title="R4の勉強会")
    login(make_user("admin", []))

    def titles(query: str) -> set[str]:
        text = client.get("/events?" + query).text
        return {t for t in ("R4のセミナー", "R4の研修", "R5の研修", "R4の勉強会") if t in text}

    assert titles("fiscal_year=2022") == {"R4のセミナー", "R4の研修", "R4の勉強会"}
    assert titles("fiscal_year=2022&kind=training") == {"R4の研修"}
    assert titles("hub=welltech") == {"R4の勉強会"}
    assert titles("hub=knic&fiscal_year=2023") == {"R5の研修"}


def test_staff_see_only_their_hubs_events(client, login, make_user, make_event):
    make_event("seminar", title="K-NICのセミナー")
    make_event("study_session", title="ウェルテックの勉強会")
    login(make_user("staff", ["welltech"]))
    text = client.get("/events").text
    assert "ウェルテックの勉強会" in text and "K-NICのセミナー" not in text
    knic_event = db.session.scalars(select(Event).where(Event.kind == "seminar")).one()
    assert client.get(f"/events/{knic_event.id}").status_code == 403


def test_event_list_runs_a_fixed_number_of_queries(
    client, login, make_user, make_event, make_talent
):
    login(make_user("staff", ["knic"]))
    talent = make_talent()

    def measure() -> int:
        with count_queries() as counter:
            assert client.get("/events?per_page=100").status_code == 200
        return counter[0]

    for _ in range(5):
        attend(make_event("seminar"), talent)
    five = measure()
    for _ in range(45):
        attend(make_event("seminar"), talent)
    assert measure() == five


def test_event_page_shows_headcount_and_hides_names_from_those_without_talent_access(
    client, login, make_user, make_event, make_talent
):
    event = make_event("seminar", headcount=7)
    attend(event, make_talent("見える 人"))
    login(make_user("manager", ["welltech"]))
    page = client.get(f"/events/{event.id}").text
    assert "その他 7名" in page and "見える 人" not in page and "1名" in page


def test_patching_the_kind_moves_the_event_to_the_kinds_hub(api, make_user):
    client = api(make_user("admin", []))
    made = client.post(
        "/api/v1/events", json={"title": "合同勉強会", "kind": "seminar", "held_on": "2024-06-01"}
    )
    patched = client.patch(f"/api/v1/events/{made.json['id']}", json={"kind": "study_session"})
    assert patched.status_code == 200, patched.json
    assert patched.json["hub"] == "welltech"


def test_future_event_may_be_scheduled(api, make_user):
    client = api(make_user("staff", ["knic"]))
    ahead = (clock.today() + timedelta(days=30)).isoformat()
    response = client.post(
        "/api/v1/events", json={"title": "来月のセミナー", "kind": "seminar", "held_on": ahead}
    )
    assert response.status_code == 201

"""Does the header search find a facility booking by its title, facility and organisation,
for those who may read Welltech's bookings only?"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hub_app.bookings.models import Booking
from hub_app.extensions import db
from tests.search.test_search import found


@pytest.fixture
def booking(make_organization):
    organization = make_organization("株式会社ヨツバ介護", name_kana="ヨツバカイゴ")
    record = Booking(
        facility="care_facility",
        starts_at=datetime(2024, 6, 3, 1, 0, tzinfo=UTC),  # 10:00 in Japan
        ends_at=datetime(2024, 6, 3, 3, 0, tzinfo=UTC),
        title="見守りセンサーの撮影",
        organization_id=organization.id,
        notes="夜勤帯の動線",
    )
    db.session.add(record)
    db.session.commit()
    return record


@pytest.mark.parametrize(
    "typed", ["見守りセンサー", "ｾﾝｻｰの撮影", "高齢者施設", "ヨツバ介護", "よつば介護", "夜勤帯"]
)
def test_found_by_title_facility_organisation_and_notes(api, make_user, booking, typed):
    client = api(make_user("staff", ("welltech",)))
    assert found(client, typed, type="booking") == [("booking", "見守りセンサーの撮影")]


def test_the_hit_says_where_and_when_and_links_to_the_booking(api, make_user, booking):
    response = api(make_user("admin")).get("/api/v1/search", query_string={"q": "見守りセンサー"})
    [item] = response.get_json()["items"]
    assert item["type"] == "booking"
    assert item["url"] == f"/welltech/bookings/{booking.id}"
    assert item["date"] == "2024-06-03"
    where = "高齢者施設(撮影環境) · 株式会社ヨツバ介護"
    assert item["subtitle"] == f"ウェルテック · {where} · 2024-06-03"


@pytest.mark.parametrize(("role", "hubs"), [("staff", ("knic",)), ("viewer", ())])
def test_not_found_by_those_who_may_not_read_bookings(api, make_user, booking, role, hubs):
    assert found(api(make_user(role, hubs)), "見守りセンサー") == []


def test_the_header_page_groups_it_under_bookings(client, login, make_user, booking):
    login(make_user("manager"))
    page = client.get("/search", query_string={"q": "ヨツバ"}).text
    section = page[page.index('id="search-booking"') :]
    assert "施設予約(1件)" in section
    assert f'href="/welltech/bookings/{booking.id}">見守りセンサーの撮影</a>' in section


def test_an_organisations_new_name_and_a_deletion_reach_the_booking(api, make_user, booking):
    client = api(make_user("admin"))
    booking.organization.name = "株式会社ミツバ介護"
    db.session.commit()
    assert found(client, "ミツバ介護", type="booking") == [("booking", "見守りセンサーの撮影")]
    assert found(client, "ヨツバ", type="booking") == []
    assert client.delete(f"/api/v1/bookings/{booking.id}").status_code == 204
    assert found(client, "見守りセンサー") == []

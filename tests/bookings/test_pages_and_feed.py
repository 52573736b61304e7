"""The week calendar, the evaluation page's 「予約する」, exports, imports and the feed."""

from __future__ import annotations

import re

from icalendar import Calendar
from sqlalchemy import func, select

from hub_app.bookings.models import Booking, CalendarFeed
from hub_app.extensions import db
from hub_app.imports import import_file
from tests.bookings.conftest import body
from tests.factories import post_form


def test_the_week_shows_a_booking_in_japan_time_and_links_to_other_weeks(api, login, client, staff):
    api(staff).post("/api/v1/bookings", json=body(title="午前の評価"))
    login(staff)
    page = client.get("/welltech/bookings/calendar/mock_lab?week=2026-12-02")
    assert page.status_code == 200
    assert "10:00〜12:00" in page.text and "午前の評価" in page.text
    assert "week=2026-11-23" in page.text and "week=2026-12-07" in page.text
    assert "starts_at=2026-12-02T13:00" in page.text  # a free hour offers 「＋予約」
    assert "starts_at=2026-12-02T10:00" not in page.text  # a held one does not


def test_booking_from_the_evaluation_page_is_prefilled(login, client, staff, evaluation):
    login(staff)
    shown = client.get(f"/welltech/evaluations/{evaluation.id}")
    link = re.search(r'href="(/welltech/bookings/calendar/mock_lab\?[^"]+)"', shown.text)
    assert link and "予約する" in shown.text
    form = client.get(
        f"/welltech/bookings/new?evaluation_id={evaluation.id}&starts_at=2026-12-03T10:00"
    )
    assert 'value="2026-12-03T10:00"' in form.text and 'value="2026-12-03T11:00"' in form.text
    assert "架空の移乗リフト 安全性評価" in form.text
    saved = post_form(
        client,
        "/welltech/bookings/new",
        {
            "facility": "mock_lab",
            "starts_at": "2026-12-03T10:00",
            "ends_at": "2026-12-03T11:00",
            "title": "架空の移乗リフト 安全性評価",
            "evaluation_id": str(evaluation.id),
        },
    )
    assert saved.status_code == 302
    again = post_form(
        client,
        "/welltech/bookings/new",
        {
            "facility": "mock_lab",
            "starts_at": "2026-12-03T10:30",
            "ends_at": "2026-12-03T11:30",
            "title": "重なり",
        },
    )
    assert again.status_code == 409 and "予約済みです" in again.text
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 1


def test_export_shows_japan_times_and_imports_back(api, login, client, staff, tmp_path):
    api(staff).post("/api/v1/bookings", json=body())
    login(staff)
    with client.get("/welltech/bookings/export.csv") as exported:
        text = exported.data.decode("utf-8-sig")
    assert "2026-12-02T10:00:00+09:00" in text
    rows = [
        "施設,開始日時,終了日時,件名",
        "在宅(撮影環境),2026-12-04T09:00,2026-12-04T10:00,在宅撮影",
        "在宅(撮影環境),2026-12-04 09:30,2026-12-04 10:30,重なる撮影",
    ]
    path = tmp_path / "bookings.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    report = import_file("bookings", path, staff)
    assert not report.ok
    assert any(error.line == 3 for error in report.errors)
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 1  # all or nothing
    path.write_text("\n".join(rows[:2]), encoding="utf-8")
    assert import_file("bookings", path, staff).ok
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 2


def test_the_feed_needs_its_secret_and_renewal_invalidates_the_old_url(
    app, api, login, client, staff
):
    api(staff).post("/api/v1/bookings", json=body(title="購読される予約"))
    login(staff)
    issued = post_form(client, "/account/calendar", {}, form_path="/account/calendar")
    url = re.search(r'value="http://localhost(/calendar/[^"]+/mock_lab\.ics)"', issued.text)[1]
    secret = url.split("/")[2]
    assert db.session.scalar(select(CalendarFeed.token_hash)) != secret  # kept hashed
    calendar_app = app.test_client()  # a calendar service: no session
    fetched = calendar_app.get(url)
    assert fetched.status_code == 200
    assert fetched.content_type == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(fetched.data)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "購読される予約"
    assert event["UID"] and event["DTSTAMP"]
    assert event["DTSTART"].dt.isoformat() == "2026-12-02T10:00:00+09:00"
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert calendar.walk("VTIMEZONE")
    assert calendar_app.get(url.replace(secret, "x" * 43)).status_code == 404
    post_form(client, "/account/calendar", {}, form_path="/account/calendar")
    assert calendar_app.get(url).status_code == 404  # the old URL is gone

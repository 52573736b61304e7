"""Roster choices tell people apart, and the page says when an event is not yet held."""

from __future__ import annotations

from datetime import timedelta

from hub_app.core import clock
from tests.knic import helpers


def test_namesakes_are_told_apart_by_employer_and_title(
    client, login, knic_staff, make_event, make_organization
):
    event = make_event("seminar")
    first = make_organization("川崎重工テスト株式会社", kind="large_company")
    second = make_organization("横浜電機テスト株式会社", kind="large_company")
    helpers.make_talent("山田 太郎", employer_id=first.id, job_title="経営企画部 課長")
    helpers.make_talent("山田 太郎", employer_id=second.id, job_title="財務部 部長")
    login(knic_staff)
    page = client.get(f"/events/{event.id}/roster").text
    assert "山田 太郎 — 川崎重工テスト株式会社・経営企画部 課長" in page
    assert "山田 太郎 — 横浜電機テスト株式会社・財務部 部長" in page
    # the employer is searchable too
    narrowed = client.get(f"/events/{event.id}/roster?q=横浜電機").text
    assert "財務部 部長" in narrowed and "経営企画部 課長" not in narrowed


def test_roster_of_an_upcoming_event_says_when_attendance_can_be_recorded(
    client, login, knic_staff, make_event
):
    event = make_event("seminar", held_on=clock.today() + timedelta(days=10))
    login(knic_staff)
    page = client.get(f"/events/{event.id}/roster").text
    assert "この催しは開催前です" in page
    held = make_event("seminar")
    assert "この催しは開催前です" not in client.get(f"/events/{held.id}/roster").text

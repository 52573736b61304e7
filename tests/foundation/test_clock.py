"""'Today' is Japan's date: between midnight and 9:00 there, UTC still says yesterday."""

from datetime import UTC, date, datetime

import pytest

from hub_app.core import clock


@pytest.fixture
def japan_morning(monkeypatch):
    """08:50 on 29 November in Japan, 23:50 on the 28th in UTC."""
    moment = datetime(2026, 11, 28, 23, 50, tzinfo=UTC).astimezone(clock.JST)
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


def test_today_is_the_date_in_japan(japan_morning):
    assert clock.today() == date(2026, 11, 29)


def test_a_record_dated_this_japanese_morning_is_not_in_the_future(
    japan_morning, api, make_user, make_organization
):
    client = api(make_user("staff", ["knic"]))
    organization = make_organization()
    body = {"organization_id": organization.id, "kind": "agreement"}
    today = client.post("/api/v1/partnerships", json={**body, "concluded_on": "2026-11-29"})
    assert today.status_code == 201, today.json
    tomorrow = client.post("/api/v1/partnerships", json={**body, "concluded_on": "2026-11-30"})
    assert tomorrow.status_code == 422 and "concluded_on" in tomorrow.json["errors"]

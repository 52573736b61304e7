"""The 期限切れ filter of the consultation, project and matching lists (page and API):
live records whose follow-up day has passed, nothing due today or later."""

from __future__ import annotations

import pytest

from hub_app.core.models import utcnow
from hub_app.extensions import db
from tests.followups.conftest import days

LISTS = {
    "consultation": ("/welltech/consultations", "/api/v1/consultations"),
    "project": ("/welltech/projects", "/api/v1/projects"),
    "matching": ("/knic/matchings", "/api/v1/matchings"),
}


@pytest.fixture
def build(consultation, project, matching):
    return {"consultation": consultation, "project": project, "matching": matching}


@pytest.mark.parametrize("kind", LISTS)
def test_the_overdue_filter_lists_only_passed_follow_ups(
    kind, build, person, make_user, login, client, api
):
    make = build[kind]
    late = make(person, days(-1))
    someone_elses = make(make_user("staff", ["welltech", "knic"]), days(-30))
    due_today = make(person, days(0))
    ahead = make(person, days(20))
    without = make(person, None)
    deleted = make(person, days(-5))
    deleted.deleted_at = utcnow()
    db.session.commit()

    page, collection = LISTS[kind]
    listed = api(person).get(f"{collection}?overdue=true").json
    assert sorted(item["id"] for item in listed["items"]) == [late.id, someone_elses.id]
    assert listed["total"] == 2
    everything = api(person).get(collection).json
    assert everything["total"] == 5
    assert {item["id"] for item in everything["items"]} == {
        late.id,
        someone_elses.id,
        due_today.id,
        ahead.id,
        without.id,
    }

    login(person)
    shown = client.get(f"{page}?overdue=1")
    assert shown.status_code == 200
    assert 'name="overdue" value="1" checked' in shown.text  # the box stays ticked
    links = {f'href="{page}/{record.id}"' for record in (due_today, ahead, without)}
    assert not any(link in shown.text for link in links)
    assert f'href="{page}/{late.id}"' in shown.text
    unfiltered = client.get(page)
    assert 'name="overdue" value="1">' in unfiltered.text
    assert f'href="{page}/{ahead.id}"' in unfiltered.text


def test_closed_consultations_are_not_overdue(consultation, person, api):
    consultation(person, days(-3), status="closed", closed_on=days(-1))
    assert api(person).get("/api/v1/consultations?overdue=true").json["total"] == 0


def test_a_bad_overdue_value_is_refused_not_ignored(api, person):
    refused = api(person).get("/api/v1/consultations?overdue=maybe")
    assert refused.status_code == 422
    assert "overdue" in refused.json["errors"]

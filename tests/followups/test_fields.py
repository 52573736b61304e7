"""next_action_on and next_action through the form, the API and the import: a day ahead is
fine, a bad one is refused with a clear Japanese message and nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.knic.models import Matching
from hub_app.welltech.models import Consultation, Project
from tests.factories import post_form
from tests.followups.conftest import days
from tests.knic import helpers

FORMAT = "日付はYYYY-MM-DDの形式で入力してください。"
RANGE = "次回対応予定日は2000-01-01〜2099-12-31の日付にしてください。"
NEEDS_DATE = "次回対応の内容を入れたときは次回対応予定日も入力してください。"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def bodies(make_organization):
    """A valid body of each collection, without a follow-up."""
    organization = make_organization()
    talent = helpers.make_talent()
    startup = make_organization(kind="startup")
    return {
        "consultations": (
            Consultation,
            {
                "organization_id": organization.id,
                "opened_on": days(-1).isoformat(),
                "kind": "consultation",
                "channel": "phone",
                "topic": "funding",
                "title": "補助金の相談",
            },
        ),
        "projects": (
            Project,
            {
                "title": "入浴リフトの改良",
                "kind": "improvement",
                "lead_organization_id": organization.id,
                "product_category": "bathing",
                "stage": "planning",
                "started_on": days(-1).isoformat(),
            },
        ),
        "matchings": (
            Matching,
            {"talent_id": talent.id, "organization_id": startup.id, "stage": "proposed"},
        ),
    }


@pytest.mark.parametrize("collection", ["consultations", "projects", "matchings"])
def test_the_api_takes_a_day_ahead_and_serves_it_back(api, person, bodies, collection):
    model, body = bodies[collection]
    ahead = days(45).isoformat()
    client = api(person)
    created = client.post(
        f"/api/v1/{collection}", json={**body, "next_action_on": ahead, "next_action": "電話する"}
    )
    assert created.status_code == 201, created.text
    assert created.json["next_action_on"] == ahead
    assert created.json["next_action"] == "電話する"
    url = f"/api/v1/{collection}/{created.json['id']}"
    cleared = client.patch(url, json={"next_action_on": None, "next_action": None})
    assert cleared.status_code == 200, cleared.text
    assert db.session.get(model, created.json["id"]).next_action_on is None


@pytest.mark.parametrize("collection", ["consultations", "projects", "matchings"])
@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"next_action_on": "2026-02-30"}, FORMAT),
        ({"next_action_on": "来週の火曜"}, FORMAT),
        ({"next_action_on": "0202-01-01"}, RANGE),
        ({"next_action_on": "2100-01-01"}, RANGE),
        ({"next_action": "見積もりを送る"}, NEEDS_DATE),
    ],
)
def test_the_api_refuses_a_bad_follow_up_and_stores_nothing(
    api, person, bodies, collection, values, message
):
    model, body = bodies[collection]
    refused = api(person).post(f"/api/v1/{collection}", json={**body, **values})
    assert refused.status_code == 422, refused.text
    assert refused.json["errors"]["next_action_on"] == [message]
    assert count(model) == 0


def test_the_api_refuses_a_too_long_next_action(api, person, bodies):
    _model, body = bodies["consultations"]
    refused = api(person).post(
        "/api/v1/consultations",
        json={**body, "next_action_on": days(1).isoformat(), "next_action": "あ" * 201},
    )
    assert refused.status_code == 422
    assert "next_action" in refused.json["errors"]


def test_the_form_shows_the_error_beside_the_field(client, login, person, bodies):
    _model, body = bodies["consultations"]
    login(person)
    form = {**body, "status": "open", "next_action_on": "2026-13-01", "next_action": "連絡"}
    refused = post_form(client, "/welltech/consultations/new", form)
    assert refused.status_code in (200, 422)
    assert FORMAT in refused.text
    assert count(Consultation) == 0
    saved = post_form(
        client, "/welltech/consultations/new", {**form, "next_action_on": days(30).isoformat()}
    )
    assert saved.status_code == 302
    stored = db.session.scalar(select(Consultation))
    assert stored.next_action_on == days(30) and stored.next_action == "連絡"


def test_the_import_reads_both_columns_and_refuses_the_file_on_a_bad_day(tmp_path, person, bodies):
    _model, body = bodies["consultations"]
    header = "企業・団体ID,受付日,種別,受付方法,テーマ,件名,次回対応予定日,次回対応の内容"
    row = f"{body['organization_id']},{body['opened_on']},相談,電話,資金"
    lines = [header, f"{row},一件目,{days(10).isoformat()},試作品を届ける", f"{row},二件目,明日,"]
    path = tmp_path / "consultations.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = import_file("consultations", path, person)
    assert not report.ok
    [error] = report.errors
    assert error.line == 3 and error.column == "次回対応予定日"
    assert "「明日」は日付として読めません" in error.message
    assert count(Consultation) == 0  # all or nothing
    path.write_text("\n".join(lines[:2]), encoding="utf-8")
    assert import_file("consultations", path, person).ok
    stored = db.session.scalar(select(Consultation))
    assert (stored.next_action_on, stored.next_action) == (days(10), "試作品を届ける")

"""A K-NIC consultation may name the matching it is about; a Welltech one names a project.
Is each link refused where it does not belong, and shown on both pages where it does?"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from hub_app.extensions import db
from hub_app.welltech.models import Consultation, Project
from tests.consultations.conftest import case_form
from tests.factories import post_form, sign_out


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Consultation))


def body(organization_id: int, **overrides):
    values = {
        "hub": "knic",
        "organization_id": organization_id,
        "opened_on": "2022-06-01",
        "kind": "consultation",
        "channel": "visit",
        "topic": "talent",
        "title": "副業人材の受け入れ方",
    }
    values.update(overrides)
    return values


def welltech_project(organization_id: int) -> Project:
    project = Project(
        hub="welltech",
        title="移乗支援機器の改良",
        kind="improvement",
        lead_organization_id=organization_id,
        product_category="transfer",
        stage="evaluating",
        started_on=date(2022, 5, 1),
    )
    db.session.add(project)
    db.session.commit()
    return project


def test_matching_link_refusals_store_nothing(api, make_user, make_organization, make_matching):
    client = api(make_user("admin", []))
    startup = make_organization(kind="startup")
    deleted = make_matching(startup)
    deleted.deleted_at = deleted.created_at
    db.session.commit()
    project = welltech_project(startup.id)
    unknown = "指定されたマッチングはK-NICに登録されていません。"
    cases = [
        (body(startup.id, matching_id=999999), {"matching_id": [unknown]}),
        (body(startup.id, matching_id=deleted.id), {"matching_id": [unknown]}),
        (
            body(startup.id, project_id=project.id),
            {"project_id": ["関連プロジェクトはウェルテックの相談にだけ指定できます。"]},
        ),
        (
            body(startup.id, hub="welltech", topic="funding", matching_id=make_matching().id),
            {"matching_id": ["関連マッチングはK-NICの相談にだけ指定できます。"]},
        ),
    ]
    for values, errors in cases:
        response = client.post("/api/v1/consultations", json=values)
        assert response.status_code == 422, response.json
        assert response.json["errors"] == errors
    assert count() == 0


def test_the_link_is_shown_on_both_pages(
    client, login, knic_staff, make_organization, make_matching
):
    startup = make_organization("株式会社ミライ創業", kind="startup")
    matching = make_matching(startup)
    login(knic_staff)
    new_page = client.get(f"/knic/consultations/new?matching_id={matching.id}").text
    assert f'<option value="{matching.id}" selected>' in new_page
    saved = post_form(
        client, "/knic/consultations/new", case_form(startup.id, matching_id=str(matching.id))
    )
    assert saved.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert consultation.matching_id == matching.id

    page = client.get(f"/knic/consultations/{consultation.id}").text
    assert f'href="/knic/matchings/{matching.id}"' in page
    assert f"{matching.talent.full_name} × 株式会社ミライ創業・CFO" in page
    matching_page = client.get(f"/knic/matchings/{matching.id}").text
    assert "このマッチングについての相談" in matching_page
    assert f'href="/knic/consultations/{consultation.id}"' in matching_page


def test_a_matching_without_consultations_says_so(
    client, login, knic_staff, make_organization, make_matching
):
    startup = make_organization("株式会社ミライ創業", kind="startup")
    matching = make_matching(startup)
    login(knic_staff)
    page = client.get(f"/knic/matchings/{matching.id}").text
    assert "このマッチングについての相談はまだありません。" in page
    assert "相談の記録はありません。" not in page


def test_readers_who_may_not_see_talents_read_the_link_without_the_name(
    client, login, make_user, make_case, make_matching
):
    matching = make_matching()
    consultation = make_case("knic", matching_id=matching.id)
    login(make_user("manager", []))  # reads K-NIC's records, not its talents
    page = client.get(f"/knic/consultations/{consultation.id}").text
    assert f'href="/knic/matchings/{matching.id}"' in page
    assert matching.talent.full_name not in page
    sign_out(client)

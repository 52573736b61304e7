"""A coordinator runs a cohort through the pages: registration → seminar → proposal → 成立."""

import re
from datetime import timedelta

from sqlalchemy import select

from hub_app.core import clock
from hub_app.events.models import Attendance, Event
from hub_app.extensions import db
from hub_app.knic.models import Matching, Talent
from tests.factories import post_form


def test_cohort_from_registration_to_placement(client, login, knic_staff, make_organization):
    employer = make_organization("川崎重機株式会社", kind="large_company")
    startup = make_organization(
        "バイオスタートアップ", kind="startup", skills_wanted=["finance", "regulatory"]
    )
    login(knic_staff)
    # 1. register two professionals
    for name, skills in (("財務 一郎", ["finance", "regulatory"]), ("営業 二郎", ["sales"])):
        response = post_form(
            client,
            "/knic/talents/new",
            {
                "full_name": name,
                "employer_id": str(employer.id),
                "skills": skills,
                "hours_per_month": "20",
                "side_job_permitted": "y",
                "consent_on": (clock.today() - timedelta(days=60)).isoformat(),
                "status": "active",
            },
        )
        assert response.status_code == 302, response.text
    finance = db.session.scalars(select(Talent).where(Talent.full_name == "財務 一郎")).one()
    # 2. a seminar held last week, both attend (added at once from the roster)
    held = (clock.today() - timedelta(days=7)).isoformat()
    response = post_form(
        client,
        "/events/new",
        {
            "title": "副業人材育成セミナー第1回",
            "kind": "seminar",
            "held_on": held,
            "headcount": "5",
        },
    )
    assert response.status_code == 302, response.text
    seminar = db.session.scalars(select(Event)).one()
    assert seminar.hub == "knic"
    roster = client.get(f"/events/{seminar.id}/roster").text
    ids = re.findall(r'<option value="(\d+)"[^>]*>[^<]*(?:一郎|二郎)', roster)
    assert len(ids) == 2
    response = post_form(client, f"/events/{seminar.id}/roster", {"talent_ids": ids})
    assert response.status_code == 302
    assert len(db.session.scalars(select(Attendance)).all()) == 2
    # 3. the startup's page suggests the finance professional first, with the reason
    section = client.get(f"/organizations/{startup.id}").text.split("人材の提案")[1]
    assert "財務 一郎" in section and "営業 二郎" not in section
    assert "求めるスキル2件のうち2件(財務・薬事・規制)に対応" in section
    proposal = f"/knic/matchings/new?talent_id={finance.id}&amp;organization_id={startup.id}"
    assert proposal in section
    # 4. propose (the form comes prefilled), then move the matching through the pipeline
    form = client.get(proposal.replace("&amp;", "&")).text
    assert f'<option value="{finance.id}" selected' in form
    response = post_form(
        client,
        "/knic/matchings/new",
        {
            "talent_id": str(finance.id),
            "organization_id": str(startup.id),
            "stage": "proposed",
            "proposed_on": (clock.today() - timedelta(days=6)).isoformat(),
            "role": "CFO(副業)",
        },
    )
    assert response.status_code == 302, response.text
    matching = db.session.scalars(select(Matching)).one()
    move = f"/knic/matchings/{matching.id}/move"
    for stage, days_ago in (("introduced", 5), ("interviewing", 3), ("agreed", 1)):
        on = (clock.today() - timedelta(days=days_ago)).isoformat()
        response = post_form(
            client,
            move,
            {"stage": stage, "on": on, "next": "board"},
            form_path="/knic/matchings/board",
        )
        assert response.status_code == 302, (stage, response.text)
    db.session.refresh(matching)
    assert matching.stage == "agreed" and matching.agreed_on == clock.today() - timedelta(days=1)
    # 5. the startup is no longer suggested the same person; the talent page shows it all
    section = client.get(f"/organizations/{startup.id}").text.split("人材の提案")[1]
    assert "条件に合う人材はいません" in section
    talent_page = client.get(f"/knic/talents/{finance.id}").text
    assert "副業人材育成セミナー第1回" in talent_page and "成立" in talent_page

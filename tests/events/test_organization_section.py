"""An organisation's page lists the study sessions and seminars it attended."""

from __future__ import annotations

import re

from tests.knic.helpers import attend


def test_organisation_page_lists_attended_events_of_readable_hubs(
    client, login, make_user, make_event, make_organization
):
    company = make_organization("勉強会参加テスト株式会社")
    study = make_event("study_session", title="移乗の勉強会")
    seminar = make_event("seminar", title="副業セミナー")
    make_event("study_session", title="欠席した勉強会")
    attend(study, organization=company)
    attend(seminar, organization=company)
    login(make_user("staff", ["welltech"]))
    page = client.get(f"/organizations/{company.id}").text
    assert "参加した勉強会・研修・イベント" in page
    assert re.search(rf'href="/events/{study.id}">移乗の勉強会</a>', page)
    assert "欠席した勉強会" not in page
    assert "副業セミナー" not in page  # a K-NIC event: not this user's hub


def test_invitations_on_the_organisation_page_open_the_invitation(
    client, login, make_user, make_organization
):
    from datetime import date

    from hub_app.extensions import db
    from hub_app.welltech.models import Invitation

    company = make_organization()
    invitation = Invitation(
        hub="welltech",
        organization_id=company.id,
        invited_on=date(2024, 5, 1),
        method="visit",
        outcome="pending",
    )
    db.session.add(invitation)
    db.session.commit()
    login(make_user("staff", ["welltech"]))
    page = client.get(f"/organizations/{company.id}").text
    assert f'href="/welltech/invitations/{invitation.id}"' in page

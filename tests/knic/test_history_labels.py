"""K-NIC histories read in Japanese: stage names and date fields, not codes."""

from __future__ import annotations

import re

from tests.factories import post_form


def test_matching_history_names_stages_and_dates(
    client, login, knic_staff, make_talent, make_organization, make_matching
):
    matching = make_matching(make_talent(), make_organization(kind="startup"))
    login(knic_staff)
    show = f"/knic/matchings/{matching.id}"
    moved = post_form(client, f"{show}/move", {"stage": "introduced", "on": ""}, show)
    assert moved.status_code == 302, moved.text
    page = client.get(show).text
    text = re.sub(r"<[^>]+>", " ", page[page.index("変更履歴") :])
    assert "候補 → 紹介済" in text and "紹介日" in text
    assert "introduced_on" not in text and "proposed" not in text


def test_event_history_names_fields(client, login, knic_staff):
    login(knic_staff)
    response = post_form(
        client,
        "/events/new",
        {"title": "副業人材セミナー", "kind": "seminar", "held_on": "2024-06-01", "venue": "K-NIC"},
    )
    assert response.status_code == 302, response.text
    page = client.get(response.location).text
    text = re.sub(r"<[^>]+>", " ", page[page.index("変更履歴") :])
    assert "開催日" in text and "会場" in text and "セミナー" in text
    assert "held_on" not in text and "venue" not in text

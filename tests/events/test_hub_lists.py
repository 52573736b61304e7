"""A hub's own event list speaks about that hub only: its name, its kinds, no hub column."""

from __future__ import annotations

import re


def _headers(page: str) -> list[str]:
    head = page[page.index("<thead>") : page.index("</thead>")]
    return re.findall(r"<th[^>]*>([^<]*)</th>", head)


def test_welltech_staff_see_their_study_sessions_without_foreign_columns(
    client, login, make_user, make_event
):
    make_event("study_session", title="勉強会A")
    make_event("seminar", title="セミナーB")
    login(make_user("staff", ["welltech"]))
    page = client.get("/events/welltech", follow_redirects=True).text
    assert "<h1>福祉製品開発勉強会(ウェルテック)" in page
    assert "勉強会A" in page and "セミナーB" not in page
    assert "拠点" not in _headers(page) and "種別" not in _headers(page)
    assert 'name="kind"' not in page
    assert 'href="/events/new?kind=study_session"' in page


def test_knic_list_offers_knic_kinds_and_a_manager_still_sees_every_hub(
    app, client, login, make_user, make_event
):
    make_event("study_session", title="勉強会A")
    make_event("seminar", title="セミナーB")
    login(make_user("staff", ["knic"]))
    page = client.get("/events/knic", follow_redirects=True).text
    assert "<h1>研修・セミナー等(K-NIC)" in page and "種別" in _headers(page)
    kinds = page[page.index('name="kind"') : page.index("</select>", page.index('name="kind"'))]
    assert "セミナー" in kinds and "福祉製品開発勉強会" not in kinds
    manager = login(make_user("manager", []), test_client=app.test_client())
    everything = manager.get("/events").text
    assert "<h1>勉強会・研修・イベント" in everything and "拠点" in _headers(everything)
    assert "勉強会A" in everything and "セミナーB" in everything

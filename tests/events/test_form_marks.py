"""The event form marks its required choice and names the missing field in Japanese."""

from __future__ import annotations

import re

from tests.factories import post_form


def test_event_form_marks_kind_required_and_names_a_missing_title(client, login, make_user):
    login(make_user("staff", ["knic"]))
    page = client.get("/events/new").text
    assert re.search(r'<label for="kind">種別</label><span class="required"', page)
    response = post_form(client, "/events/new", {"title": "", "kind": "", "held_on": ""})
    assert response.status_code == 422
    assert "名称を入力してください。" in response.text and "種別を選んでください。" in response.text


def test_partnership_form_marks_kind_required(client, login, make_user):
    login(make_user("staff", ["knic"]))
    page = client.get("/knic/partnerships/new").text
    assert re.search(r'<label for="kind">種別</label><span class="required"', page)

"""The stage page offers the next stages only, and moving to the current stage is refused."""

from __future__ import annotations

import re
from datetime import timedelta

from hub_app.core import clock
from hub_app.extensions import db
from tests.factories import post_form


def _options(page: str) -> str:
    return page[page.index('id="stage"') : page.index("</select>", page.index('id="stage"'))]


def test_move_page_starts_on_the_next_stage(
    client, login, knic_staff, make_talent, make_organization, make_matching
):
    """Opening 段階を移す and pressing 移す moves forward, not to the stage it is already in."""
    matching = make_matching(make_talent(), make_organization(kind="startup"))
    login(knic_staff)
    options = _options(client.get(f"/knic/matchings/{matching.id}/move").text)
    assert '<option selected value="introduced">紹介済</option>' in options
    assert 'value="declined">不成立' in options
    assert 'value="proposed"' not in options and 'value="agreed"' not in options


def test_moving_to_the_current_stage_is_refused_and_keeps_the_date(
    client, login, knic_staff, make_talent, make_organization, make_matching
):
    proposed_on = clock.today() - timedelta(days=20)
    matching = make_matching(
        make_talent(), make_organization(kind="startup"), proposed_on=proposed_on
    )
    login(knic_staff)
    move = f"/knic/matchings/{matching.id}/move"
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    response = post_form(client, move, {"stage": "proposed", "on": yesterday})
    assert response.status_code == 422
    assert "すでに「候補」の段階です" in response.text
    db.session.refresh(matching)
    assert matching.proposed_on == proposed_on


def test_a_closed_matching_points_to_edit_and_a_new_proposal(
    client, login, knic_staff, make_talent, make_organization, make_matching
):
    talent, startup = make_talent(), make_organization(kind="startup")
    matching = make_matching(talent, startup, stage="declined")
    login(knic_staff)
    page = client.get(f"/knic/matchings/{matching.id}/move").text
    assert "先の段階はありません" in page
    assert f"/knic/matchings/{matching.id}/edit" in page
    assert f"talent_id={talent.id}" in page and 'id="stage"' not in page


def test_a_second_open_matching_links_to_the_first(
    client, login, knic_staff, make_talent, make_organization, make_matching
):
    """The refusal names the open matching; the page links to it instead of a dead end."""
    talent, startup = make_talent(), make_organization(kind="startup")
    first = make_matching(talent, startup, stage="interviewing")
    login(knic_staff)
    response = post_form(
        client,
        "/knic/matchings/new",
        {"talent_id": str(talent.id), "organization_id": str(startup.id), "stage": "proposed"},
    )
    assert response.status_code == 409
    assert f'href="/knic/matchings/{first.id}"' in response.text
    assert f"#{first.id}(面談中)を開く" in response.text


def test_hours_get_one_message_whether_not_a_number_or_out_of_range(
    client, login, knic_staff, make_talent, make_organization
):
    talent, startup = make_talent(), make_organization(kind="startup")
    login(knic_staff)
    base = {"talent_id": str(talent.id), "organization_id": str(startup.id), "stage": "proposed"}

    def errors(hours: str) -> list[str]:
        page = post_form(client, "/knic/matchings/new", {**base, "hours_per_month": hours}).text
        block = page[page.index('id="hours_per_month"') :]
        return re.findall(r"<li>([^<]+)</li>", block[: block.index("</div>")])

    assert len(errors("abc")) == 1
    assert errors("-5") == ["0〜744の整数で入力してください。"]

"""The board stays a working view: finished columns show their latest cards and link to the rest."""

from __future__ import annotations

from datetime import timedelta

from hub_app.core import clock
from hub_app.knic.matchings.queries import BOARD_CLOSED_LIMIT


def test_finished_columns_show_the_latest_cards_and_link_to_the_list(
    client, login, knic_staff, make_talent, make_organization, make_matching
):
    startup = make_organization(kind="startup")
    agreed_on = clock.today() - timedelta(days=40)
    finished = [
        make_matching(
            make_talent(f"成立{i:02d}"),
            startup,
            stage="agreed",
            introduced_on=agreed_on,
            agreed_on=agreed_on,
        )
        for i in range(BOARD_CLOSED_LIMIT + 3)
    ]
    open_ones = [make_matching(make_talent(f"候補{i:02d}"), startup) for i in range(12)]
    login(knic_staff)
    page = client.get("/knic/matchings/board").text
    agreed = page[page.index('aria-label="成立"') : page.index('aria-label="不成立"')]
    assert f"{len(finished)}件" in agreed
    assert agreed.count('class="board-card"') == BOARD_CLOSED_LIMIT
    assert "stage=agreed" in agreed and f"{len(finished)}件すべてを一覧で見る" in agreed
    # the newest are shown, the oldest wait in the list
    assert f"#{finished[-1].id}<" in agreed and f"#{finished[0].id}<" not in agreed
    # open stages are the work at hand: every card is on the board
    proposed = page[page.index('aria-label="候補"') : page.index('aria-label="紹介済"')]
    assert proposed.count('class="board-card"') == len(open_ones)
    assert "すべてを一覧で見る" not in proposed

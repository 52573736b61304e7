"""A lab staff member books the mock lab from an evaluation in chromium, is refused an
overlapping slot, and finds the booking in the week calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hub_app.extensions import db
from hub_app.welltech.models import Evaluation, Project
from tests.e2e.test_welltech_flow import _sign_in
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.e2e


def test_booking_the_mock_lab_from_an_evaluation(live_app, live_server, page):
    with live_app.app_context():
        email = make_user("staff", ["welltech"], name="福祉 花子").email
        organization = make_organization("株式会社みどりケア")
        project = Project(
            hub="welltech",
            title="みどり移乗リフト",
            kind="improvement",
            lead_organization_id=organization.id,
            product_category="transfer",
            stage="evaluating",
            started_on=date(2026, 4, 1),
        )
        db.session.add(project)
        db.session.flush()
        evaluation = Evaluation(
            project_id=project.id,
            evaluated_on=date(2026, 6, 1),
            aspect="safety",
            setting="mock_lab",
            method="video_analysis",
        )
        db.session.add(evaluation)
        db.session.commit()
        evaluation_id = evaluation.id
        db.session.remove()

    page.set_viewport_size({"width": 1024, "height": 768})  # a tablet in the lab
    _sign_in(page, live_server, email)
    page.goto(f"{live_server}/welltech/evaluations/{evaluation_id}")
    page.locator("#bookings").get_by_role("link", name="予約する").click()
    page.get_by_role("heading", name="模擬環境ラボの予約").wait_for()
    page.get_by_role("link", name="次の週 →").click()
    page.locator("a.slot").first.click()
    page.get_by_role("heading", name="施設の予約").wait_for()
    assert page.locator("#title").input_value() == "みどり移乗リフト 安全性評価"
    starts = page.locator("#starts_at").input_value()
    page.get_by_role("button", name="予約する").click()
    page.get_by_text("模擬環境ラボを予約しました。").wait_for()

    overlapping = (date.fromisoformat(starts[:10]), starts[11:])
    page.goto(f"{live_server}/welltech/bookings/new")
    page.locator("#facility").select_option("mock_lab")
    page.locator("#starts_at").fill(f"{overlapping[0].isoformat()}T{overlapping[1]}")
    page.locator("#ends_at").fill(
        f"{(overlapping[0] + timedelta(days=1)).isoformat()}T{overlapping[1]}"
    )
    page.locator("#title").fill("見学対応")
    page.get_by_role("button", name="予約する").click()
    page.locator(".errors").get_by_text("「みどり移乗リフト 安全性評価」").wait_for()

    page.goto(f"{live_server}/welltech/bookings/calendar/mock_lab?week={overlapping[0]}")
    assert page.locator("table.week").get_by_text("みどり移乗リフト 安全性評価").count() == 1

"""A manager opens the report, explains a figure by its records and downloads the Excel file."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from hub_app.extensions import db
from hub_app.welltech.models import Consultation
from tests.e2e.test_welltech_flow import _sign_in
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.e2e


def test_report_figure_opens_its_records_and_exports_xlsx(live_app, live_server, page, tmp_path):
    with live_app.app_context():
        email = make_user("manager", ["welltech", "knic"], name="管理 職子").email
        organization = make_organization("株式会社ひかり福祉機器")
        for day, title in ((date(2022, 4, 1), "四月の相談"), (date(2023, 3, 31), "三月末の相談")):
            db.session.add(
                Consultation(
                    hub="welltech",
                    organization_id=organization.id,
                    opened_on=day,
                    kind="consultation",
                    channel="visit",
                    topic="safety",
                    title=title,
                )
            )
        db.session.add(
            Consultation(
                hub="welltech",
                organization_id=organization.id,
                opened_on=date(2023, 4, 1),
                kind="consultation",
                channel="visit",
                topic="safety",
                title="翌年度の相談",
            )
        )
        db.session.commit()
        db.session.remove()

    _sign_in(page, live_server, email)
    page.goto(f"{live_server}/kpi?fiscal_year=2022")
    row = page.locator("table.kpi-table tr", has_text="相談・技術助言件数").first
    assert "2 / 15 件 (13%)" in " ".join(row.inner_text().split())
    row.get_by_role("link", name="2").click()
    page.locator("h1", has_text="の内訳").wait_for()
    assert page.get_by_text("四月の相談").count() == 1
    assert page.get_by_text("三月末の相談").count() == 1
    assert page.get_by_text("翌年度の相談").count() == 0

    page.goto(f"{live_server}/kpi?fiscal_year=2022")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel出力").click()
    path = tmp_path / "report.xlsx"
    download_info.value.save_as(path)
    workbook = load_workbook(path, read_only=True)
    sheet = next(ws for ws in workbook.worksheets if "令和4" in ws.title or "R4" in ws.title)
    rows = [[c for c in r if c is not None] for r in sheet.iter_rows(values_only=True)]
    consultations = next(r for r in rows if "相談・技術助言件数" in r)
    assert 2 in consultations and 15 in consultations

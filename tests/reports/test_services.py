"""The report's write path: sections with live figures, the status steps, approval and
what a reopened year undoes; entered KPI figures and what refuses them."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import func, select

from hub_app.core.audit import AuditEntry
from hub_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hub_app.core.forms import form_from_mapping
from hub_app.extensions import db
from hub_app.kpi import closures, values
from hub_app.kpi.forms import KpiValueForm
from hub_app.kpi.models import KpiValue
from hub_app.kpi.services import get_kpi
from hub_app.reports import content, services
from hub_app.reports.forms import ReportSectionsForm, ReportStatusForm
from hub_app.reports.models import Report, ReportApproval
from tests.kpi import records as r


def save(actor, programme: str, year: int = 2022, **sections):
    form = form_from_mapping(ReportSectionsForm, sections)
    result = services.save_sections(actor, services.get_programme(programme), year, form)
    db.session.commit()
    return result


def status(actor, programme: str, to: str, year: int = 2022) -> Report:
    form = form_from_mapping(ReportStatusForm, {"status": to})
    report = services.change_status(actor, services.get_programme(programme), year, form)
    db.session.commit()
    return report


def enter(actor, code: str, year: int, **body):
    form = form_from_mapping(KpiValueForm, body)
    value = values.set_value(actor, get_kpi(code), year, form)
    db.session.commit()
    return value


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- sections and figures ---------------------------------------------------------------


def test_a_figure_in_the_text_is_counted_from_the_records_on_every_view(app, make_user):
    manager = make_user("manager", [])
    r.event(date(2022, 6, 1), "study_session", hub="welltech")
    db.session.commit()
    save(manager, "welltech", activities="福祉製品開発勉強会({welltech.study_sessions}回)の開催")
    report = content.build_one("welltech", 2022)
    assert report.lines("activities") == ["福祉製品開発勉強会(1回)の開催"]
    assert report.sections["activities"].endswith("({welltech.study_sessions}回)の開催")

    r.event(date(2022, 9, 1), "study_session", hub="welltech")
    r.event(date(2022, 10, 1), "study_session", hub="welltech", deleted=True)
    r.event(date(2022, 11, 1), "study_session", hub="knic")
    r.event(date(2023, 4, 1), "study_session", hub="welltech")  # FY2023
    db.session.commit()
    assert content.build_one("welltech", 2022).lines("activities") == [
        "福祉製品開発勉強会(2回)の開催"
    ]


def test_an_unknown_figure_is_refused_and_nothing_is_stored(app, make_user):
    manager = make_user("manager", [])
    with pytest.raises(ValidationFailed) as refused:
        save(manager, "welltech", activities="勉強会{welltech.study_sesions}回", assessment="ok")
    assert (
        "{welltech.study_sesions} という数値はありません" in refused.value.errors["activities"][0]
    )
    db.session.rollback()
    assert count(Report) == 0
    # another programme's figure is unknown here too
    with pytest.raises(ValidationFailed):
        save(manager, "knic", activities="{welltech.projects}件")


def test_entered_kpis_and_their_values_are_figures_of_their_programme(app, make_user):
    report = content.build_one("night_economy", 2022)
    figures = {f.code: f for f in report.figures}
    assert figures["night_economy.cashless_spend"].value == 124865
    assert figures["night_economy.cashless_spend"].source == "entered"
    save(
        make_user("manager", []),
        "night_economy",
        assessment="消費額{night_economy.cashless_spend}千円",
    )
    assert content.build_one("night_economy", 2022).lines("assessment") == ["消費額124,865千円"]


def test_a_hubs_staff_edit_their_programme_only_and_viewers_edit_none(app, make_user):
    welltech_staff = make_user("staff", ["welltech"])
    save(welltech_staff, "welltech", overview="ウェルテックの概要")
    for programme in ("knic", "night_economy"):
        with pytest.raises(PermissionDenied):
            save(welltech_staff, programme, overview="x")
    with pytest.raises(PermissionDenied):
        save(make_user("viewer", []), "welltech", overview="x")
    db.session.rollback()
    stored = services.report_of("welltech", 2022)
    assert stored.overview == "ウェルテックの概要" and count(Report) == 1


def test_every_step_writes_an_audit_row(app, make_user, close_year):
    manager = make_user("manager", [])
    save(manager, "succession", activities="啓発セミナー開催 4回")
    status(manager, "succession", "in_review")
    close_year(manager, "succession")
    status(manager, "succession", "approved")
    rows = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "report").order_by(AuditEntry.id)
    ).all()
    assert [row.action for row in rows] == ["create", "update", "update", "update"]
    assert rows[1].changes["activities"] == ["", "啓発セミナー開催 4回"]
    assert rows[2].changes["status"] == ["draft", "in_review"]
    assert rows[3].changes["status"] == ["in_review", "approved"]
    assert "SHA-256" in rows[3].note


# --- status ------------------------------------------------------------------------------


def test_approval_is_refused_while_the_year_is_open(app, make_user):
    manager = make_user("manager", [])
    save(manager, "welltech", overview="概要")
    status(manager, "welltech", "in_review")
    with pytest.raises(Conflict) as refused:
        status(manager, "welltech", "approved")
    assert "まだ締められていません" in refused.value.message
    db.session.rollback()
    assert services.report_of("welltech", 2022).status == "in_review"
    assert count(ReportApproval) == 0


def test_steps_go_in_order(app, make_user, close_year):
    manager = make_user("manager", [])
    close_year(manager, "knic")
    with pytest.raises(Conflict, match="確認待ちにしてください"):
        status(manager, "knic", "approved")
    db.session.rollback()
    status(manager, "knic", "in_review")
    with pytest.raises(Conflict, match="すでに「確認待ち」"):
        status(manager, "knic", "in_review")
    db.session.rollback()
    assert status(manager, "knic", "draft").status == "draft"
    with pytest.raises(ValidationFailed):
        status(manager, "knic", "published")


def test_staff_submit_but_only_managers_and_admins_approve(app, make_user, close_year):
    staff = make_user("staff", ["knic"])
    admin = make_user("admin", [])
    save(staff, "knic", activities="セミナーの開催")
    status(staff, "knic", "in_review")
    close_year(admin, "knic")
    with pytest.raises(PermissionDenied):
        status(staff, "knic", "approved")
    db.session.rollback()
    assert status(admin, "knic", "approved").status == "approved"


def test_the_approved_document_downloads_byte_identical_after_records_change(
    app, make_user, close_year
):
    manager, admin = make_user("manager", []), make_user("admin", [])
    r.event(date(2022, 6, 1), "study_session", hub="welltech")
    db.session.commit()
    save(manager, "welltech", activities="勉強会({welltech.study_sessions}回)")
    status(manager, "welltech", "in_review")
    close_year(manager, "welltech")
    status(manager, "welltech", "approved")
    programme = services.get_programme("welltech")
    approved, sha256 = services.programme_docx(programme, 2022)
    assert sha256 == hashlib.sha256(approved).hexdigest()

    # the year reopened and closed again would change the figures; here a record of another
    # kind of the same year is added while the report stays approved
    r.event(date(2022, 7, 1), "study_session", hub="welltech")
    db.session.commit()
    assert services.programme_docx(programme, 2022) == (approved, sha256)
    assert content.build_one("welltech", 2022).lines("activities") == ["勉強会(1回)"]
    assert content.build_one("welltech", 2022, live=True).lines("activities") == ["勉強会(2回)"]
    with pytest.raises(Conflict, match="承認済み"):
        save(admin, "welltech", activities="書き換え")


def test_reopening_the_year_sends_the_report_back_to_draft_and_keeps_the_file(
    app, make_user, close_year
):
    manager, admin = make_user("manager", []), make_user("admin", [])
    save(manager, "life_science", activities="調査")
    status(manager, "life_science", "in_review")
    closure = close_year(manager, "life_science")
    status(manager, "life_science", "approved")
    approved, _ = services.programme_docx(services.get_programme("life_science"), 2022)

    closures.reopen_year(admin, closure)
    db.session.commit()
    report = services.report_of("life_science", 2022)
    assert report.status == "draft" and report.approval is None
    [kept] = report.approvals
    assert kept.docx == approved and kept.withdrawn_by == admin.id
    note = db.session.scalars(
        select(AuditEntry.note).where(AuditEntry.entity == "report").order_by(AuditEntry.id.desc())
    ).first()
    assert "年度締めの解除" in note
    save(manager, "life_science", activities="調査(修正)")
    assert content.build_one("life_science", 2022).lines("activities") == ["調査(修正)"]


# --- entered figures ---------------------------------------------------------------------


def test_a_manager_enters_a_figure_with_its_source(app, make_user):
    manager = make_user("manager", [])
    value = enter(manager, "night_economy.cashless_spend", 2023, actual=130000, source="観光統計")
    line = content.build_one("night_economy", 2023).kpis[0]
    assert (line.source, line.at(2023).actual, line.at(2023).source) == (
        "entered",
        130000,
        "観光統計",
    )
    enter(manager, "night_economy.cashless_spend", 2023, actual=131000, source="観光統計(確定)")
    assert db.session.get(KpiValue, value.id).actual == 131000
    changes = db.session.scalars(
        select(AuditEntry.changes).where(
            AuditEntry.entity == "kpi_value", AuditEntry.entity_id == value.id
        )
    ).all()
    assert changes[-1]["actual"] == [130000, 131000]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"actual": -1, "source": "統計"}, "actual", "0以上の整数"),
        ({"actual": 1.5, "source": "統計"}, "actual", "小数"),
        ({"actual": "多い", "source": "統計"}, "actual", "0以上の整数"),
        ({"actual": 10, "source": ""}, "source", "出典を入力してください"),
        ({"actual": 10}, "source", "出典を入力してください"),
        ({"source": "統計"}, "actual", "0以上の整数"),
    ],
)
def test_bad_entered_figures_are_refused_and_store_nothing(app, make_user, body, field, message):
    before = count(KpiValue)
    with pytest.raises(ValidationFailed) as refused:
        enter(make_user("manager", []), "succession.bcp_certifications", 2023, **body)
    assert message in " ".join(refused.value.errors[field])
    db.session.rollback()
    assert count(KpiValue) == before


def test_a_measured_kpi_never_takes_an_entered_value(app, make_user):
    with pytest.raises(Conflict, match="記録から自動で集計"):
        enter(make_user("admin", []), "welltech.projects", 2022, actual=99, source="手計算")
    with pytest.raises(NotFound):
        get_kpi("welltech.unknown")


def test_only_managers_and_admins_enter_figures(app, make_user):
    for role, hubs in (("staff", ["welltech", "knic"]), ("viewer", [])):
        with pytest.raises(PermissionDenied):
            enter(make_user(role, hubs), "ip_matching.deals", 2023, actual=3, source="実績")
    assert enter(make_user("admin", []), "ip_matching.deals", 2023, actual=3, source="実績")


def test_a_closed_year_refuses_its_entered_figures_budget_and_plans(app, make_user, close_year):
    manager = make_user("manager", [])
    close_year(manager, "night_economy")
    before = count(KpiValue)
    with pytest.raises(Conflict, match="年度締め済み"):
        enter(manager, "night_economy.cashless_spend", 2022, actual=1, source="統計")
    db.session.rollback()
    assert count(KpiValue) == before
    # the calendar year 2023 is reported in FY2023, which is open
    assert enter(manager, "night_economy.cashless_spend", 2023, actual=1, source="統計")
    # another programme's year is not affected
    assert enter(manager, "succession.bcp_certifications", 2022, actual=65, source="認定一覧")


def test_the_closure_snapshot_holds_the_entered_table(app, make_user, close_year):
    closure = close_year(make_user("manager", []), "ip_matching")
    items = {item["code"]: item for item in closure.snapshot["items"]}
    assert items["ip_matching.trainees"] == {
        "code": "ip_matching.trainees",
        "name": "中間支援人材を育成するための受入の件数",
        "unit": "件",
        "plan": 1,
        "actual": 13,
        "source": "地方創生推進交付金 効果検証(令和4年度)",
    }
    assert closure.snapshot["budgets"] == [{"kind": "actual", "total_cost": 10312, "grant": 4805}]

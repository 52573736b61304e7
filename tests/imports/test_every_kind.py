"""Every kind the importer takes: a good row stores, a bad row is refused with its line,
column and a Japanese reason (and nothing is stored), a re-import stores nothing twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from hub_app.events.models import Attendance, Event
from hub_app.extensions import db
from hub_app.imports import import_file
from hub_app.knic.models import Matching, Partnership, Talent
from hub_app.kpi.models import Budget, KpiTarget
from hub_app.organizations.models import Organization
from hub_app.welltech.models import (
    Consultation,
    ConsultationActivity,
    Evaluation,
    Invitation,
    Measurement,
    Project,
)


@dataclass
class Case:
    model: type
    header: list[str]
    good: list[str]
    #: the bad row, the column its error names and a piece of the reason
    bad: list[str]
    column: str
    reason: str


def seed() -> dict[str, int]:
    """Records the rows refer to: an organisation, a project, an event, a talent."""
    organization = Organization(name="株式会社架空ケア", name_key="架空ケア", kind="startup")
    db.session.add(organization)
    db.session.flush()
    project = Project(
        hub="welltech",
        title="架空の移乗支援機器",
        kind="improvement",
        lead_organization_id=organization.id,
        product_category="transfer",
        stage="evaluating",
        started_on=date(2022, 5, 1),
        ref="PRJ-1",
    )
    event = Event(hub="knic", title="架空セミナー", kind="seminar", held_on=date(2022, 6, 1))
    talent = Talent(full_name="架空 太郎", consent_on=date(2022, 4, 1), status="active")
    db.session.add_all([project, event, talent])
    db.session.commit()
    return {"org": organization.id, "project": project.id, "event": event.id, "talent": talent.id}


CASES = {
    "consultations": Case(
        Consultation,
        ["企業・団体", "受付日", "種別", "受付方法", "テーマ", "件名", "対応履歴", "外部参照ID"],
        [
            "株式会社架空ケア",
            "2022-06-01",
            "相談",
            "来所",
            "製品開発",
            "試作品の相談",
            "2022-06-02 試作品を確認\n2022-06-10 評価方法を助言",
            "C-1",
        ],
        ["株式会社架空ケア", "2022-06-01", "相談", "来所", "製品開発", "", "", "C-2"],
        "件名",
        "件名を入力してください",
    ),
    "invitations": Case(
        Invitation,
        ["企業・団体", "打診日", "打診方法", "結果", "ref"],
        ["株式会社架空ケア", "2022-07-01", "visit", "関心あり", "I-1"],
        ["株式会社架空ケア", "2022-07-01", "伝書鳩", "関心あり", "I-2"],
        "打診方法",
        "伝書鳩",
    ),
    "projects": Case(
        Project,
        ["プロジェクト名", "区分", "主体企業", "製品分類", "段階", "開始日", "市場化日", "ref"],
        [
            "架空の見守りセンサー",
            "新規開発",
            "株式会社架空ケア",
            "見守り",
            "計画",
            "2022-04-10",
            "",
            "P-9",
        ],
        ["架空の入浴補助", "改良", "株式会社架空ケア", "入浴", "市場化", "2022-04-10", "", "P-8"],
        "市場化日",
        "市場化",
    ),
    "evaluations": Case(
        Evaluation,
        ["プロジェクト", "評価日", "評価の観点", "実施場所", "評価方法", "判定", "計測値", "ref"],
        [
            "PRJ-1",
            "2022-08-01",
            "安全性",
            "mock_lab",
            "計測",
            "適合",
            "重量=12.5kg(≤15);角度=30度",
            "E-1",
        ],
        ["PRJ-1", "2022-08-01", "安全性", "mock_lab", "計測", "適合", "重量は軽い", "E-2"],
        "計測値",
        "項目=値単位",
    ),
    "events": Case(
        Event,
        ["名称", "種別", "開催日", "会場", "外部参照"],
        ["架空勉強会", "福祉製品開発勉強会", "2022-09-01", "川崎市内", "EV-1"],
        ["架空研修", "育成プログラム", "2022/13/01", "川崎市内", "EV-2"],
        "開催日",
        "日付として読めません",
    ),
    "attendances": Case(
        Attendance,
        ["イベントID", "人材ID", "企業・団体ID"],
        ["{event}", "{talent}", ""],
        ["{event}", "{talent}", "{org}"],
        "人材ID",
        "どちらか一方",
    ),
    "talents": Case(
        Talent,
        ["氏名", "メールアドレス", "スキル", "同意日", "状況", "外部参照"],
        ["架空 花子", "hanako@example.jp", "財務;知財", "2022-04-05", "active", "T-1"],
        ["架空 次郎", "jiro@example.jp", "財務;空手", "2022-04-05", "active", "T-2"],
        "スキル",
        "空手",
    ),
    "matchings": Case(
        Matching,
        ["人材ID", "企業・団体", "段階", "候補登録日", "紹介日", "成立日", "外部参照"],
        ["{talent}", "株式会社架空ケア", "成立", "2022-05-01", "2022-05-10", "2022-06-01", "M-1"],
        ["{talent}", "株式会社架空ケア", "成立", "2022-05-01", "2022-05-10", "", "M-2"],
        "成立日",
        "成立日",
    ),
    "partnerships": Case(
        Partnership,
        ["企業・団体", "種別", "締結・開始日", "外部参照"],
        ["株式会社架空ケア", "連携協定", "2022-10-01", "PS-1"],
        ["存在しない会社", "連携協定", "2022-10-01", "PS-2"],
        "企業・団体",
        "見つかりません",
    ),
    "budgets": Case(
        Budget,
        ["拠点", "年度", "区分", "事業費(千円)", "交付金(千円)"],
        ["welltech", "2024", "予算", "23000", "11500"],
        ["knic", "2024", "予算", "1000", "2000"],
        "交付金(千円)",
        "事業費以下",
    ),
    "kpi_targets": Case(
        KpiTarget,
        ["KPI", "年度", "計画"],
        ["welltech.projects", "2025", "7"],
        ["knic.matchings", "2025", "-1"],
        "計画",
        "0以上",
    ),
}


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def fill(row: list[str], ids: dict[str, int]) -> list[str]:
    return [cell.format(**ids) for cell in row]


@pytest.mark.parametrize("kind", sorted(CASES))
def test_good_row_stores_and_reimport_stores_nothing_twice(kind, make_user, write_csv):
    case = CASES[kind]
    ids = seed()
    admin = make_user("admin", [])
    before = count(case.model)
    path = write_csv([case.header, fill(case.good, ids)])
    first = import_file(kind, path, admin)
    assert first.stored and (first.created, first.updated) in ((1, 0), (0, 1)), first.errors
    assert count(case.model) == before + first.created
    again = import_file(kind, path, admin)
    assert again.stored and (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert count(case.model) == before + first.created


@pytest.mark.parametrize("kind", sorted(CASES))
def test_bad_row_refused_with_line_column_and_reason(kind, make_user, write_csv):
    case = CASES[kind]
    ids = seed()
    admin = make_user("admin", [])
    before = count(case.model)
    path = write_csv([case.header, fill(case.good, ids), fill(case.bad, ids)])
    report = import_file(kind, path, admin)
    assert not report.stored
    assert [(e.line, e.column) for e in report.errors] == [(3, case.column)], report.errors
    assert case.reason in report.errors[0].message
    assert count(case.model) == before  # the good row is not stored either


def test_a_wrong_label_is_reported_alone_beside_an_empty_activities_cell(make_user, write_csv):
    """A row with a wrong cell is still checked by its form for more errors; the
    activities column is no form field and must not be reported as an unknown one."""
    seed()
    case = CASES["consultations"]
    row = ["株式会社架空ケア", "2022-06-01", "技術相談", "来所", "製品開発", "件名", "", "C-9"]
    report = import_file("consultations", write_csv([case.header, row]), make_user("admin", []))
    assert not report.stored
    assert [(e.line, e.column) for e in report.errors] == [(2, "種別")], report.errors


def test_nested_cells_read_as_the_exports_write_them(make_user, write_csv):
    ids = seed()
    admin = make_user("admin", [])
    for kind in ("consultations", "evaluations"):
        case = CASES[kind]
        assert import_file(kind, write_csv([case.header, fill(case.good, ids)]), admin).stored
    activities = db.session.scalars(
        select(ConsultationActivity).order_by(ConsultationActivity.occurred_on)
    ).all()
    assert [(str(a.occurred_on), a.notes) for a in activities] == [
        ("2022-06-02", "試作品を確認"),
        ("2022-06-10", "評価方法を助言"),
    ]
    figures = db.session.scalars(select(Measurement).order_by(Measurement.name)).all()
    assert [(m.name, float(m.value), m.unit) for m in figures] == [
        ("角度", 30.0, "度"),
        ("重量", 12.5, "kg"),
    ]
    assert (float(figures[1].threshold), figures[1].direction) == (15.0, "max")


def test_id_that_names_another_record_follows_the_name_column(make_user, write_csv):
    """An export read into another database: ids differ, the name column settles it."""
    ids = seed()
    other = Organization(name="架空別会社", name_key="架空別会社", kind="sme")
    db.session.add(other)
    db.session.commit()
    path = write_csv(
        [
            ["企業・団体ID", "企業・団体", "打診日", "打診方法"],
            [str(other.id), "株式会社架空ケア", "2022-07-01", "visit"],
        ]
    )
    assert import_file("invitations", path, make_user("admin", [])).stored
    stored = db.session.scalars(select(Invitation)).one()
    assert stored.organization_id == ids["org"]


def test_templates_of_the_new_kinds(client, login, make_user):
    login(make_user("staff"))
    page = client.get("/imports")
    assert "KPI計画" in page.text
    plans = client.get("/imports/templates/kpi_targets.csv")
    assert plans.data.decode("utf-8-sig").startswith("KPI,項目,年度,計画")
    plans.close()
    cases = client.get("/imports/templates/consultations.csv")
    assert "対応履歴" in cases.data.decode("utf-8-sig").splitlines()[0]
    cases.close()


def test_cli_imports_kpi_plans(runner, make_user, write_csv):
    make_user("admin", [])
    path = write_csv([["KPI", "年度", "計画"], ["knic.partnerships", "2026", "12"]])
    result = runner.invoke(args=["import", "kpi_targets", str(path)])
    assert result.exit_code == 0, result.output
    plan = db.session.scalars(select(KpiTarget).where(KpiTarget.fiscal_year == 2026)).one()
    assert (plan.kpi.code, plan.plan) == ("knic.partnerships", 12)


def test_template_filled_in_by_name_with_the_id_column_blank(make_user, write_csv):
    ids = seed()
    path = write_csv(
        [
            ["ID", "企業・団体ID", "企業・団体", "打診日", "打診方法"],
            ["", "", "株式会社架空ケア", "2022-07-01", "訪問"],
        ]
    )
    assert import_file("invitations", path, make_user("admin", [])).stored
    assert db.session.scalars(select(Invitation)).one().organization_id == ids["org"]

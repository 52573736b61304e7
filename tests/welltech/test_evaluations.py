"""Product evaluations with measurements: thresholds flagged, rows validated, API nesting."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from hub_app.core import clock
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from hub_app.welltech.models import Evaluation, Measurement
from tests.factories import post_form

TOMORROW = (clock.today() + timedelta(days=1)).isoformat()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def form_data(project, rows=(), **overrides):
    data = {
        "project_id": str(project.id),
        "evaluated_on": "2022-09-01",
        "aspect": "safety",
        "setting": "mock_lab",
        "method": "measurement",
        "result": "conditional",
        "summary": "介助者の腰部負担を計測",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"measurements-{index}-{key}"] = value
    data.update(overrides)
    return data


OVER = {"name": "腰部負担", "value": "3400", "unit": "N", "threshold": "3400.5", "direction": "max"}
BLANK = {"name": "", "value": "", "unit": "", "threshold": "", "direction": ""}


def test_record_evaluation_and_see_figure_over_threshold_flagged(
    client, login, staff, make_project
):
    project = make_project()
    login(staff)
    new_page = client.get(f"/welltech/evaluations/new?project_id={project.id}")
    assert new_page.status_code == 200 and "measurements-2-name" in new_page.text
    over = {"name": "移乗時間", "value": "45", "unit": "秒", "threshold": "30", "direction": "max"}
    within = {"name": "満足度", "value": "4.2", "unit": "点", "threshold": "4", "direction": "min"}
    plain = {"name": "体重", "value": "60.5", "unit": "kg", "threshold": "", "direction": ""}
    response = post_form(
        client,
        "/welltech/evaluations/new",
        form_data(project, [over, BLANK, within, plain]),
        form_path="/welltech/evaluations/new",
    )
    assert response.status_code == 302, response.text
    evaluation = db.session.scalars(select(Evaluation)).one()
    assert [m.name for m in evaluation.measurements] == ["移乗時間", "満足度", "体重"]
    assert [m.within_threshold for m in evaluation.measurements] == [False, True, None]
    page = client.get(response.headers["Location"]).text
    table = page.split("計測値")[1]
    assert "移乗時間" in table and "基準外" in table and "基準内" in table
    assert table.index("移乗時間") < table.index("基準外") < table.index("満足度")
    assert 'class="outside"' in table
    project_page = client.get(f"/welltech/projects/{project.id}").text
    assert "基準外 1件" in project_page
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "evaluation")).one()
    assert entry.changes["measurement_rows"][1][0]["value"] == "45"


@pytest.mark.parametrize(
    ("rows", "overrides", "message"),
    [
        ([], {"evaluated_on": TOMORROW}, "未来の日付は指定できません。"),
        ([], {"aspect": "price"}, "評価の観点を選んでください。"),
        ([], {"project_id": "424242"}, "指定されたプロジェクトは登録されていません。"),
        ([{**OVER, "name": ""}], {}, "項目名を入力してください。"),
        ([{**OVER, "value": ""}], {}, "値を入力してください。"),
        ([{**OVER, "value": "abc"}], {}, "数値で入力してください。"),
        ([{**OVER, "value": "NaN"}], {}, "数値で入力してください"),
        ([{**OVER, "direction": ""}], {}, "基準値を入れたときは向き(以下/以上)を選んでください。"),
        ([{**OVER, "threshold": ""}], {}, "基準の向きを選んだときは基準値を入力してください。"),
    ],
)
def test_invalid_evaluation_refused(client, login, staff, make_project, rows, overrides, message):
    project = make_project()
    login(staff)
    response = post_form(
        client,
        "/welltech/evaluations/new",
        form_data(project, rows, **overrides),
        form_path="/welltech/evaluations/new",
    )
    assert response.status_code == 422
    assert message in response.text
    assert count(Evaluation) == 0 and count(Measurement) == 0


def test_edit_replaces_measurements_and_audits_them(
    client, login, staff, make_project, make_evaluation
):
    project = make_project()
    evaluation = make_evaluation(project, [{"name": "旧", "value": Decimal("1")}])
    login(staff)
    url = f"/welltech/evaluations/{evaluation.id}"
    edit = client.get(url + "/edit")
    assert 'value="旧"' in edit.text and 'value="1"' in edit.text
    response = post_form(client, url + "/edit", form_data(project, [OVER]))
    assert response.status_code == 302
    db.session.expire_all()
    rows = db.session.scalars(select(Measurement)).all()
    assert [(m.name, m.value) for m in rows] == [("腰部負担", Decimal("3400"))]
    change = db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "evaluation", AuditEntry.action == "update")
    ).one()
    assert change.changes["measurement_rows"][0][0]["name"] == "旧"
    assert post_form(client, url + "/delete", {}, url).status_code == 302
    assert client.get(url).status_code == 404


def test_list_filters_and_export(client, login, staff, make_project, make_evaluation):
    first = make_project(title="プロジェクト甲")
    second = make_project(title="プロジェクト乙")
    make_evaluation(first, evaluated_on=date(2022, 9, 1), result="pass")
    make_evaluation(
        second,
        [{"name": "騒音", "value": Decimal("70"), "threshold": Decimal("60"), "direction": "max"}],
        evaluated_on=date(2023, 5, 1),
        setting="care_facility",
    )
    login(staff)
    fy2022 = client.get("/welltech/evaluations?fiscal_year=2022").text
    assert "プロジェクト甲" in fy2022 and "全1件" in fy2022
    assert "プロジェクト乙" in client.get("/welltech/evaluations?setting=care_facility").text
    assert "全1件" in client.get(f"/welltech/evaluations?project_id={second.id}").text
    assert "基準外 1" in client.get("/welltech/evaluations").text
    export = client.get("/welltech/evaluations/export.csv?setting=care_facility")
    text = export.data.decode("utf-8-sig")
    export.close()
    # the threshold and its direction too, so the file imports back as it was
    assert "騒音=70(≤60)" in text and "プロジェクト甲" not in text


def test_list_page_runs_a_fixed_number_of_queries(
    client, login, staff, make_project, make_evaluation, count_queries
):
    login(staff)
    figures = [{"name": "値", "value": Decimal("1"), "threshold": Decimal("2"), "direction": "max"}]

    def seed(n):
        for _ in range(n):
            make_evaluation(make_project(), figures)

    seed(5)
    _r, five = count_queries(lambda: client.get("/welltech/evaluations?per_page=100"))
    seed(45)
    response, fifty = count_queries(lambda: client.get("/welltech/evaluations?per_page=100"))
    assert "全50件" in response.text
    assert five == fifty, (five, fifty)


def test_api_evaluations_with_nested_measurements(
    api, staff, make_user, make_project, make_evaluation
):
    client = api(staff)
    project = make_project()
    values = {
        "project_id": project.id,
        "evaluated_on": "2022-09-01",
        "aspect": "performance",
        "setting": "care_facility",
        "method": "video_analysis",
        "measurements": [
            {"name": "転倒検知率", "value": 92.5, "unit": "%", "threshold": 95, "direction": "min"},
            {"name": "誤報", "value": 3},
        ],
    }
    created = client.post("/api/v1/evaluations", json=values)
    assert created.status_code == 201, created.json
    measurements = created.json["measurements"]
    assert measurements[0] == {
        "name": "転倒検知率",
        "value": 92.5,
        "unit": "%",
        "threshold": 95,
        "direction": "min",
        "within_threshold": False,
    }
    assert measurements[1]["within_threshold"] is None and created.json["result"] == "none"
    url = f"/api/v1/evaluations/{created.json['id']}"

    kept = client.patch(url, json={"result": "fail"})
    assert kept.status_code == 200 and kept.json["result"] == "fail"
    assert [m["name"] for m in kept.json["measurements"]] == ["転倒検知率", "誤報"]
    replaced = client.patch(url, json={"measurements": [{"name": "誤報", "value": 1}]})
    assert [m["name"] for m in replaced.json["measurements"]] == ["誤報"]
    cleared = client.patch(url, json={"measurements": []})
    assert cleared.json["measurements"] == []

    bad = client.patch(url, json={"measurements": [{"name": "x", "value": "abc"}]})
    assert bad.status_code == 422 and "measurements.0.value" in bad.json["errors"]
    odd = client.patch(url, json={"measurements": [{"name": "x", "value": 1, "colour": 2}]})
    assert odd.status_code == 422 and "measurements.0.colour" in odd.json["errors"]
    assert client.patch(url, json={"measurements": "none"}).status_code == 422
    assert client.get(f"/api/v1/evaluations?project_id={project.id}").json["total"] == 1
    assert client.get("/api/v1/evaluations?fiscal_year=2021").json["total"] == 0

    knic = api(make_user("staff", ["knic"]))
    assert knic.get(url).status_code == 403
    assert knic.get("/api/v1/evaluations").status_code == 403
    assert knic.post("/api/v1/evaluations", json=values).status_code == 403
    assert count(Evaluation) == 1
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_too_many_measurements_refused(api, staff, make_project):
    client = api(staff)
    rows = [{"name": f"項目{i}", "value": i} for i in range(60)]
    values = {
        "project_id": make_project().id,
        "evaluated_on": "2022-09-01",
        "aspect": "safety",
        "setting": "home",
        "method": "interview",
        "measurements": rows,
    }
    response = client.post("/api/v1/evaluations", json=values)
    assert response.status_code == 422
    assert response.json["errors"]["measurements"] == ["計測値は50件までです。"]
    assert count(Evaluation) == 0
    assert (
        client.post("/api/v1/evaluations", json={**values, "measurements": rows[:50]}).status_code
        == 201
    )

"""Does every write path change the data version in its own transaction, so that a figure
or list cached before the write is never served after it?

Each test reads through the cache first (the figure is then kept), writes one way, and
reads again: the new figure must show at once."""

from __future__ import annotations

import io
from datetime import date

from sqlalchemy import select

from hub_app.core.cache import of_app
from hub_app.core.versions import DataVersion
from hub_app.extensions import db
from hub_app.organizations.models import Organization
from hub_app.welltech.models import Consultation
from tests.cache.conftest import committed_version, consultations_figure
from tests.factories import csrf_token, post_form
from tests.kpi import records as r
from tests.welltech.test_consultations import form_data

CONSULTATION = {
    "opened_on": "2022-06-01",
    "kind": "consultation",
    "channel": "visit",
    "topic": "safety",
    "title": "見守りセンサーの評価",
}
CSV_HEADER = ["企業・団体", "受付日", "種別", "受付方法", "テーマ", "件名"]


def _csv(rows: list[list[str]]) -> bytes:
    return ("\ufeff" + "\r\n".join(",".join(row) for row in rows) + "\r\n").encode()


def test_a_cached_figure_is_served_again_until_a_write(app, admin_api):
    first = consultations_figure(admin_api)
    hits = of_app().hits
    assert consultations_figure(admin_api) == first
    assert of_app().hits > hits  # the second answer came from the cache


def test_html_form(admin_api, client, login, make_user, organization):
    before, version = consultations_figure(admin_api), committed_version()
    login(make_user("staff", ["welltech"]))
    response = post_form(client, "/welltech/consultations/new", form_data(organization))
    assert response.status_code == 302
    assert committed_version() != version
    assert consultations_figure(admin_api) == before + 1


def test_json_api(admin_api, organization):
    before, version = consultations_figure(admin_api), committed_version()
    listed = admin_api.get("/api/v1/consultations").json["total"]
    created = admin_api.post(
        "/api/v1/consultations", json={**CONSULTATION, "organization_id": organization.id}
    )
    assert created.status_code == 201, created.text
    assert committed_version() != version
    assert consultations_figure(admin_api) == before + 1
    assert admin_api.get("/api/v1/consultations").json["total"] == listed + 1

    version = committed_version()
    changed = admin_api.patch(f"/api/v1/consultations/{created.json['id']}", json={"title": "改"})
    assert changed.status_code == 200 and committed_version() != version
    titles = [i["title"] for i in admin_api.get("/api/v1/consultations").json["items"]]
    assert "改" in titles

    version = committed_version()
    assert admin_api.delete(f"/api/v1/consultations/{created.json['id']}").status_code == 204
    assert committed_version() != version
    assert consultations_figure(admin_api) == before
    assert admin_api.get("/api/v1/consultations").json["total"] == listed


def test_import_from_the_command_line(admin, admin_api, runner, organization, tmp_path):
    before, version = consultations_figure(admin_api), committed_version()
    path = tmp_path / "consultations.csv"
    path.write_bytes(
        _csv([CSV_HEADER, [organization.name, "2022-07-01", "相談", "来所", "製品開発", "試作"]])
    )
    result = runner.invoke(args=["import", "consultations", str(path)])
    assert result.exit_code == 0, result.output
    assert committed_version() != version
    assert consultations_figure(admin_api) == before + 1


def test_import_through_the_pages_and_its_preview(admin, admin_api, client, login, organization):
    """The preview checks every row by writing it and rolling back: nothing changes, the
    version neither; the confirmed import changes both."""
    login(admin)
    before, version = consultations_figure(admin_api), committed_version()
    content = _csv(
        [CSV_HEADER, [organization.name, "2022-08-01", "技術助言", "電話", "安全性評価", "評価"]]
    )
    preview = client.post(
        "/imports/preview",
        data={
            "kind": "consultations",
            "file": (io.BytesIO(content), "consultations.csv"),
            "csrf_token": csrf_token(client, "/imports"),
        },
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200, preview.text
    assert committed_version() == version
    assert consultations_figure(admin_api) == before
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    confirmed = client.post(
        "/imports/confirm", data={"token": token, "csrf_token": csrf_token(client, "/imports")}
    )
    assert confirmed.status_code == 302
    assert committed_version() != version
    assert consultations_figure(admin_api) == before + 1


def test_organisation_merge(admin_api, make_organization):
    kept = make_organization("株式会社かわさき統合")
    duplicate = make_organization("かわさき統合株式会社本社")
    consultation = r.consultation(date(2022, 6, 1), organization_id=duplicate.id)
    db.session.commit()
    organizations = admin_api.get("/api/v1/organizations?per_page=100").json["total"]
    listed = admin_api.get("/api/v1/consultations").json["items"]
    assert [i["organization_id"] for i in listed if i["id"] == consultation.id] == [duplicate.id]
    version = committed_version()

    merged = admin_api.post(f"/api/v1/organizations/{duplicate.id}/merge", json={"into": kept.id})
    assert merged.status_code == 200, merged.text
    assert committed_version() != version
    assert admin_api.get("/api/v1/organizations?per_page=100").json["total"] == organizations - 1
    listed = admin_api.get("/api/v1/consultations").json["items"]
    assert [i["organization_id"] for i in listed if i["id"] == consultation.id] == [kept.id]


def test_fiscal_year_close_and_reopen(admin_api, organization):
    before = consultations_figure(admin_api)
    body = {**CONSULTATION, "organization_id": organization.id}
    version = committed_version()
    closed = admin_api.post("/api/v1/programmes/welltech/years/2022/close")
    assert closed.status_code == 201, closed.text
    assert committed_version() != version
    assert admin_api.post("/api/v1/consultations", json=body).status_code == 409
    assert consultations_figure(admin_api) == before

    version = committed_version()
    reopened = admin_api.post("/api/v1/programmes/welltech/years/2022/reopen")
    assert reopened.status_code == 200, reopened.text
    assert committed_version() != version
    assert admin_api.post("/api/v1/consultations", json=body).status_code == 201
    assert consultations_figure(admin_api) == before + 1


def test_refused_and_rolled_back_writes_keep_the_version(admin_api, organization):
    version = committed_version()
    bad = admin_api.post("/api/v1/consultations", json={**CONSULTATION, "organization_id": 0})
    assert bad.status_code == 422
    unknown = admin_api.patch("/api/v1/organizations/999999", json={"name": "x"})
    assert unknown.status_code == 404
    assert committed_version() == version

    # a write that reached the database (flushed: the version row is updated) but rolled back
    db.session.add(Organization(name="消える会社", name_key="消える会社", kind="sme"))
    db.session.flush()
    db.session.rollback()
    assert committed_version() == version
    assert db.session.scalar(select(Organization).where(Organization.name == "消える会社")) is None


def test_the_new_version_is_part_of_the_writing_transaction(organization):
    """Until the write commits, another connection reads the old version; with the commit,
    the new one: never the new data under the old version."""
    version = committed_version()
    r.consultation(date(2022, 6, 1), organization_id=organization.id)  # flushed, not committed
    inside = db.session.scalar(select(DataVersion.value).where(DataVersion.id == 1))
    assert inside != version
    assert committed_version() == version
    db.session.commit()
    assert committed_version() == inside
    assert db.session.scalar(select(Consultation.id).where(Consultation.hub == "welltech"))

"""A large file's preview checks only its first rows; the confirmed import checks all."""

import io

from sqlalchemy import func, select

from hub_app.extensions import db
from hub_app.imports.readers import csv_text
from hub_app.organizations.models import Organization
from tests.factories import csrf_token


def test_preview_checks_the_first_rows_and_confirm_checks_every_row(app, client, login, make_user):
    app.config["IMPORT_PREVIEW_ROWS"] = 3
    login(make_user("staff"))
    rows = [["名称", "種別"], *[[f"架空企業{n}", "sme"] for n in range(4)], ["架空X", "宇宙"]]
    response = client.post(
        "/imports/preview",
        data={
            "kind": "organizations",
            "file": (io.BytesIO(csv_text(rows)), "big.csv"),
            "csrf_token": csrf_token(client, "/imports"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "全5行のうち最初の3行を確認し、誤りはありません" in response.text
    assert "「取り込む」を押したときにすべて確認" in response.text
    token = response.text.split('name="token" value="')[1].split('"')[0]
    confirmed = client.post(
        "/imports/confirm", data={"token": token, "csrf_token": csrf_token(client, "/imports")}
    )
    assert confirmed.status_code == 422
    assert "6行目" in confirmed.text and "宇宙" in confirmed.text
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 0

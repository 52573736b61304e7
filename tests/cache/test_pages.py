"""Are cached list pages as fresh, as personal and as usable as pages rendered anew?"""

from __future__ import annotations

import re
from datetime import date

from hub_app.core.cache import of_app
from hub_app.extensions import db
from tests.factories import csrf_token, post_form
from tests.kpi import records as r
from tests.welltech.test_consultations import form_data

LIST = "/welltech/consultations"


def test_a_write_by_someone_else_shows_on_the_next_view(app, client, login, make_user):
    organization = r.organization()
    r.consultation(date(2022, 6, 1), title="最初の相談", organization_id=organization.id)
    db.session.commit()
    reader = login(make_user("staff", ["welltech"]))
    assert "最初の相談" in reader.get(LIST).text
    hits = of_app().hits
    assert "最初の相談" in reader.get(LIST).text
    assert of_app().hits == hits + 1  # served from the cache

    writer = login(make_user("staff", ["welltech"]), test_client=app.test_client())
    created = post_form(writer, "/welltech/consultations/new", form_data(organization))
    assert created.status_code == 302
    assert "転倒リスクの評価方法" in reader.get(LIST).text


def test_each_person_gets_their_own_page(app, client, login, make_user):
    r.consultation(date(2022, 6, 1), title="ウェルテックの相談")
    db.session.commit()
    admin = login(make_user("admin", []))
    assert "削除済みを表示" in admin.get(LIST).text
    staff = login(make_user("staff", ["welltech"]), test_client=app.test_client())
    page = staff.get(LIST).text
    assert "ウェルテックの相談" in page and "削除済みを表示" not in page
    knic = login(make_user("staff", ["knic"]), test_client=app.test_client())
    assert knic.get(LIST).status_code == 403


def test_the_page_works_in_a_second_browser_of_the_same_person(app, login, make_user):
    person = make_user("staff", ["welltech"])
    first = login(person, test_client=app.test_client())
    second = login(person, test_client=app.test_client())
    first.get(LIST)
    page = second.get(LIST).text  # the page kept from the first browser
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert second.post("/logout", data={"csrf_token": token}).status_code == 302
    assert second.get(LIST).status_code == 302  # signed out there
    assert first.get(LIST).status_code == 200  # and still in here


def test_a_flashed_message_shows_on_a_kept_page(client, login, make_user):
    consultation = r.consultation(date(2022, 6, 1), title="消す相談")
    db.session.commit()
    login(make_user("admin", []))
    assert "消す相談" in client.get(LIST).text
    page = f"{LIST}/{consultation.id}"
    deleted = client.post(f"{page}/delete", data={"csrf_token": csrf_token(client, page)})
    assert deleted.status_code == 302
    after = client.get(deleted.headers["Location"]).text
    assert "相談「消す相談」を削除しました" in after and "全0件" in after

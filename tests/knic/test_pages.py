"""Every K-NIC and event page opens (or is refused) for each role; none answers 500."""

from datetime import date
from pathlib import Path

import pytest

from tests.knic.helpers import ROLES, attend, make_event, make_matching, make_partnership


@pytest.fixture
def records(make_talent, make_organization):
    talent = make_talent("画面 確認", skills=["finance"], side_job_permitted=True)
    startup = make_organization("スタートアップM", kind="startup", skills_wanted=["finance"])
    matching = make_matching(talent, startup, stage="introduced", introduced_on=date(2024, 5, 1))
    partnership = make_partnership(make_organization("大企業N", kind="large_company"))
    seminar = make_event("seminar")
    attend(seminar, talent)
    attend(seminar, organization=startup)
    study = make_event("study_session")
    return {
        "talent": talent.id,
        "startup": startup.id,
        "matching": matching.id,
        "partnership": partnership.id,
        "seminar": seminar.id,
        "study": study.id,
    }


PAGES = {
    # path template: roles that may open it
    "/knic/talents": {"admin", "knic_staff", "knic_manager"},
    "/knic/talents/new": {"admin", "knic_staff"},
    "/knic/talents/{talent}": {"admin", "knic_staff", "knic_manager"},
    "/knic/talents/{talent}/edit": {"admin", "knic_staff"},
    "/knic/matchings": {"admin", "knic_staff", "knic_manager", "welltech_manager"},
    "/knic/matchings/board": {"admin", "knic_staff", "knic_manager", "welltech_manager"},
    "/knic/matchings/new": {"admin", "knic_staff"},
    "/knic/matchings/{matching}": {"admin", "knic_staff", "knic_manager", "welltech_manager"},
    "/knic/matchings/{matching}/edit": {"admin", "knic_staff"},
    "/knic/matchings/{matching}/move": {"admin", "knic_staff"},
    "/knic/partnerships": {"admin", "knic_staff", "knic_manager", "welltech_manager"},
    "/knic/partnerships/new": {"admin", "knic_staff"},
    "/knic/partnerships/{partnership}": {
        "admin",
        "knic_staff",
        "knic_manager",
        "welltech_manager",
    },
    "/knic/partnerships/{partnership}/edit": {"admin", "knic_staff"},
    "/events": {"admin", "knic_staff", "knic_manager", "welltech_staff", "welltech_manager"},
    "/events/new": {"admin", "knic_staff", "welltech_staff"},
    "/events/{seminar}": {"admin", "knic_staff", "knic_manager", "welltech_manager"},
    "/events/{seminar}/edit": {"admin", "knic_staff"},
    "/events/{seminar}/roster": {"admin", "knic_staff"},
    "/events/{study}": {"admin", "knic_manager", "welltech_staff", "welltech_manager"},
    "/events/{study}/roster": {"admin", "welltech_staff"},
    "/organizations/{startup}": {
        "admin",
        "knic_staff",
        "knic_manager",
        "welltech_staff",
        "welltech_manager",
    },
    "/": set(ROLES),
}


@pytest.mark.parametrize("role", ROLES)
def test_pages_open_or_refuse_by_role(role, client, login, make_user, records):
    role_code, hubs, _sees, _contacts = ROLES[role]
    login(make_user(role_code, hubs))
    for template, allowed in PAGES.items():
        path = template.format(**records)
        response = client.get(path)
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, (path, response.status_code)


def test_exports_open_for_each_list(client, login, make_user, records):
    login(make_user("staff", ["knic"]))
    for path in (
        "/knic/talents/export.xlsx",
        "/knic/matchings/export.xlsx",
        "/knic/partnerships/export.csv",
        "/events/export.xlsx",
        "/events/export.csv?fiscal_year=2024&kind=seminar",
    ):
        response = client.get(path)
        response.get_data()
        response.close()
        assert response.status_code == 200, path


def test_navigation_shows_knic_links_to_knic_staff_only(client, login, make_user):
    login(make_user("staff", ["knic"]))
    text = client.get("/").text
    assert "副業・兼業人材" in text and "マッチング" in text and "研修・セミナー等" in text
    assert "K-NIC マッチングの状況" in text
    other = client.application.test_client()
    login(make_user("staff", ["welltech"]), test_client=other)
    text = other.get("/").text
    assert "副業・兼業人材" not in text and "勉強会" in text
    assert "K-NIC マッチングの状況" not in text


def test_year_filters_speak_in_eras(client, login, make_user):
    """Lists filter by 令和4年度 (value 2022), like the Welltech lists, not a bare number box."""
    login(make_user("staff", ["knic"]))
    for path in ("/knic/talents", "/knic/matchings", "/knic/partnerships", "/events"):
        page = client.get(path).text
        assert '<option value="2022">令和4年度(2022)</option>' in page, path
        assert 'type="number" name="fiscal_year"' not in page, path
    chosen = client.get("/knic/matchings?fiscal_year=2019").text
    assert '<option value="2019" selected>令和元年度(2019)</option>' in chosen


def test_phone_field_is_styled_like_the_other_inputs(app, client, login, make_user):
    """The phone box (type=tel) was left unstyled, a thin line on the talent form."""
    login(make_user("staff", ["knic"]))
    assert 'type="tel"' in client.get("/knic/talents/new").text
    css = (Path(app.static_folder) / "css" / "app.css").read_text(encoding="utf-8")
    assert ".field input[type=tel]" in css and ".roster-search" in css

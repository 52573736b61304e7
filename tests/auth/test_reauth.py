"""Re-authentication before erasing a talent, changing a role, reopening a fiscal year."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hub_app.auth.models import User
from hub_app.core.audit import AuditEntry
from hub_app.core.forms import form_from_mapping
from hub_app.core.models import utcnow
from hub_app.extensions import db
from hub_app.kpi import closures
from hub_app.kpi.forms import CloseYearForm
from hub_app.kpi.models import FiscalYearClosure
from tests.auth.conftest import code_for
from tests.factories import PASSWORD, post_form
from tests.knic import helpers as knic


def _stale(client) -> None:
    with client.session_transaction() as session:
        session["reauth_at"] = (utcnow() - timedelta(minutes=6)).isoformat()


def _reauth(client, next_path: str, **data):
    return post_form(client, f"/account/reauth?next={next_path}", data, "/account/reauth")


def test_erasing_a_talent_asks_again_after_five_minutes(client, login, make_user):
    talent = knic.make_talent("消去 希望")
    login(make_user("admin", []))
    _stale(client)
    path = f"/knic/talents/{talent.id}"
    response = post_form(client, f"{path}/anonymize", {}, form_path=path)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/account/reauth?next=")
    db.session.refresh(talent)
    assert talent.anonymized_at is None
    wrong = _reauth(client, path, password="not-my-password")
    assert wrong.status_code == 422 and "パスワードまたは確認コードが違います" in wrong.text
    done = _reauth(client, path, password=PASSWORD)
    assert done.status_code == 302 and done.headers["Location"] == path
    assert post_form(client, f"{path}/anonymize", {}, form_path=path).status_code == 302
    db.session.refresh(talent)
    assert talent.anonymized_at is not None
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert "reauth_failed" in actions and "reauth" in actions


def test_reauth_with_a_factor_needs_the_code_too(client, login_mfa, enrolled_user):
    admin, secret = enrolled_user("admin", [])
    login_mfa(admin, secret)
    _stale(client)
    assert _reauth(client, "/", password=PASSWORD).status_code == 422
    assert _reauth(client, "/", password=PASSWORD, code="000000").status_code == 422
    assert _reauth(client, "/", password=PASSWORD, code=code_for(secret, 1)).status_code == 302


def test_failed_reauths_count_towards_the_sign_in_throttle(client, login, make_user):
    admin = make_user("admin", [])
    login(admin)
    for _ in range(10):
        _reauth(client, "/", password="not-my-password")
    assert _reauth(client, "/", password=PASSWORD).status_code == 429


def test_changing_a_role_asks_again_but_other_edits_do_not(client, login, make_user):
    user = make_user("staff", ["welltech"])
    login(make_user("admin", []))
    _stale(client)
    path = f"/admin/users/{user.id}"
    same_role = {"email": user.email, "name": "改名", "role": "staff", "hubs": ["welltech"]}
    assert post_form(client, path, {**same_role, "active": "y"}).status_code == 302
    new_role = {**same_role, "role": "manager", "active": "y"}
    asked = post_form(client, path, new_role)
    assert asked.status_code == 303 and "/account/reauth" in asked.headers["Location"]
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "staff"
    _reauth(client, path, password=PASSWORD)
    assert post_form(client, path, new_role).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "manager"


def test_reopening_a_year_asks_again(client, login, make_user):
    admin = make_user("admin", [])
    closure = closures.close_year(
        admin, form_from_mapping(CloseYearForm, {"hub": "welltech", "fiscal_year": 2022})
    )
    db.session.commit()
    login(admin)
    _stale(client)
    path = f"/kpi/closures/{closure.id}/reopen"
    assert post_form(client, path, {}, "/kpi?fiscal_year=2022").status_code == 303
    db.session.expire_all()
    assert db.session.get(FiscalYearClosure, closure.id).reopened_at is None
    _reauth(client, "/kpi?fiscal_year=2022", password=PASSWORD)
    assert post_form(client, path, {}, "/kpi?fiscal_year=2022").status_code == 302
    db.session.expire_all()
    assert db.session.get(FiscalYearClosure, closure.id).reopened_at is not None


def test_reauth_next_stays_on_site(client, login, make_user):
    login(make_user("admin", []))
    response = _reauth(client, "//evil.example", password=PASSWORD)
    assert response.headers["Location"] == "/"


def test_reauth_starts_a_new_session_and_ends_the_old(app, client, login, make_user):
    """ASVS 7.2.4: a re-authentication renews the session id, as a sign-in does."""
    login(make_user("admin", []))
    copied = client.get_cookie("hub_app_session").value
    _reauth(client, "/", password=PASSWORD)
    assert client.get("/").status_code == 200
    thief = app.test_client()
    thief.set_cookie("hub_app_session", copied)
    assert thief.get("/").status_code == 302


def test_changing_the_factor_needs_a_recent_authentication(client, login, make_user):
    login(make_user("staff"))
    client.get("/account/mfa")
    _stale(client)
    response = post_form(client, "/account/mfa", {"code": "123456"})
    assert response.status_code == 303 and "/account/reauth" in response.headers["Location"]

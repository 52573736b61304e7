"""The account page's list of sessions, and the ways to end them."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from hub_app.auth.models import UserSession, describe_browser
from hub_app.core.audit import AuditEntry
from hub_app.extensions import db
from tests.factories import post_form

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36"
)


def _browser(app, agent: str, address: str):
    client = app.test_client()
    client.environ_base.update({"HTTP_USER_AGENT": agent, "REMOTE_ADDR": address})
    return client


def test_account_page_lists_the_persons_sessions(app, login, make_user):
    user = make_user("staff")
    desk = login(user, test_client=_browser(app, CHROME_WINDOWS, "192.0.2.10"))
    login(user, test_client=_browser(app, FIREFOX, "192.0.2.20"))
    login(make_user("staff"), test_client=_browser(app, FIREFOX, "192.0.2.99"))  # someone else
    page = desk.get("/account")
    assert page.status_code == 200
    assert "Chrome / Windows" in page.text and "Firefox / Linux" in page.text
    assert "192.0.2.10" in page.text and "192.0.2.20" in page.text
    assert "192.0.2.99" not in page.text
    assert page.text.count(">この端末<") == 1


def test_ending_the_other_sessions_keeps_this_one(app, login, make_user):
    user = make_user("staff")
    desk = login(user, test_client=app.test_client())
    phone = login(user, test_client=app.test_client())
    laptop = login(user, test_client=app.test_client())
    assert post_form(desk, "/account/sessions/end-others", {}, "/account").status_code == 302
    assert desk.get("/").status_code == 200
    assert phone.get("/").status_code == 302 and laptop.get("/").status_code == 302
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "session_end")).one()
    assert entry.note == "他のセッション 2件"


def test_ending_one_session(app, login, make_user):
    user = make_user("staff")
    desk = login(user, test_client=app.test_client())
    phone = login(user, test_client=app.test_client())
    phone_session = db.session.scalars(select(UserSession).order_by(UserSession.id.desc())).first()
    page = desk.get("/account").text
    assert f"/account/sessions/{phone_session.id}/end" in page
    assert post_form(desk, f"/account/sessions/{phone_session.id}/end", {}, "/account").status_code
    assert phone.get("/").status_code == 302 and desk.get("/").status_code == 200


def test_nobody_ends_another_persons_session(app, login, make_user):
    victim = login(make_user("staff"), test_client=app.test_client())
    theirs = db.session.scalars(select(UserSession)).one()
    attacker = login(make_user("staff"), test_client=app.test_client())
    response = post_form(attacker, f"/account/sessions/{theirs.id}/end", {}, "/account")
    assert response.status_code == 404
    assert victim.get("/").status_code == 200


def test_sign_out_ends_this_browsers_session_only(app, login, make_user):
    user = make_user("staff")
    desk = login(user, test_client=app.test_client())
    phone = login(user, test_client=app.test_client())
    copied = desk.get_cookie("hub_app_session").value
    assert post_form(desk, "/logout", {}, form_path="/").status_code == 302
    thief = app.test_client()
    thief.set_cookie("hub_app_session", copied)
    assert thief.get("/").status_code == 302
    assert phone.get("/").status_code == 200


def test_admin_ends_all_of_a_users_sessions(app, client, login, make_user):
    user = make_user("staff")
    desk = login(user, test_client=app.test_client())
    phone = login(user, test_client=app.test_client())
    admin = make_user("admin", [])
    login(admin)
    assert "サインイン中のセッション: 2件" in client.get(f"/admin/users/{user.id}").text
    response = post_form(client, f"/admin/users/{user.id}/sessions/end", {}, "/admin/users")
    assert response.status_code == 302
    assert desk.get("/").status_code == 302 and phone.get("/").status_code == 302
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "session_end")).one()
    assert entry.user_id == admin.id and entry.entity_id == user.id
    assert client.get("/").status_code == 200


def test_last_seen_is_written_at_most_once_a_minute(app, client, login, make_user):
    login(make_user("staff"))
    record = db.session.scalars(select(UserSession)).one()
    first = record.last_seen_at
    client.get("/")
    db.session.refresh(record)
    assert record.last_seen_at == first
    app.config["LAST_SEEN_INTERVAL"] = timedelta(0)
    client.get("/organizations")
    db.session.refresh(record)
    assert record.last_seen_at > first


def test_a_cookie_without_its_session_row_signs_nobody_in(app, client, login, make_user):
    """The cookie's session id must name a live row, even with the right user token."""
    login(make_user("staff"))
    with client.session_transaction() as session:
        session["sid"] = "forged-" + "x" * 40
    assert client.get("/").status_code == 302


def test_browser_names():
    assert describe_browser(FIREFOX) == "Firefox / Linux"
    assert describe_browser(CHROME_WINDOWS) == "Chrome / Windows"
    assert describe_browser("") == "不明なブラウザ"
    assert re.match(r"^その他", describe_browser("something/1.0"))


def test_ending_sessions_needs_a_recent_authentication(app, login, make_user):
    """ASVS 7.5.2: ending sessions comes after the person proved again who they are."""
    user = make_user("staff")
    desk = login(user, test_client=app.test_client())
    phone = login(user, test_client=app.test_client())
    with desk.session_transaction() as session:
        session["reauth_at"] = "2000-01-01T00:00:00"
    response = post_form(desk, "/account/sessions/end-others", {}, "/account")
    assert response.status_code == 303 and "/account/reauth" in response.headers["Location"]
    assert phone.get("/").status_code == 200


def test_host_prefixed_cookie_in_production(app, make_user):
    """With SESSION_COOKIE_NAME=__Host-hub_app_session (README 本番運用) the cookie is
    Secure, host-only and for the whole path, as the prefix demands."""
    app.config["SESSION_COOKIE_NAME"] = "__Host-hub_app_session"
    user = make_user("staff")
    browser = app.test_client()
    page = browser.get("/login", base_url="https://localhost")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    response = browser.post(
        "/login",
        base_url="https://localhost",
        data={"email": user.email, "password": "kawasaki-welltech-2022", "csrf_token": token},
        headers={"Referer": "https://localhost/login"},
    )
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("__Host-")][-1]
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
    assert browser.get("/", base_url="https://localhost").status_code == 200

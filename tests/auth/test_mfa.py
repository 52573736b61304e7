"""The second factor (DESIGN §6): enrolment, the code step, replays, throttling, resets."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from sqlalchemy import select

from hub_app.auth import mfa
from hub_app.auth.models import RecoveryCode, User
from hub_app.core.audit import AuditEntry
from hub_app.core.models import utcnow
from hub_app.extensions import db
from tests.auth.conftest import code_for, code_step, password_step
from tests.factories import post_form


def _actions(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _enrol(client) -> tuple[str, list[str]]:
    """Enrol through the page; returns the secret and the recovery codes shown."""
    page = client.get("/account/mfa")
    assert page.status_code == 200
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page.text).group(1)
    response = post_form(client, "/account/mfa", {"code": code_for(secret)})
    assert response.status_code == 200, response.text
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.text)
    return secret, codes


def test_enrolment_shows_secret_and_qr_then_recovery_codes_once(client, login, make_user):
    user = make_user("staff")
    login(user)
    page = client.get("/account/mfa")
    assert 'src="data:image/svg+xml' in page.text  # the QR code is made here, no other service
    assert "<script" not in page.text.split("</head>")[1]
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page.text).group(1)
    assert len(secret) == 32  # 160 bits
    assert client.get("/account/mfa").text.count(secret) == 1  # the same until confirmed
    wrong = post_form(client, "/account/mfa", {"code": "000000"})
    assert wrong.status_code == 422 and mfa.WRONG_CODE in wrong.text
    db.session.expire_all()
    assert db.session.get(User, user.id).mfa_secret is None
    confirmed = post_form(client, "/account/mfa", {"code": code_for(secret)})
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", confirmed.text)
    assert len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not any(c.replace("-", "") in h for c in codes for h in stored)
    user = db.session.get(User, user.id)
    assert user.mfa_secret == secret and user.mfa_pending_secret is None
    assert [e.user_id for e in _actions("mfa_enable")] == [user.id]
    again = client.get("/account/mfa")
    assert "設定済み" in again.text and codes[0] not in again.text and secret not in again.text


def test_sign_in_asks_for_the_code_after_the_password(client, enrolled_user):
    user, secret = enrolled_user()
    response = password_step(client, user)
    assert response.status_code == 200 and 'name="code"' in response.text
    assert client.get("/").status_code == 302  # nobody is signed in yet
    assert _actions("login") == []
    assert code_step(client, code_for(secret)).status_code == 302
    assert client.get("/").status_code == 200
    assert [e.user_id for e in _actions("login")] == [user.id]


def test_a_code_is_accepted_once_only(app, client, enrolled_user):
    user, secret = enrolled_user()
    code = code_for(secret)
    password_step(client, user)
    assert code_step(client, code).status_code == 302
    other = app.test_client()
    password_step(other, user)
    replay = code_step(other, code)
    assert replay.status_code == 200 and mfa.WRONG_CODE in replay.text
    assert other.get("/").status_code == 302
    assert len(_actions("mfa_failed")) == 1


def test_one_step_of_drift_either_way_but_not_two(client, enrolled_user):
    user, secret = enrolled_user()
    password_step(client, user)
    assert code_step(client, code_for(secret, -2)).status_code == 200
    assert code_step(client, code_for(secret, 2)).status_code == 200
    assert code_step(client, code_for(secret, -1)).status_code == 302


def test_an_earlier_step_is_refused_after_a_later_one(app, client, enrolled_user):
    user, secret = enrolled_user()
    password_step(client, user)
    assert code_step(client, code_for(secret, 1)).status_code == 302
    other = app.test_client()
    password_step(other, user)
    assert code_step(other, code_for(secret, 0)).status_code == 200  # older than the last one


def test_wrong_codes_count_with_wrong_passwords_then_429(client, enrolled_user):
    user, secret = enrolled_user()
    password_step(client, user, password="not-the-password")  # one wrong password
    password_step(client, user)
    for _ in range(9):
        assert code_step(client, "123456").status_code == 200
    blocked = code_step(client, code_for(secret))
    assert blocked.status_code == 429
    assert client.get("/").status_code == 302
    assert len(_actions("mfa_failed")) == 9 and len(_actions("login_failed")) == 1


def test_recovery_code_signs_in_once(app, client, login, make_user):
    user = make_user("staff")
    login(user)
    _secret, codes = _enrol(client)
    fresh = app.test_client()
    password_step(fresh, user)
    assert code_step(fresh, codes[3].upper()).status_code == 302  # case and hyphen do not matter
    assert len(_actions("mfa_recovery_used")) == 1
    again = app.test_client()
    password_step(again, user)
    assert code_step(again, codes[3]).status_code == 200
    assert mfa.remaining_recovery_codes(db.session.get(User, user.id)) == 9


def test_new_recovery_codes_replace_the_old(client, login, make_user):
    user = make_user("staff")
    login(user)
    secret, old = _enrol(client)
    refused = post_form(client, "/account/mfa/recovery-codes", {"code": "999999"}, "/account/mfa")
    assert refused.status_code == 422
    response = post_form(
        client, "/account/mfa/recovery-codes", {"code": code_for(secret, 1)}, "/account/mfa"
    )
    new = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.text)
    assert len(new) == 10 and not set(new) & set(old)
    fresh = client.application.test_client()
    password_step(fresh, user)
    assert code_step(fresh, old[0]).status_code == 200
    assert code_step(fresh, new[0]).status_code == 302


def test_the_code_step_lapses(app, client, enrolled_user):
    user, secret = enrolled_user()
    password_step(client, user)
    with client.session_transaction() as session:
        session["mfa_at"] = (utcnow() - timedelta(minutes=6)).isoformat()
    response = code_step(client, code_for(secret))
    assert response.status_code == 400 or 'name="email"' in response.text
    assert client.get("/").status_code == 302


def test_a_password_reset_voids_a_pending_code_step(client, enrolled_user, make_user):
    user, secret = enrolled_user()
    password_step(client, user)
    db.session.get(User, user.id).rotate_session_token()
    db.session.commit()
    code_step(client, code_for(secret))
    assert client.get("/").status_code == 302


def test_required_roles_enrol_before_any_other_page(mfa_on, client, login, make_user):
    admin = make_user("admin", [])
    login(admin)
    for path in ("/", "/organizations", "/admin/users", "/account/tokens"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/account/mfa"
    page = client.get("/account/mfa")
    assert page.status_code == 200 and "この役割" in page.text
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page.text).group(1)
    post_form(client, "/account/mfa", {"code": code_for(secret)})
    assert client.get("/admin/users").status_code == 200


def test_roles_outside_the_setting_need_no_factor(mfa_on, client, login, make_user):
    login(make_user("staff"))
    assert client.get("/").status_code == 200


def test_empty_setting_needs_no_factor(client, login, make_user):
    login(make_user("admin", []))
    assert client.get("/admin/users").status_code == 200


def test_admin_resets_a_users_factor_and_their_sessions_end(
    app, client, login, login_mfa, enrolled_user, make_user
):
    user, secret = enrolled_user("manager", [])
    users_browser = login_mfa(user, secret, test_client=app.test_client())
    assert users_browser.get("/").status_code == 200
    admin = make_user("admin", [])
    login(admin)
    response = post_form(
        client, f"/admin/users/{user.id}/mfa/reset", {}, form_path=f"/admin/users/{user.id}"
    )
    assert response.status_code == 302
    assert users_browser.get("/").status_code == 302
    db.session.expire_all()
    reset = db.session.get(User, user.id)
    assert reset.mfa_secret is None
    assert db.session.scalars(select(RecoveryCode)).all() == []
    entry = _actions("mfa_reset")[0]
    assert entry.user_id == admin.id and entry.entity_id == user.id
    assert entry.changes == {"mfa_enabled": [True, False]}


def test_only_admins_reset_factors(client, login, enrolled_user, make_user):
    user, _secret = enrolled_user()
    login(make_user("manager", []))
    assert post_form(client, f"/admin/users/{user.id}/mfa/reset", {}, "/").status_code == 403
    assert db.session.get(User, user.id).mfa_secret is not None


def test_two_workers_cannot_both_accept_one_code(app, enrolled_user):
    """The UPDATE that moves the last step forward is the check: a second claim of the
    same step changes no row."""
    user, secret = enrolled_user()
    step = mfa._matching_step(secret, code_for(secret))
    assert mfa._claim_step(user, step) is True
    assert mfa._claim_step(user, step) is False
    assert pyotp.TOTP(secret).verify(code_for(secret))  # the library agrees on the code


def test_passwords_of_context_words_and_digits_are_refused():
    """ASVS 6.1.2 / 6.2.11: the city's and the app's names with digits are guessed first."""
    from hub_app.auth.passwords import policy_errors

    for password in ("kawasaki-welltech-2022", "川崎市ウェルテック2024", "KNIC-hub-2023-2024"):
        assert "名前と数字だけ" in policy_errors(password, "a@example.jp")[0], password
    assert policy_errors("川崎の福祉テック2022年度", "a@example.jp") == []


def test_csp_forbids_base_and_objects(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "base-uri 'none'" in policy and "object-src 'none'" in policy


def test_password_fields_are_masked_and_trace_is_refused(client, login, make_user):
    """ASVS 6.2.6 and 13.4.4."""
    assert 'type="password"' in client.get("/login").text
    login(make_user("staff"))
    assert client.get("/account/password").text.count('type="password"') == 3
    assert 'type="password"' in client.get("/account/reauth").text
    assert client.open("/", method="TRACE").status_code == 405

"""`flask --app hub_app send-reminders` against a real SMTP server started on localhost:
one message a person, in Japanese and UTF-8, naming what is due with dates and links."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from hub_app.config import mail_config
from hub_app.core.fiscal import japanese_date
from hub_app.core.models import utcnow
from hub_app.extensions import db
from tests.factories import post_form
from tests.followups.conftest import days
from tests.followups.smtp import PASSWORD, USERNAME, free_port, self_signed_certificate, smtp_server

BASE_URL = "https://hub.example.jp"
FROM = "ウェルテック事務局 <hub-app@example.jp>"


@pytest.fixture
def mail(app):
    """Point the app's MAIL_* settings at a server the test starts; yields its inbox."""

    def configure(port: int | str, **settings) -> None:
        app.config.update(
            {
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": str(port),
                "MAIL_FROM": FROM,
                "MAIL_USE_TLS": False,
                "MAIL_USERNAME": None,
                "MAIL_PASSWORD": None,
                "BASE_URL": BASE_URL,
                **settings,
            }
        )

    return configure


def body_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_each_person_gets_one_message_naming_what_is_due(
    runner, mail, make_user, person, consultation, project, matching
):
    late = consultation(person, days(-2), title="補助金の相談", next_action="申請書の結果を伝える")
    today = project(person, days(0), title="歩行車の改良")
    paired = matching(person, days(0))
    consultation(person, days(1), title="明日の相談")
    gone = consultation(person, days(-1), title="削除した相談")
    gone.deleted_at = utcnow()
    consultation(person, days(-1), title="完了した相談", status="closed", closed_on=days(-1))
    colleague = make_user("staff", ["welltech"], name="同僚次郎")
    consultation(colleague, days(-10), title="同僚の相談")
    quiet = make_user("staff", ["welltech"], name="通知なし", reminders_enabled=False)
    consultation(quiet, days(-1), title="通知を止めた人の相談")
    db.session.commit()

    with smtp_server() as (inbox, port):
        mail(port)
        result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "リマインドメールを2件送信しました(通知を止めている利用者 1人)" in result.output
    assert sorted(e.rcpt_tos[0] for e in inbox.envelopes) == sorted([person.email, colleague.email])
    mine = next(m for m in inbox.messages if person.email in m["To"])
    assert mine["Subject"] == "【hub_app】次回対応のお知らせ: 期限切れ1件・今日2件"
    assert mine["To"] == f"担当太郎 <{person.email}>"
    assert mine["From"] == FROM
    assert mine["Date"] is not None and mine["Message-ID"]
    assert mine.get_content_charset() == "utf-8"
    assert mine["Content-Transfer-Encoding"] == "base64"
    raw = inbox.envelopes[0].original_content.split(b"\r\n\r\n", 1)[0]
    assert raw.isascii()  # the Japanese headers travel encoded (RFC 2047)

    text = body_of(mine)
    assert text.startswith("担当太郎 さん")
    overdue_part, today_part = text.split("■ 今日")
    assert "■ 期限切れ(1件)" in overdue_part
    assert f"{japanese_date(days(-2))} [相談] 補助金の相談" in overdue_part
    assert "申請書の結果を伝える" in overdue_part
    assert f"{BASE_URL}/welltech/consultations/{late.id}" in overdue_part
    assert "(2件)" in today_part
    assert f"{japanese_date(days(0))} [プロジェクト] 歩行車の改良" in today_part
    assert f"{BASE_URL}/welltech/projects/{today.id}" in today_part
    assert "[マッチング] 川崎花子 × " in today_part
    assert f"{BASE_URL}/knic/matchings/{paired.id}" in today_part
    for absent in ("明日の相談", "削除した相談", "完了した相談", "同僚の相談", "通知を止めた"):
        assert absent not in text

    theirs = next(m for m in inbox.messages if colleague.email in m["To"])
    assert "同僚の相談" in body_of(theirs) and "補助金の相談" not in body_of(theirs)


def test_a_line_break_in_a_name_cannot_add_a_header(runner, mail, make_user, consultation):
    odd = make_user("staff", ["welltech"], name="川崎\r\nBcc: other@example.jp")
    consultation(odd, days(0))
    with smtp_server() as (inbox, port):
        mail(port)
        result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    [message] = inbox.messages
    assert message["Bcc"] is None and inbox.envelopes[0].rcpt_tos == [odd.email]
    assert message["To"] == f'"川崎 Bcc: other@example.jp" <{odd.email}>'


def test_switching_reminders_off_on_the_account_page_stops_them(
    runner, mail, client, login, person, consultation
):
    consultation(person, days(0), title="今日の相談")
    login(person)
    switched = post_form(client, "/account/reminders", {}, form_path="/account")
    assert switched.status_code == 302
    with smtp_server() as (inbox, port):
        mail(port)
        result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert inbox.envelopes == []
    assert "0件送信しました(通知を止めている利用者 1人)" in result.output


def test_a_run_with_nothing_due_sends_nothing(runner, mail, person, consultation, matching):
    consultation(person, days(3), title="来週の相談")
    matching(person, None)
    with smtp_server() as (inbox, port):
        mail(port)
        result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    assert "リマインドメールを0件送信しました" in result.output
    assert inbox.envelopes == []


def test_a_server_that_is_down_is_a_clear_error_and_a_failed_exit(
    runner, mail, person, consultation
):
    consultation(person, days(-1))
    port = free_port()  # nothing listens there
    mail(port)
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 1
    assert f"エラー: 127.0.0.1:{port} へのメール送信に失敗しました" in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit


def test_a_bad_port_setting_is_named(runner, mail, person, consultation):
    consultation(person, days(-1))
    mail("twenty-five")
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 1
    assert "MAIL_PORT は整数で指定してください" in result.output


def test_it_signs_in_with_mail_username_and_password(runner, mail, person, consultation):
    consultation(person, days(0))
    with smtp_server(auth=True) as (inbox, port):
        mail(port, MAIL_USERNAME=USERNAME, MAIL_PASSWORD=PASSWORD)
        result = runner.invoke(args=["send-reminders"])
        assert result.exit_code == 0, result.output
        assert inbox.logins == [(USERNAME, PASSWORD)] and len(inbox.envelopes) == 1

        mail(port, MAIL_USERNAME=USERNAME, MAIL_PASSWORD="wrong")
        refused = runner.invoke(args=["send-reminders"])
    assert refused.exit_code == 1
    assert "メール送信に失敗しました" in refused.output and "Traceback" not in refused.output
    assert len(inbox.envelopes) == 1


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_mail_use_tls_speaks_starttls_and_checks_the_certificate(
    runner, mail, person, consultation, tmp_path, monkeypatch
):
    consultation(person, days(0))
    cert, key = self_signed_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with smtp_server(tls_context=context, require_starttls=True) as (inbox, port):
        mail(port)  # without MAIL_USE_TLS the server refuses the plain connection
        plain = runner.invoke(args=["send-reminders"])
        assert plain.exit_code == 1 and "メール送信に失敗しました" in plain.output

        mail(port, MAIL_USE_TLS=True)  # an unknown certificate is not trusted
        untrusted = runner.invoke(args=["send-reminders"])
        assert untrusted.exit_code == 1 and "CERTIFICATE_VERIFY_FAILED" in untrusted.output

        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the system's trust store, as it were
        trusted = runner.invoke(args=["send-reminders"])
    assert trusted.exit_code == 0, trusted.output
    assert len(inbox.envelopes) == 1


def test_the_mail_settings_come_from_the_environment():
    settings = mail_config(
        {
            "MAIL_SERVER": "smtp.city.example.jp",
            "MAIL_PORT": "587",
            "MAIL_USE_TLS": "true",
            "MAIL_USERNAME": "hub",
            "MAIL_PASSWORD": "pw",
            "MAIL_FROM": "hub_app <hub@city.example.jp>",
            "BASE_URL": "https://hub.city.example.jp/",
        }
    )
    assert settings["MAIL_SERVER"] == "smtp.city.example.jp" and settings["MAIL_PORT"] == "587"
    assert settings["MAIL_USE_TLS"] is True
    assert (settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"]) == ("hub", "pw")
    assert settings["BASE_URL"] == "https://hub.city.example.jp"
    assert mail_config({})["MAIL_USE_TLS"] is False


def test_the_command_as_cron_runs_it(db_url, person, consultation, tmp_path):
    """A separate process configured by the environment alone, as cron or systemd start it."""
    consultation(person, days(-1), title="cronで届く相談")
    with smtp_server() as (inbox, port):
        environment = {
            **os.environ,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(port),
            "MAIL_FROM": "hub_app <hub@example.jp>",
            "BASE_URL": BASE_URL,
        }
        finished = subprocess.run(  # noqa: S603  fixed arguments
            [sys.executable, "-m", "flask", "--app", "hub_app", "send-reminders"],
            env=environment,
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert finished.returncode == 0, finished.stderr
    assert "リマインドメールを1件送信しました" in finished.stdout
    [message] = inbox.messages
    assert "cronで届く相談" in body_of(message)

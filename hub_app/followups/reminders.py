"""The daily reminder: one e-mail a person with their follow-ups due today or overdue.

Built with the standard library's EmailMessage (UTF-8 headers and body, MIME done by
the library) and sent over smtplib with the MAIL_* settings, so no mail extension is
needed and the message is what any mail client reads.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from flask import current_app
from sqlalchemy import select

from hub_app.auth.models import User
from hub_app.core import clock
from hub_app.core.fiscal import japanese_date
from hub_app.extensions import db
from hub_app.followups.sources import FollowUp, due, readable


class MailError(Exception):
    """The SMTP server could not be reached or refused the message."""


@dataclass
class Outcome:
    sent: int = 0
    #: people with something due who switched reminders off
    skipped: int = 0


def compose(
    user: User, items: list[FollowUp], today: date, link: Callable[[FollowUp], str]
) -> EmailMessage:
    """The message for one person: overdue first, then today's, each with its link."""
    message = EmailMessage()
    overdue = [item for item in items if item.day < today]
    message["Subject"] = (
        f"【hub_app】次回対応のお知らせ: 期限切れ{len(overdue)}件・"
        f"今日{len(items) - len(overdue)}件"
    )
    message["From"] = current_app.config["MAIL_FROM"]
    # a line break in a name (the admin form takes any text) would end the header: the
    # library refuses it, and one such name would stop everyone's reminders
    message["To"] = Address(display_name=" ".join(user.name.split()), addr_spec=user.email)
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = make_msgid(domain="hub-app.invalid")
    lines = [
        f"{user.name} さん",
        "",
        f"{japanese_date(today)}の時点で、担当している記録の次回対応が{len(items)}件あります。",
        "",
    ]
    for heading, group in (("期限切れ", overdue), ("今日", items[len(overdue) :])):
        if not group:
            continue
        lines.append(f"■ {heading}({len(group)}件)")
        for item in group:
            lines.append(f"・{japanese_date(item.day)} [{item.source.label}] {item.title}")
            if item.record.next_action:
                lines.append(f"  {item.record.next_action}")
            lines.append(f"  {link(item)}")
        lines.append("")
    lines += [
        "対応したら記録の「次回対応予定日」を更新するか、空にしてください。",
        "このお知らせはアカウントのページで止められます。",
        "",
        "-- ",
        "hub_app(ウェルテック・K-NIC 記録システム)",
    ]
    # base64 whatever the lines' length: left to itself the library picks 8bit for short
    # lines, which smtplib then sends without BODY=8BITMIME to a relay that may be 7-bit
    message.set_content("\n".join(lines), charset="utf-8", cte="base64")
    return message


def messages(today: date, link: Callable[[FollowUp], str]) -> tuple[list[EmailMessage], int]:
    """Every message of the run, and how many people with something due switched off."""
    by_owner = due(today)
    if not by_owner:
        return [], 0
    users = db.session.scalars(
        select(User).where(User.id.in_(by_owner), User.active.is_(True)).order_by(User.id)
    )
    built, skipped = [], 0
    for user in users:
        items = readable(user, by_owner[user.id])
        if not items:
            continue
        if not user.reminders_enabled:
            skipped += 1
            continue
        built.append(compose(user, items, today, link))
    return built, skipped


def send(built: list[EmailMessage], config: Any) -> None:
    """Deliver over one SMTP connection; any failure of the server is a MailError."""
    if not built:
        return
    server, port = config["MAIL_SERVER"], str(config["MAIL_PORT"])
    if not (port.isascii() and port.isdigit()):
        raise MailError(f"MAIL_PORT は整数で指定してください(いま: {port})。")
    try:
        with smtplib.SMTP(server, int(port), timeout=30) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            for message in built:
                smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"{server}:{port} へのメール送信に失敗しました: {error}") from error


def run(link: Callable[[FollowUp], str], today: date | None = None) -> Outcome:
    today = today or clock.today()
    built, skipped = messages(today, link)
    send(built, current_app.config)
    return Outcome(sent=len(built), skipped=skipped)

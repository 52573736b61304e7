"""Where follow-ups show: the dashboard panel, the state badge of every page, and the
`send-reminders` command (a top-level command of `flask --app hub_app`)."""

from __future__ import annotations

import sys
from typing import Any

import click
from flask import Blueprint, current_app, url_for

from hub_app.dashboard.views import PANELS
from hub_app.extensions import db
from hub_app.followups import reminders, sources

bp = Blueprint("followups", __name__, cli_group=None)
PANEL_TEMPLATE = "dashboard/_follow_ups.html"


def follow_up_panel(user: Any) -> dict[str, Any] | None:
    """「自分のフォローアップ」: shown to everyone who can be responsible for a record."""
    if not any(source.readable(user) for source in sources.SOURCES):
        return None
    return {"groups": sources.mine(user)}


if not any(entry[0] == PANEL_TEMPLATE for entry in PANELS):
    PANELS.insert(0, (PANEL_TEMPLATE, follow_up_panel))


@bp.app_template_global("follow_up_state")
def follow_up_state(record: Any) -> str | None:
    return sources.state(record)


def _link(item: sources.FollowUp) -> str:
    """An absolute URL on BASE_URL: a path alone is no link in a mail client."""
    return url_for(item.source.endpoint, _external=True, **item.url_args)


@bp.cli.command("send-reminders")
def send_reminders_command() -> None:
    """E-mail each user their follow-ups due today or overdue (one message a person)."""
    config = current_app.config
    try:
        with current_app.test_request_context(base_url=config["BASE_URL"]):
            outcome = reminders.run(_link)
    except reminders.MailError as error:
        db.session.rollback()
        click.echo(f"エラー: {error}", err=True)
        sys.exit(1)
    click.echo(
        f"リマインドメールを{outcome.sent}件送信しました"
        f"(通知を止めている利用者 {outcome.skipped}人)。"
    )

"""The calendar feed pages: the account's subscription URLs, and the feed itself.

The feed answers without a session (a calendar service fetches it); anything but a live
secret answers 404, so a guessed URL learns nothing.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, render_template, url_for
from flask_login import current_user, login_required

from hub_app.bookings import feed
from hub_app.core.enums import FACILITIES
from hub_app.extensions import db
from hub_app.welltech import common

bp = Blueprint("calendar_feeds", __name__)
ICS_TYPE = "text/calendar; charset=utf-8"


def _urls(token: str) -> list[tuple[str, str]]:
    return [
        (
            feed.calendar_name(common.HUB, code),
            url_for(".ics", token=token, facility=code, _external=True),
        )
        for code in (*FACILITIES, feed.ALL)
    ]


@bp.get("/account/calendar")
@login_required
def settings():
    return render_template(
        "bookings/feed.html",
        feed=feed.feed_of(current_user),
        urls=None,
        can_read=common.can_read(current_user),
    )


@bp.post("/account/calendar")
@login_required
def renew():
    if not common.can_read(current_user):
        abort(403)
    token = feed.issue(current_user)
    db.session.commit()
    flash("購読URLを発行しました。以前のURLは使えなくなりました。", "success")
    return render_template(
        "bookings/feed.html", feed=feed.feed_of(current_user), urls=_urls(token), can_read=True
    )


@bp.post("/account/calendar/revoke")
@login_required
def revoke():
    feed.revoke(current_user)
    db.session.commit()
    flash("購読URLを無効にしました。", "success")
    return render_template("bookings/feed.html", feed=None, urls=None, can_read=True)


@bp.get("/calendar/<token>/<facility>.ics")
def ics(token: str, facility: str):
    if facility not in FACILITIES and facility != feed.ALL:
        abort(404)
    user = feed.user_for(token)
    if user is None:
        abort(404)
    body = feed.document(user, common.HUB, facility)
    return Response(
        body,
        content_type=ICS_TYPE,
        headers={
            "Content-Disposition": f'inline; filename="{facility}.ics"',
            "Cache-Control": "private, max-age=300",
        },
    )

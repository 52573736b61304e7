"""Each user's secret calendar URL and the iCalendar (RFC 5545) document it serves.

Outlook and Google Calendar subscribe to a URL and fetch it on their own schedule,
without a session, so the URL itself is the credential: 256 random bits, stored only as
their SHA-256 (like API tokens), shown once when issued; issuing a new one invalidates
the old. The document holds what its user may read, and no notes (a subscribed
calendar's copy lives on the provider's servers).
"""

from __future__ import annotations

import secrets
from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from flask import url_for
from icalendar import Calendar, Event
from sqlalchemy import select, update

from hub_app.auth.models import secret_hash
from hub_app.bookings import queries
from hub_app.bookings.models import Booking, CalendarFeed
from hub_app.core import audit, clock
from hub_app.core.datetimes import TOKYO
from hub_app.core.enums import FACILITIES, HUBS, label
from hub_app.core.models import utcnow
from hub_app.core.permissions import can_read_hub
from hub_app.core.records import flush
from hub_app.extensions import db

if TYPE_CHECKING:
    from hub_app.auth.models import User

#: how far back a feed reaches: enough for last month's bookings, small enough to fetch often
PAST_DAYS = 92
#: the whole future would be unbounded; a year ahead is more than the lab plans
FUTURE_DAYS = 366
ALL = "all"


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def issue(user: User) -> str:
    """A new secret for the user's feed URLs; the previous one stops working at once."""
    token = secrets.token_urlsafe(32)
    feed = feed_of(user)
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token_hash=secret_hash(token))
        db.session.add(feed)
        action = "create"
    else:
        feed.token_hash = secret_hash(token)
        feed.created_at = utcnow()
        feed.last_used_at = None
        action = "update"
    flush()
    audit.write(action, user, "calendar_feed", feed.id, None, "購読URLを発行")
    return token


def revoke(user: User) -> None:
    feed = feed_of(user)
    if feed is None:
        return
    db.session.delete(feed)
    flush()
    audit.write("revoke", user, "calendar_feed", feed.id, None, "購読URLを無効化")


def user_for(token: str) -> User | None:
    """The owner of a feed secret, noting the fetch; None for an unknown secret or an
    inactive user.

    The UPDATE is the transaction's first statement, so on SQLite a GET's read
    transaction never turns into a write (see core.sqlite).
    """
    digest = secret_hash(token)
    stamped = db.session.execute(
        update(CalendarFeed).where(CalendarFeed.token_hash == digest).values(last_used_at=utcnow())
    )
    db.session.commit()
    if not stamped.rowcount:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == digest))
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def calendar_name(hub: str, facility: str) -> str:
    what = "施設予約" if facility == ALL else label(FACILITIES, facility)
    return f"{label(HUBS, hub)} {what}"


def document(user: User, hub: str, facility: str) -> bytes:
    """The facility's live bookings from PAST_DAYS ago to FUTURE_DAYS ahead as iCalendar."""
    calendar = Calendar()
    calendar.add("prodid", "-//Kawasaki City//hub_app bookings//JA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name(hub, facility))
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    if can_read_hub(user, hub):
        first = clock.today() - timedelta(days=PAST_DAYS)
        bookings = queries.between(
            hub,
            None if facility == ALL else facility,
            first,
            PAST_DAYS + FUTURE_DAYS,
            live_only=True,
        )
        for booking in bookings:
            calendar.add_component(_event(booking))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def uid(booking: Booking) -> str:
    """Stable for the booking's life, whichever URL or secret fetched it."""
    return f"booking-{booking.id}@hub-app.{booking.hub}"


def _event(booking: Booking) -> Event:
    event = Event()
    event.add("uid", uid(booking))
    event.add("dtstamp", booking.updated_at.replace(tzinfo=UTC))
    event.add("last-modified", booking.updated_at.replace(tzinfo=UTC))
    event.add("created", booking.created_at.replace(tzinfo=UTC))
    event.add("dtstart", booking.starts_at.astimezone(TOKYO))
    event.add("dtend", booking.ends_at.astimezone(TOKYO))
    event.add("summary", booking.title)
    event.add("location", label(FACILITIES, booking.facility))
    lines = []
    if booking.organization is not None:
        lines.append(f"企業・団体: {booking.organization.name}")
    if booking.project is not None:
        lines.append(f"プロジェクト: {booking.project.title}")
    if booking.staff is not None:
        lines.append(f"担当: {booking.staff.name}")
    link = url_for("bookings.show", booking_id=booking.id, _external=True)
    lines.append(link)
    event.add("description", "\n".join(lines))
    event.add("url", link)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event

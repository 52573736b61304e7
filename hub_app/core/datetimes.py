"""Date-times with an offset (bookings' starts_at / ends_at): stored aware, shown in Japan time.

Record timestamps (created_at …) are naive UTC, see core.models.utcnow. A booking's times
are things people type and read in Japan time, and the API and iCalendar hand them to
clients in other zones, so they carry their offset end to end: PostgreSQL keeps them as
`timestamp with time zone`; SQLite has no such type, so they are kept as text in UTC
with a fixed width (`2026-12-02 01:00:00.000000+00:00`), which sorts and compares in
SQL exactly as the instants do.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, String
from sqlalchemy.types import TypeDecorator

from hub_app.core.fiscal import japanese_date

TOKYO = ZoneInfo("Asia/Tokyo")
WEEKDAYS = "月火水木金土日"
#: what a form or an import accepts: a datetime-local value (Japan time) or RFC 3339
_TEXT = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"([Zz]|[+-]\d{2}:\d{2})?",
    re.ASCII,
)
TEXT_PATTERN = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:\d{2})?$"


class AwareDateTime(TypeDecorator):
    """An aware datetime in, an aware datetime (UTC) out, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(32))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("a booking time needs its offset")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.isoformat(sep=" ", timespec="microseconds")
        return value

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is None:  # a value written by hand without one: read as UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def parse(text: str) -> datetime:
    """`2026-12-02T10:00` (Japan time, as a datetime-local input sends it) or RFC 3339
    with its offset, as an aware datetime in UTC; ValueError for anything else."""
    found = _TEXT.fullmatch(text.strip())
    if found is None:
        raise ValueError(text)
    year, month, day, hour, minute, second, fraction, offset = found.groups()
    naive = datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second or 0),
        int((fraction or "0").ljust(6, "0")),
    )
    if offset is None:
        aware = naive.replace(tzinfo=TOKYO)
    else:
        aware = datetime.fromisoformat(
            f"{naive.isoformat()}{offset.upper().replace('Z', '+00:00')}"
        )
    return aware.astimezone(UTC)


def in_tokyo(value: datetime) -> datetime:
    return value.astimezone(TOKYO)


def tokyo_date(value: datetime) -> date:
    return in_tokyo(value).date()


def start_of_day(day: date) -> datetime:
    """Midnight in Japan that begins `day`, in UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=TOKYO).astimezone(UTC)


def rfc3339_tokyo(value: datetime | None) -> str | None:
    """The API's form of a booking time: Japan time with its offset, 2026-12-02T10:00:00+09:00."""
    if value is None:
        return None
    return in_tokyo(value).isoformat(timespec="seconds")


def input_value(value: datetime | None) -> str:
    """The value a datetime-local input shows: Japan time to the minute."""
    return in_tokyo(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def japanese_datetime(value: datetime | None) -> str:
    """令和8年12月2日(水) 10:00, in Japan time."""
    if value is None:
        return ""
    local = in_tokyo(value)
    return f"{japanese_date(local.date())}({WEEKDAYS[local.weekday()]}) {local:%H:%M}"


def japanese_span(starts_at: datetime, ends_at: datetime) -> str:
    """令和8年12月2日(水) 10:00〜12:00; the end's date is written only when it differs."""
    start, end = in_tokyo(starts_at), in_tokyo(ends_at)
    if start.date() == end.date():
        return f"{japanese_datetime(starts_at)}〜{end:%H:%M}"
    return f"{japanese_datetime(starts_at)}〜{japanese_datetime(ends_at)}"

"""Today's date where the hubs work.

The server may run in UTC; from midnight to 9:00 in Japan its date is still
yesterday, which would refuse a consultation opened this morning as "in the future"
and put the dashboard a day behind the history's Japan times.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

#: Japan keeps no daylight-saving time, so a fixed offset needs no tz database
JST = timezone(timedelta(hours=9), "JST")


def now() -> datetime:
    return datetime.now(JST)


def today() -> date:
    return now().date()

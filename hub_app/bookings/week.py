"""A facility's week as a grid of Japan-time hours × days, built on the server.

The page is a plain HTML table (no JavaScript): each cell lists the bookings that touch
its hour and, while no live booking holds it, links to a new booking of that hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from hub_app.bookings import queries
from hub_app.bookings.models import Booking
from hub_app.core.datetimes import TOKYO, in_tokyo

FIRST_HOUR = 8
LAST_HOUR = 20  # the grid's last row is 19:00–20:00
DAYS = 7


@dataclass
class Entry:
    booking: Booking
    #: the booking's first cell on this day: its title is written here, later cells refer to it
    first: bool


@dataclass
class Cell:
    day: date
    hour: int
    entries: list[Entry] = field(default_factory=list)
    #: a live booking holds some of this hour
    taken: bool = False

    @property
    def starts_at(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, self.hour, tzinfo=TOKYO)


@dataclass
class Week:
    facility: str
    monday: date
    days: list[date]
    hours: list[int]
    rows: list[list[Cell]]
    bookings: list[Booking]

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=DAYS)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=DAYS)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def build(hub: str, facility: str, any_day: date) -> Week:
    """The week (Monday to Sunday) holding `any_day`; the grid grows beyond 8:00–20:00
    when a booking of the week lies outside those hours."""
    monday = monday_of(any_day)
    days = [monday + timedelta(days=n) for n in range(DAYS)]
    bookings = queries.between(hub, facility, monday, DAYS)
    first, last = FIRST_HOUR, LAST_HOUR
    for booking in bookings:
        start, end = in_tokyo(booking.starts_at), in_tokyo(booking.ends_at)
        if start.date() >= monday:
            first = min(first, start.hour)
        if end.date() < monday + timedelta(days=DAYS):
            last = max(last, end.hour + (1 if end.minute or end.second else 0))
        if start.date() != end.date():  # across midnight: the whole day is covered
            first, last = 0, 24
    hours = list(range(first, min(last, 24)))
    rows = [[Cell(day, hour) for day in days] for hour in hours]
    for booking in bookings:
        _place(booking, rows, hours, days)
    return Week(facility, monday, days, hours, rows, bookings)


def _place(booking: Booking, rows: list[list[Cell]], hours: list[int], days: list[date]) -> None:
    holds = booking.freed_reason is None
    for column in range(len(days)):
        first_on_day = True
        for row in range(len(hours)):
            cell = rows[row][column]
            slot_start = cell.starts_at
            slot_end = slot_start + timedelta(hours=1)
            if booking.starts_at < slot_end and booking.ends_at > slot_start:
                cell.entries.append(Entry(booking, first_on_day))
                first_on_day = False
                cell.taken = cell.taken or holds

"""How the header search finds bookings: title, facility, organisation and notes."""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from hub_app.bookings.models import Booking
from hub_app.core.datetimes import tokyo_date
from hub_app.core.enums import FACILITIES
from hub_app.search.registry import Document, Searchable, add


def _organization_name(booking: Booking) -> str | None:
    return booking.organization.name if booking.organization is not None else None


def _document(booking: Booking) -> Document:
    return Document(
        title=booking.title,
        hub=booking.hub,
        texts=(FACILITIES.get(booking.facility), _organization_name(booking), booking.notes),
        day=tokyo_date(booking.starts_at) if booking.starts_at else None,
    )


def _describe(booking: Booking, _user: object) -> tuple[str, str | None]:
    where = [FACILITIES.get(booking.facility, booking.facility), _organization_name(booking)]
    return booking.title, " · ".join(part for part in where if part)


def register() -> None:
    add(
        Searchable(
            Booking,
            "booking",
            _document,
            describe=_describe,
            load=(selectinload(Booking.organization),),
            via=(Booking.organization_id,),
        )
    )

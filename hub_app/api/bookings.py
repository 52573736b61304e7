"""The `bookings` collection: times in Japan time with their offset (RFC 3339)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub_app.api import bp
from hub_app.api.resources import Collection, register
from hub_app.bookings import queries, services
from hub_app.bookings.forms import BookingForm
from hub_app.bookings.models import Booking
from hub_app.core.datetimes import rfc3339_tokyo
from hub_app.core.forms import record_values
from hub_app.core.models import rfc3339
from hub_app.core.permissions import can_read_hub


def serialize_booking(booking: Booking, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": booking.id,
        "hub": booking.hub,
        "facility": booking.facility,
        "starts_at": rfc3339_tokyo(booking.starts_at),
        "ends_at": rfc3339_tokyo(booking.ends_at),
        "title": booking.title,
        "organization_id": booking.organization_id,
        "project_id": booking.project_id,
        "evaluation_id": booking.evaluation_id,
        "staff_id": booking.staff_id,
        "notes": booking.notes,
        "freed": booking.freed_reason is not None,
        "created_at": rfc3339(booking.created_at),
        "updated_at": rfc3339(booking.updated_at),
        "created_by": booking.created_by,
    }


def base_values(booking: Booking) -> dict[str, Any]:
    """The stored booking as form values for a PATCH, its times with their offset."""
    values = record_values(booking, BookingForm)
    values["starts_at"] = rfc3339_tokyo(booking.starts_at)
    values["ends_at"] = rfc3339_tokyo(booking.ends_at)
    return values


def booking_list_query(args: Mapping[str, str], actor: Any):
    return queries.list_query(args, actor)


register(
    bp,
    Collection(
        name="bookings",
        model=Booking,
        form=BookingForm,
        serialize=serialize_booking,
        list_query=booking_list_query,
        can_read=lambda actor, record: can_read_hub(actor, record.hub),
        create=services.create_booking,
        update=services.update_booking,
        delete=services.delete_booking,
        eager=queries.EAGER,
        order_by=[Booking.starts_at, Booking.id],
        base_values=base_values,
        columns=queries.EXPORT_COLUMNS,
        filters=("facility", "staff_id", "evaluation_id", "fiscal_year"),
    ),
)

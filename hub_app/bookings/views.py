"""Booking pages: the week calendar per facility, the list, a booking's page and form.

Every page needs read access to Welltech's bookings (core.permissions: admins, managers
and Welltech staff); writing pages and the services check write access on top.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user, login_required

from hub_app.bookings import audit_labels, queries, searchable, services, week
from hub_app.bookings.forms import BookingForm
from hub_app.bookings.models import Booking
from hub_app.core import clock, datetimes, navigation, pages
from hub_app.core.enums import FACILITIES
from hub_app.core.listing import id_arg
from hub_app.welltech import common

bp = Blueprint("bookings", __name__, url_prefix="/welltech/bookings")
navigation.add("ウェルテック", "施設予約", "bookings.calendar", common.can_read)
audit_labels.register()
searchable.register()

#: what a link from a project or an evaluation carries into the calendar and the form
CARRIED = ("project_id", "evaluation_id", "organization_id", "title")


@bp.before_request
@login_required
def require_read() -> None:
    if not common.can_read(current_user):
        abort(403)


@bp.app_template_filter("jspan")
def _span(booking: Booking) -> str:
    return datetimes.japanese_span(booking.starts_at, booking.ends_at)


@bp.app_template_filter("jhm")
def _hour_minute(value: Any) -> str:
    return datetimes.in_tokyo(value).strftime("%H:%M")


@bp.app_template_filter("jweek")
def _week_of(value: Any) -> str:
    return week.monday_of(datetimes.tokyo_date(value)).isoformat()


def _carried() -> dict[str, str]:
    return {name: request.args[name] for name in CARRIED if request.args.get(name)}


def _week_start() -> date:
    try:
        return date.fromisoformat(request.args.get("week", ""))
    except ValueError:
        return clock.today()


@bp.get("/calendar")
@bp.get("/calendar/<facility>")
def calendar(facility: str = "mock_lab"):
    if facility not in FACILITIES:
        abort(404)
    shown = week.build(common.HUB, facility, _week_start())
    return render_template(
        "bookings/week.html",
        week=shown,
        facilities=FACILITIES,
        today=clock.today(),
        carried=_carried(),
        can_write=common.can_write(current_user),
    )


def _options() -> dict[str, Any]:
    return {
        "projects": common.project_options(),
        "evaluations": queries.evaluation_options(),
        "staff": common.staff_options(),
    }


def _prefilled() -> dict[str, Any]:
    """A new booking's form from the link that opened it: a calendar slot, a project or an
    evaluation (its project, the project's lead organisation, a title and its facility)."""
    values: dict[str, Any] = {"staff_id": current_user.id, "facility": "mock_lab"}
    if request.args.get("facility") in FACILITIES:
        values["facility"] = request.args["facility"]
    for name in ("starts_at", "ends_at"):
        with suppress(ValueError, OverflowError):  # a hand-edited link just starts blank
            values[name] = datetimes.parse(request.args.get(name, ""))
    if "starts_at" in values and "ends_at" not in values:
        values["ends_at"] = values["starts_at"] + timedelta(hours=1)
    for name in ("organization_id", "project_id", "evaluation_id"):
        values[name] = id_arg(request.args, name)
    values.update(queries.context_of(values["project_id"], values["evaluation_id"]))
    if request.args.get("title"):
        values["title"] = request.args["title"][:200]
    return values


def _new_form() -> BookingForm:
    return BookingForm(data=_prefilled()) if request.method == "GET" else BookingForm()


def _list_query(args: Any, include_deleted: bool = False) -> Any:
    return queries.list_query(args, current_user, include_deleted=include_deleted)


PAGES = pages.register(
    bp,
    pages.RecordPages(
        name="booking",
        model=Booking,
        url="",
        endpoints=pages.Endpoints.own_blueprint(),
        templates=pages.Templates(
            index="bookings/index.html", form="bookings/form.html", show="bookings/show.html"
        ),
        messages=pages.Messages(
            created="{r.facility_label}を予約しました。",
            deleted="予約を取り消しました。管理者は元に戻せます。",
            restored="予約を元に戻しました。",
        ),
        form=BookingForm,
        create=services.create_booking,
        update=services.update_booking,
        delete=services.delete_booking,
        restore=services.restore_booking,
        list_query=_list_query,
        export_query=lambda args: _list_query(args).options(*queries.EAGER),
        sorts=queries.SORTS,
        export_name="bookings",
        export_columns=queries.EXPORT_COLUMNS,
        can_write=lambda user, _record: common.can_write(user),
        new_form=_new_form,
        after_delete=lambda booking: url_for(
            ".calendar", facility=booking.facility, week=_week_of(booking.starts_at)
        ),
        list_context=lambda: {
            "staff": common.staff_options(),
            "fiscal_years": common.fiscal_year_options(),
        },
        form_context=lambda _form, _record: _options(),
    ),
)


def bookings_of(column: str, record_id: int) -> list[Booking]:
    """For a project's or an evaluation's page: its bookings, freed ones included."""
    return queries.of(getattr(Booking, column), record_id)


@bp.app_context_processor
def booking_links() -> dict[str, Any]:
    return {"bookings_of": bookings_of}

"""Booking pages: the week calendar per facility, the list, a booking's page and form.

Every page needs read access to Welltech's bookings (core.permissions: admins, managers
and Welltech staff); writing pages and the services check write access on top.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from hub_app.bookings import audit_labels, queries, searchable, services, week
from hub_app.bookings.forms import BookingForm
from hub_app.bookings.models import Booking
from hub_app.core import audit, clock, datetimes, navigation
from hub_app.core.enums import FACILITIES, label
from hub_app.core.listing import id_arg
from hub_app.core.views import export_list, list_page, load, run_form, status_of, wants_deleted
from hub_app.extensions import db
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


@bp.get("")
def index():
    return list_page(
        "bookings/index.html",
        queries.list_query(request.args, current_user, include_deleted=wants_deleted()),
        queries.SORTS,
        staff=common.staff_options(),
        fiscal_years=common.fiscal_year_options(),
        can_write=common.can_write(current_user),
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    query = queries.list_query(request.args, current_user).options(*queries.EAGER)
    return export_list(fmt, "bookings", query, queries.SORTS, queries.EXPORT_COLUMNS)


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


@bp.route("/new", methods=["GET", "POST"])
def create():
    if not common.can_write(current_user):
        abort(403)
    form = BookingForm(data=_prefilled()) if request.method == "GET" else BookingForm()
    if form.is_submitted():
        booking = run_form(form, lambda: services.create_booking(current_user, form))
        if booking is not None:
            flash(f"{label(FACILITIES, booking.facility)}を予約しました。", "success")
            return redirect(url_for(".show", booking_id=booking.id))
    return render_template("bookings/form.html", form=form, booking=None, **_options()), status_of(
        form
    )


@bp.get("/<int:booking_id>")
def show(booking_id: int):
    booking = load(Booking, booking_id)
    return render_template(
        "bookings/show.html",
        booking=booking,
        can_write=common.can_write(current_user),
        history=audit.history("booking", booking.id),
    )


@bp.route("/<int:booking_id>/edit", methods=["GET", "POST"])
def edit(booking_id: int):
    if not common.can_write(current_user):
        abort(403)
    booking = load(Booking, booking_id)
    form = BookingForm(obj=booking)
    if form.is_submitted():
        saved = run_form(form, lambda: services.update_booking(current_user, booking, form))
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".show", booking_id=booking.id))
    return render_template(
        "bookings/form.html", form=form, booking=booking, **_options()
    ), status_of(form)


@bp.post("/<int:booking_id>/delete")
def delete(booking_id: int):
    if not common.can_write(current_user):
        abort(403)
    booking = load(Booking, booking_id)
    services.delete_booking(current_user, booking)
    db.session.commit()
    flash("予約を取り消しました。管理者は元に戻せます。", "success")
    return redirect(
        url_for(".calendar", facility=booking.facility, week=_week_of(booking.starts_at))
    )


@bp.post("/<int:booking_id>/restore")
def restore(booking_id: int):
    booking = load(Booking, booking_id)
    services.restore_booking(current_user, booking)
    db.session.commit()
    flash("予約を元に戻しました。", "success")
    return redirect(url_for(".show", booking_id=booking.id))


def bookings_of(column: str, record_id: int) -> list[Booking]:
    """For a project's or an evaluation's page: its bookings, freed ones included."""
    return queries.of(getattr(Booking, column), record_id)


@bp.app_context_processor
def booking_links() -> dict[str, Any]:
    return {"bookings_of": bookings_of}

"""Event pages of both hubs: list, register, edit, delete, and the roster of attendees."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from hub_app.core import audit, navigation
from hub_app.core.enums import EVENT_KINDS
from hub_app.core.permissions import can_read_hub, can_see_talents, can_write_hub, readable_hubs
from hub_app.core.views import (
    export_list,
    list_page,
    load,
    run_form,
    status_of,
    wants_deleted,
)
from hub_app.events import audit_labels, queries, searchable, services
from hub_app.events.forms import EventForm, RosterForm, hub_of
from hub_app.events.models import Attendance, Event
from hub_app.extensions import db
from hub_app.organizations.views import DETAIL_SECTIONS

bp = Blueprint("events", __name__, url_prefix="/events")
navigation.add("ウェルテック", "勉強会", "events.welltech", lambda u: can_read_hub(u, "welltech"))
navigation.add("K-NIC", "研修・セミナー等", "events.knic", lambda u: can_read_hub(u, "knic"))
audit_labels.register()
searchable.register()


def _organization_events(organization, user) -> dict | None:
    """The events of the user's hubs this organisation attended, newest first (one query)."""
    hubs = readable_hubs(user)
    if not hubs:
        return None
    return {"events": queries.attended_by_organization(organization.id, hubs)}


DETAIL_SECTIONS.append(
    ("参加した勉強会・研修・イベント", "events/_organization_section.html", _organization_events)
)


@bp.before_request
@login_required
def require_reader():
    if not readable_hubs(current_user):
        abort(403)


def _event(event_id: int) -> Event:
    event = load(Event, event_id)
    if not can_read_hub(current_user, event.hub):
        abort(403)
    return event


def _require_writer(hub: str) -> None:
    if not can_write_hub(current_user, hub):
        abort(403)


def _offer_writable_kinds(form: EventForm) -> None:
    """Only the kinds of the hubs this user writes for (the service checks it anyway)."""
    form.kind.choices = [("", "選択してください")] + [
        (code, text)
        for code, text in EVENT_KINDS.items()
        if can_write_hub(current_user, hub_of(code))
    ]


@bp.get("/welltech")
def welltech():
    return redirect(url_for(".index", hub="welltech"))


@bp.get("/knic")
def knic():
    return redirect(url_for(".index", hub="knic"))


@bp.get("")
def index():
    query = queries.list_query(request.args, current_user, include_deleted=wants_deleted())
    hubs = readable_hubs(current_user)
    scope = request.args.get("hub") if request.args.get("hub") in hubs else None
    if scope is None and len(hubs) == 1:
        scope = next(iter(hubs))
    return list_page(
        "events/index.html",
        queries.with_attendances(query),
        queries.SORTS,
        hubs=hubs,
        scope=scope,
        kinds={c: t for c, t in EVENT_KINDS.items() if scope in (None, hub_of(c))},
        can_write=any(can_write_hub(current_user, h) for h in ("welltech", "knic")),
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    query = queries.with_attendances(queries.list_query(request.args, current_user))
    return export_list(fmt, "events", query, queries.SORTS, queries.PAGE_COLUMNS)


@bp.route("/new", methods=["GET", "POST"])
def create():
    if not any(can_write_hub(current_user, h) for h in ("welltech", "knic")):
        abort(403)
    form = EventForm(kind=request.args.get("kind"))
    _offer_writable_kinds(form)
    if form.is_submitted():
        event = run_form(form, lambda: services.create_event(current_user, form))
        if event is not None:
            flash(f"「{event.title}」を登録しました。", "success")
            return redirect(url_for(".show", event_id=event.id))
    return render_template("events/form.html", form=form, event=None), status_of(form)


@bp.get("/<int:event_id>")
def show(event_id: int):
    event = _event(event_id)
    talents, organizations = queries.attendees(event)
    return render_template(
        "events/show.html",
        event=event,
        talents=talents,
        organizations=organizations,
        can_see=can_see_talents(current_user),
        can_write=can_write_hub(current_user, event.hub),
        history=audit.history("event", event.id),
    )


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
def edit(event_id: int):
    event = _event(event_id)
    _require_writer(event.hub)
    form = EventForm(obj=event)
    _offer_writable_kinds(form)
    if form.is_submitted():
        saved = run_form(form, lambda: services.update_event(current_user, event, form))
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".show", event_id=event.id))
    return render_template("events/form.html", form=form, event=event), status_of(form)


@bp.post("/<int:event_id>/delete")
def delete(event_id: int):
    event = _event(event_id)
    services.delete_event(current_user, event)
    db.session.commit()
    flash(f"「{event.title}」を削除しました。管理者は元に戻せます。", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:event_id>/restore")
def restore(event_id: int):
    event = _event(event_id)
    services.restore_event(current_user, event)
    db.session.commit()
    flash(f"「{event.title}」を元に戻しました。", "success")
    return redirect(url_for(".show", event_id=event.id))


@bp.route("/<int:event_id>/roster", methods=["GET", "POST"])
def roster(event_id: int):
    """Pick many attendees at once; ?q= narrows the choices (the no-JavaScript search)."""
    event = _event(event_id)
    _require_writer(event.hub)
    form = RosterForm()
    if form.is_submitted():
        added = run_form(form, lambda: services.add_roster(current_user, event, form))
        if added is not None:
            flash(f"参加者を{len(added)}件追加しました。", "success")
            return redirect(url_for(".show", event_id=event.id))
    text = request.args.get("q", "").strip()
    show_talents = can_see_talents(current_user)
    return (
        render_template(
            "events/roster.html",
            event=event,
            form=form,
            q=text,
            talent_choices=queries.talent_choices(event, text) if show_talents else [],
            organization_choices=queries.organization_choices(event, text),
            show_talents=show_talents,
            limit=queries.ROSTER_LIMIT,
        ),
        status_of(form),
    )


@bp.post("/<int:event_id>/attendances/<int:attendance_id>/delete")
def remove_attendance(event_id: int, attendance_id: int):
    event = _event(event_id)
    attendance = db.session.get(Attendance, attendance_id)
    if attendance is None or attendance.event_id != event.id or attendance.is_deleted:
        abort(404)
    services.remove_attendance(current_user, attendance)
    db.session.commit()
    flash("参加記録を削除しました。", "success")
    return redirect(url_for(".show", event_id=event.id))

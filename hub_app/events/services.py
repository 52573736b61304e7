"""Writes on events and attendances; the event's hub decides who may write."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from hub_app.core import clock, records
from hub_app.core.enums import EVENT_KINDS, HUBS
from hub_app.core.errors import Conflict, ValidationFailed
from hub_app.core.forms import form_values, validate
from hub_app.core.permissions import can_see_talents, can_write_hub, is_admin, require
from hub_app.events.forms import AttendanceForm, EventForm, RosterForm, hub_of
from hub_app.events.models import Attendance, Event
from hub_app.extensions import db
from hub_app.knic.access import NO_TALENTS
from hub_app.knic.models import Talent
from hub_app.organizations.models import Organization

if TYPE_CHECKING:
    from hub_app.auth.models import User

NOT_HELD = "開催日({day})より前のため、参加を記録できません。開催後に記録してください。"


def _require_hub_writer(actor: User, hub: str) -> None:
    name = HUBS.get(hub, hub)
    require(
        can_write_hub(actor, hub),
        f"{name}の催しを登録・変更できるのは、管理者と{name}の職員だけです。",
    )


def _require_for_kind(actor: User, form: EventForm) -> None:
    """Permission before validation when the kind tells the hub, so refusals are 403s."""
    kind = form.kind.data
    if kind in EVENT_KINDS:
        _require_hub_writer(actor, hub_of(kind))
    else:
        require(any(can_write_hub(actor, hub) for hub in HUBS))


def _values(form: EventForm) -> dict[str, Any]:
    values = form_values(form)
    values["hub"] = hub_of(values["kind"])
    values["headcount"] = values.get("headcount") or 0
    for optional in ("venue", "summary", "ref"):
        values[optional] = (values.get(optional) or "").strip() or None
    return values


def create_event(actor: User, form: EventForm) -> Event:
    _require_for_kind(actor, form)
    validate(form)
    return records.create(actor, Event(**_values(form)))


def update_event(actor: User, event: Event, form: EventForm) -> dict:
    _require_hub_writer(actor, event.hub)
    _require_for_kind(actor, form)
    validate(form)
    values = _values(form)
    if event.attendances:
        if values["hub"] != event.hub:
            message = "参加者が記録されている催しは、別の拠点の種別に変更できません。"
            raise ValidationFailed(message, {"kind": [message]})
        if values["held_on"] > clock.today():
            message = "参加者が記録されている催しの開催日を未来の日付にはできません。"
            raise ValidationFailed(message, {"held_on": [message]})
    return records.update(actor, event, values)


def delete_event(actor: User, event: Event) -> None:
    _require_hub_writer(actor, event.hub)
    records.soft_delete(actor, event)


def restore_event(actor: User, event: Event) -> None:
    require(is_admin(actor), "削除した催しを元に戻せるのは管理者だけです。")
    records.restore(actor, event)


def _require_held(event: Event, field: str) -> None:
    if event.held_on > clock.today():
        message = NOT_HELD.format(day=event.held_on.isoformat())
        raise ValidationFailed(message, {field: [message]})


def _missing(model: type, ids: list[int], extra: Any = None) -> list[int]:
    query = select(model.id).where(model.id.in_(ids), model.deleted_at.is_(None))
    if extra is not None:
        query = query.where(extra)
    found = set(db.session.scalars(query))
    return [i for i in ids if i not in found]


def _already(event: Event, column: Any, ids: list[int]) -> list[int]:
    return list(
        db.session.scalars(
            select(column).where(
                Attendance.event_id == event.id,
                Attendance.deleted_at.is_(None),
                column.in_(ids),
            )
        )
    )


def add_attendees(
    actor: User,
    event: Event,
    talent_ids: list[int],
    organization_ids: list[int],
    fields: tuple[str, str] = ("talent_ids", "organization_ids"),
) -> list[Attendance]:
    """Record several attendees of one event: all of them, or none when any is refused."""
    _require_hub_writer(actor, event.hub)
    if talent_ids:
        require(can_see_talents(actor), NO_TALENTS)
    talent_field, organization_field = fields
    _require_held(event, talent_field if talent_ids else organization_field)
    errors: dict[str, list[str]] = {}
    unknown = _missing(Talent, talent_ids)
    if unknown:
        errors[talent_field] = [f"登録されていない人材のIDです: {', '.join(map(str, unknown))}"]
    unknown = _missing(Organization, organization_ids)
    if unknown:
        errors[organization_field] = [
            f"登録されていない企業・団体のIDです: {', '.join(map(str, unknown))}"
        ]
    if errors:
        raise ValidationFailed("参加者を確認してください。", errors)
    twice = _already(event, Attendance.talent_id, talent_ids)
    if twice:
        names = db.session.scalars(select(Talent.full_name).where(Talent.id.in_(twice)))
        message = f"すでに参加者として記録されています: {'、'.join(names)}"
        raise Conflict(message, {talent_field: [message]})
    twice = _already(event, Attendance.organization_id, organization_ids)
    if twice:
        names = db.session.scalars(select(Organization.name).where(Organization.id.in_(twice)))
        message = f"すでに参加者として記録されています: {'、'.join(names)}"
        raise Conflict(message, {organization_field: [message]})
    added = [
        records.create(actor, Attendance(event_id=event.id, talent_id=talent_id))
        for talent_id in talent_ids
    ]
    added += [
        records.create(actor, Attendance(event_id=event.id, organization_id=organization_id))
        for organization_id in organization_ids
    ]
    return added


def add_roster(actor: User, event: Event, form: RosterForm) -> list[Attendance]:
    _require_hub_writer(actor, event.hub)
    validate(form)
    return add_attendees(actor, event, form.talent_ids.data, form.organization_ids.data)


def create_attendance(actor: User, form: AttendanceForm) -> Attendance:
    """One attendance from the API or an import."""
    require(any(can_write_hub(actor, hub) for hub in HUBS))
    validate(form)
    values = form_values(form)
    event = db.session.get(Event, values["event_id"])
    if event is None or event.deleted_at is not None:
        message = f"ID {values['event_id']} の催しは登録されていません。"
        raise ValidationFailed(message, {"event_id": [message]})
    talent_id, organization_id = values.get("talent_id"), values.get("organization_id")
    (added,) = add_attendees(
        actor,
        event,
        [talent_id] if talent_id is not None else [],
        [organization_id] if organization_id is not None else [],
        fields=("talent_id", "organization_id"),
    )
    return added


def update_attendance(actor: User, attendance: Attendance, form: AttendanceForm) -> dict:
    """Attendances are added and removed, not edited: a change is a removal and a new one."""
    message = "参加記録は変更できません。削除してから登録し直してください。"
    raise ValidationFailed(message, {"event_id": [message]})


def remove_attendance(actor: User, attendance: Attendance) -> None:
    event = db.session.get(Event, attendance.event_id)
    _require_hub_writer(actor, event.hub if event else "knic")
    if attendance.talent_id is not None:
        require(can_see_talents(actor), NO_TALENTS)
    records.soft_delete(actor, attendance)

"""Writes on bookings: validate, check permission and references, hold the slot, apply.

Two people booking the same slot at the same moment must not both succeed, so the
overlap check and the write run under a lock on the facility:

- PostgreSQL: a transaction-scoped advisory lock per (hub, facility), taken before the
  check and released at commit or rollback. Only bookings of the same facility wait on
  each other. An exclusion constraint cannot do this, because whether a booking still
  holds its slot depends on other tables (its project cancelled, its evaluation deleted).
- SQLite: every writing request and CLI command begins with BEGIN IMMEDIATE
  (core.sqlite), so the whole check-then-write already runs under the database's one
  write lock; a second writer waits on busy_timeout and then sees the first booking.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text

from hub_app.bookings import queries
from hub_app.bookings.forms import BookingForm
from hub_app.bookings.models import Booking
from hub_app.core import records
from hub_app.core.datetimes import japanese_span
from hub_app.core.enums import FACILITIES, label
from hub_app.core.errors import Conflict, ValidationFailed
from hub_app.core.forms import form_values, validate
from hub_app.core.permissions import is_admin, require
from hub_app.extensions import db
from hub_app.welltech.common import (
    HUB,
    UNKNOWN_ORGANIZATION,
    UNKNOWN_PROJECT,
    UNKNOWN_STAFF,
    check_references,
    clean_text,
    organization_exists,
    project_exists,
    require_write,
    staff_exists,
)

if TYPE_CHECKING:
    from hub_app.auth.models import User

#: the first key of the advisory locks bookings take (the second names the facility)
LOCK_SPACE = 11_0001
UNKNOWN_EVALUATION = "指定された製品評価は登録されていません。"
OTHER_PROJECT = "製品評価のプロジェクトと、指定したプロジェクトが違います。"
CANCELLED_PROJECT = "中止したプロジェクトの予約は登録できません。"


def _evaluation(evaluation_id: int) -> Any:
    from hub_app.welltech.models import Evaluation, Project

    return db.session.scalar(
        select(Evaluation)
        .join(Project, Project.id == Evaluation.project_id)
        .where(
            Evaluation.id == evaluation_id,
            Evaluation.deleted_at.is_(None),
            Project.hub == HUB,
            Project.deleted_at.is_(None),
        )
    )


def _values(form: BookingForm, booking: Booking | None = None) -> dict[str, Any]:
    """The form's values, with its references checked: 422 on the field that names an
    unknown record. A booking made for an evaluation belongs to the evaluation's project."""
    values = form_values(form)
    values["hub"] = HUB
    values["title"] = values["title"].strip()
    clean_text(values, "notes")
    check_references(
        values,
        {
            "organization_id": (organization_exists, UNKNOWN_ORGANIZATION),
            "project_id": (project_exists, UNKNOWN_PROJECT),
            "staff_id": (staff_exists, UNKNOWN_STAFF),
        },
    )
    if values["evaluation_id"] is not None:
        evaluation = _evaluation(values["evaluation_id"])
        if evaluation is None:
            raise ValidationFailed(
                "入力内容に誤りがあります。", {"evaluation_id": [UNKNOWN_EVALUATION]}
            )
        if values["project_id"] not in (None, evaluation.project_id):
            raise ValidationFailed("入力内容に誤りがあります。", {"project_id": [OTHER_PROJECT]})
        values["project_id"] = evaluation.project_id
    changed_project = booking is None or values["project_id"] != booking.project_id
    if values["project_id"] is not None and changed_project:
        from hub_app.welltech.models import Project

        if db.session.get(Project, values["project_id"]).stage == "cancelled":
            raise ValidationFailed(
                "入力内容に誤りがあります。", {"project_id": [CANCELLED_PROJECT]}
            )
    return values


def lock_facility(hub: str, facility: str) -> None:
    """Serialise the writes on one facility's bookings until the transaction ends."""
    if db.session.get_bind().dialect.name != "postgresql":
        return  # SQLite: the request already holds the write lock (see the module's doc)
    key = zlib.crc32(f"{hub}:{facility}".encode()) - 2**31  # a signed 32-bit key
    db.session.execute(
        text("SELECT pg_advisory_xact_lock(:space, :key)"), {"space": LOCK_SPACE, "key": key}
    )


def ensure_free(
    hub: str, facility: str, starts_at: Any, ends_at: Any, exclude: int | None = None
) -> None:
    """Refuse (409) a slot that a live booking of the same facility holds, naming that one."""
    lock_facility(hub, facility)
    other = queries.in_the_way(hub, facility, starts_at, ends_at, exclude)
    if other is None:
        return
    message = (
        f"{label(FACILITIES, other.facility)}は {japanese_span(other.starts_at, other.ends_at)} に"
        f"「{other.title}」(予約ID {other.id})で予約済みです。"
        "時間帯か施設を変えてください(終了と開始が同じ時刻なら重なりません)。"
    )
    raise Conflict(message, {"starts_at": [message]})


def _ensure_free(values: dict[str, Any], exclude: int | None = None) -> None:
    ensure_free(values["hub"], values["facility"], values["starts_at"], values["ends_at"], exclude)


def create_booking(actor: User, form: BookingForm) -> Booking:
    require_write(actor)
    validate(form)
    values = _values(form)
    _ensure_free(values)
    return records.create(actor, Booking(**values))


def update_booking(actor: User, booking: Booking, form: BookingForm) -> dict[str, list[Any]]:
    require_write(actor)
    validate(form)
    values = _values(form, booking)
    _ensure_free(values, exclude=booking.id)
    return records.update(actor, booking, values)


def delete_booking(actor: User, booking: Booking) -> None:
    require_write(actor)
    records.soft_delete(actor, booking)


def restore_booking(actor: User, booking: Booking) -> None:
    """Back in the calendar, unless another booking took its slot meanwhile (409)."""
    require(is_admin(actor), "削除した予約を元に戻せるのは管理者だけです。")
    if booking.deleted_at is not None:
        ensure_free(booking.hub, booking.facility, booking.starts_at, booking.ends_at, booking.id)
    records.restore(actor, booking)

"""Writes on consultations: validate → permission → apply → audit → flush.

Closing and reopening are updates of the same record through the same form, so the
rule closed_on ≥ opened_on holds whichever way a case gets closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from hub_app.consultations import hubs
from hub_app.consultations.forms import ActivityForm, CloseForm, ConsultationForm
from hub_app.core import records
from hub_app.core.errors import ValidationFailed
from hub_app.core.forms import form_from_mapping, form_values, record_values, validate
from hub_app.core.permissions import is_admin, require
from hub_app.extensions import db
from hub_app.welltech.common import (
    UNKNOWN_ORGANIZATION,
    UNKNOWN_PROJECT,
    check_references,
    clean_text,
    organization_exists,
    project_exists,
    staff_exists,
)
from hub_app.welltech.models import Consultation, ConsultationActivity

if TYPE_CHECKING:
    from hub_app.auth.models import User

UNKNOWN_MATCHING = "指定されたマッチングはK-NICに登録されていません。"
PROJECT_IS_WELLTECHS = "関連プロジェクトはウェルテックの相談にだけ指定できます。"
MATCHING_IS_KNICS = "関連マッチングはK-NICの相談にだけ指定できます。"
HUB_IS_FIXED = "登録済みの相談の拠点は変更できません。"


def matching_exists(matching_id: int) -> bool:
    from hub_app.knic.models import Matching

    found = db.session.scalar(
        select(Matching.id)
        .where(Matching.id == matching_id, Matching.hub == "knic", Matching.deleted_at.is_(None))
        .limit(1)
    )
    return found is not None


def _refuse(field: str, message: str) -> None:
    raise ValidationFailed("入力内容に誤りがあります。", {field: [message]})


def hub_of(form: ConsultationForm, page_hub: str | None = None) -> str:
    """The hub a new case belongs to: the page's, else the one sent, else Welltech."""
    given = (form.hub.data or "").strip()
    if page_hub and given and given != page_hub:
        _refuse("hub", f"この画面では{hubs.HUBS[page_hub].name}の相談を登録します。")
    return page_hub or given or hubs.DEFAULT_HUB


def _values(form: ConsultationForm, hub: str) -> dict[str, Any]:
    values = form_values(form)
    values["hub"] = hub
    values["title"] = values["title"].strip()
    clean_text(values, "summary", "ref", "next_action")
    if values["status"] == "open":
        values["closed_on"] = None
    link = hubs.HUBS[hub].link
    if link != "project" and values.get("project_id") is not None:
        _refuse("project_id", PROJECT_IS_WELLTECHS)
    if link != "matching" and values.get("matching_id") is not None:
        _refuse("matching_id", MATCHING_IS_KNICS)
    check_references(
        values,
        {
            "organization_id": (organization_exists, UNKNOWN_ORGANIZATION),
            "staff_id": (lambda i: staff_exists(i, hub), hubs.HUBS[hub].unknown_staff),
            "project_id": (project_exists, UNKNOWN_PROJECT),
            "matching_id": (matching_exists, UNKNOWN_MATCHING),
        },
        scope=hub,
    )
    return values


def _check_write(actor: User, hub: str) -> None:
    """403 before any 422: the hub's writers only, whatever else is wrong with the form."""
    if hub in hubs.HUBS:
        hubs.require_write(actor, hub)
    else:
        hubs.require_any_write(actor)


def create_consultation(
    actor: User, form: ConsultationForm, page_hub: str | None = None
) -> Consultation:
    """A case of `page_hub` (a hub's page), or of the hub the form names (API, import)."""
    hub = hub_of(form, page_hub)
    _check_write(actor, hub)
    validate(form)
    return records.create(actor, Consultation(**_values(form, hub)))


def update_consultation(
    actor: User, consultation: Consultation, form: ConsultationForm
) -> dict[str, list[Any]]:
    hubs.require_write(actor, consultation.hub)
    validate(form)
    given = (form.hub.data or "").strip()
    if given and given != consultation.hub:
        _refuse("hub", HUB_IS_FIXED)
    return records.update(actor, consultation, _values(form, consultation.hub))


def close_consultation(actor: User, consultation: Consultation, form: CloseForm) -> dict:
    """Close with a date, checked by the consultation's own form (closed_on ≥ opened_on)."""
    hubs.require_write(actor, consultation.hub)
    validate(form)
    return _change_status(actor, consultation, "closed", form.closed_on.data.isoformat())


def reopen_consultation(actor: User, consultation: Consultation) -> dict:
    hubs.require_write(actor, consultation.hub)
    return _change_status(actor, consultation, "open", None)


def _change_status(
    actor: User, consultation: Consultation, status: str, closed_on: str | None
) -> dict:
    full = form_from_mapping(
        ConsultationForm,
        {"status": status, "closed_on": closed_on},
        base=record_values(consultation, ConsultationForm),
    )
    return update_consultation(actor, consultation, full)


def delete_consultation(actor: User, consultation: Consultation) -> None:
    hubs.require_write(actor, consultation.hub)
    records.soft_delete(actor, consultation)


def restore_consultation(actor: User, consultation: Consultation) -> None:
    require(is_admin(actor), "削除した記録を元に戻せるのは管理者だけです。")
    records.restore(actor, consultation)


def add_activity(
    actor: User, consultation: Consultation, form: ActivityForm
) -> ConsultationActivity:
    """Append to the timeline; an entry cannot predate the case itself."""
    hubs.require_write(actor, consultation.hub)
    validate(form)
    if form.occurred_on.data < consultation.opened_on:
        message = "対応日は相談の受付日以降の日付にしてください。"
        raise ValidationFailed("入力内容に誤りがあります。", {"occurred_on": [message]})
    activity = ConsultationActivity(
        consultation_id=consultation.id,
        occurred_on=form.occurred_on.data,
        notes=form.notes.data.strip(),
        user_id=actor.id if actor else None,
    )
    records.create(actor, activity)
    consultation.activities.append(activity)
    return activity


def delete_activity(actor: User, activity: ConsultationActivity) -> None:
    """Remove a mistaken timeline entry; it stays in the audit log."""
    hubs.require_write(actor, activity.consultation.hub)
    records.soft_delete(actor, activity)

"""Writes on consultations: validate → permission → apply → audit → flush.

Closing and reopening are updates of the same record through the same form, so the
rule closed_on ≥ opened_on holds whichever way a case gets closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hub_app.core import records
from hub_app.core.errors import ValidationFailed
from hub_app.core.forms import form_from_mapping, form_values, record_values, validate
from hub_app.core.permissions import is_admin, require
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
from hub_app.welltech.consultations.forms import ActivityForm, CloseForm, ConsultationForm
from hub_app.welltech.models import Consultation, ConsultationActivity

if TYPE_CHECKING:
    from hub_app.auth.models import User


def _values(form: ConsultationForm) -> dict[str, Any]:
    values = form_values(form)
    values["hub"] = HUB
    values["title"] = values["title"].strip()
    clean_text(values, "summary", "ref", "next_action")
    if values["status"] == "open":
        values["closed_on"] = None
    check_references(
        values,
        {
            "organization_id": (organization_exists, UNKNOWN_ORGANIZATION),
            "staff_id": (staff_exists, UNKNOWN_STAFF),
            "project_id": (project_exists, UNKNOWN_PROJECT),
        },
    )
    return values


def create_consultation(actor: User, form: ConsultationForm) -> Consultation:
    require_write(actor)
    validate(form)
    return records.create(actor, Consultation(**_values(form)))


def update_consultation(
    actor: User, consultation: Consultation, form: ConsultationForm
) -> dict[str, list[Any]]:
    require_write(actor)
    validate(form)
    return records.update(actor, consultation, _values(form))


def close_consultation(actor: User, consultation: Consultation, form: CloseForm) -> dict:
    """Close with a date, checked by the consultation's own form (closed_on ≥ opened_on)."""
    require_write(actor)
    validate(form)
    return _change_status(actor, consultation, "closed", form.closed_on.data.isoformat())


def reopen_consultation(actor: User, consultation: Consultation) -> dict:
    require_write(actor)
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
    require_write(actor)
    records.soft_delete(actor, consultation)


def restore_consultation(actor: User, consultation: Consultation) -> None:
    require(is_admin(actor), "削除した記録を元に戻せるのは管理者だけです。")
    records.restore(actor, consultation)


def add_activity(
    actor: User, consultation: Consultation, form: ActivityForm
) -> ConsultationActivity:
    """Append to the timeline; an entry cannot predate the case itself."""
    require_write(actor)
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
    require_write(actor)
    records.soft_delete(actor, activity)

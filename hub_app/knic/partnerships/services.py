"""Writes on partnerships (counted by knic.partnerships in the fiscal year of concluded_on)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hub_app.core import records
from hub_app.core.forms import form_values, validate
from hub_app.core.permissions import is_admin, require
from hub_app.knic.access import require_knic_writer
from hub_app.knic.models import Partnership
from hub_app.knic.partnerships.forms import PartnershipForm
from hub_app.knic.talents.services import check_organization

if TYPE_CHECKING:
    from hub_app.auth.models import User


def _values(form: PartnershipForm) -> dict[str, Any]:
    values = form_values(form)
    values["hub"] = "knic"
    values["summary"] = (values.get("summary") or "").strip() or None
    values["ref"] = (values.get("ref") or "").strip() or None
    return values


def create_partnership(actor: User, form: PartnershipForm) -> Partnership:
    require_knic_writer(actor)
    validate(form)
    values = _values(form)
    check_organization("organization_id", values["organization_id"])
    return records.create(actor, Partnership(**values))


def update_partnership(actor: User, partnership: Partnership, form: PartnershipForm) -> dict:
    require_knic_writer(actor)
    validate(form)
    values = _values(form)
    if values["organization_id"] != partnership.organization_id:
        check_organization("organization_id", values["organization_id"])
    return records.update(actor, partnership, values)


def delete_partnership(actor: User, partnership: Partnership) -> None:
    require_knic_writer(actor)
    records.soft_delete(actor, partnership)


def restore_partnership(actor: User, partnership: Partnership) -> None:
    require(is_admin(actor), "削除した連携を元に戻せるのは管理者だけです。")
    records.restore(actor, partnership)

"""Entered KPI figures (手入力, DESIGN §10): the one write path for the page, API and import.

Only KPIs without a measure take them: a figure counted from records is never typed in.
Managers and admins enter them with their source; a closed year refuses them like any
record of that year (core.records checks the lock); an evidence file follows Welltech's
attachment rules (allow-listed types checked by content, random stored names).
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from sqlalchemy import select

from hub_app.core import records
from hub_app.core.errors import Conflict, ValidationFailed
from hub_app.core.fiscal import fiscal_year_label
from hub_app.core.forms import validate
from hub_app.core.permissions import can_manage_plans, require
from hub_app.extensions import db
from hub_app.kpi.forms import KpiValueForm
from hub_app.kpi.models import Kpi, KpiValue
from hub_app.welltech.attachments import services as attachments
from hub_app.welltech.models import Attachment

if TYPE_CHECKING:
    from hub_app.auth.models import User

MANAGERS_ONLY = "実績を入力できるのは管理職と管理者だけです。"
EVIDENCE_OWNER = "kpi_value"


def value_of(kpi: Kpi, year: int) -> KpiValue | None:
    return db.session.scalar(
        select(KpiValue).where(
            KpiValue.kpi_id == kpi.id, KpiValue.year == year, KpiValue.deleted_at.is_(None)
        )
    )


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        message = "年は2000〜2100の西暦で指定してください。"
        raise ValidationFailed("年が正しくありません。", {"year": [message]})


def set_value(
    actor: User,
    kpi: Kpi,
    year: int,
    form: KpiValueForm,
    evidence: tuple[str | None, IO[bytes] | None] | None = None,
) -> KpiValue:
    """Create or change the entered actual of `kpi` for period year `year`."""
    require(can_manage_plans(actor), MANAGERS_ONLY)
    if not kpi.is_entered:
        message = "このKPIは記録から自動で集計するため、実績を入力できません。"
        raise Conflict(message, {"actual": [message]})
    check_year(year)
    validate(form)
    values = {"actual": form.actual.data, "source": form.source.data.strip()}
    value = value_of(kpi, year)
    note = f"{kpi.code} {fiscal_year_label(year)}"
    if value is None:
        value = KpiValue(kpi_id=kpi.id, year=year, **values)
        value.kpi = kpi
        records.create(actor, value, note=note)
    else:
        records.update(actor, value, values, note=note)
    if evidence is not None and evidence[0]:
        attachment = attachments.store(actor, EVIDENCE_OWNER, value.id, *evidence)
        records.update(actor, value, {"evidence_id": attachment.id}, note=note)
    return value


def evidence_of(value: KpiValue) -> Attachment | None:
    if value.evidence_id is None:
        return None
    attachment = db.session.get(Attachment, value.evidence_id)
    if attachment is None or attachment.deleted_at is not None:
        return None
    return attachment

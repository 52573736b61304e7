"""The registry check (DESIGN §11): our organisations whose NTA record says they closed,
were merged into a successor, or carry another name, and the update that takes it in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from hub_app.core import audit
from hub_app.core.enums import CORPORATION_CLOSE_CAUSES, label
from hub_app.core.errors import ValidationFailed
from hub_app.core.folding import fold
from hub_app.core.forms import form_from_mapping, record_values
from hub_app.core.models import utcnow
from hub_app.core.permissions import can_write_registry, require
from hub_app.extensions import db
from hub_app.organizations import services
from hub_app.organizations.forms import OrganizationForm
from hub_app.organizations.models import Organization
from hub_app.registry.corporations import by_numbers
from hub_app.registry.models import Corporation

if TYPE_CHECKING:
    from hub_app.auth.models import User

CLOSED, MERGED, RENAMED = "closed", "merged", "renamed"
KINDS = {CLOSED: "閉鎖", MERGED: "合併により閉鎖", RENAMED: "名称の変更"}
NOTE = "法人番号公表サイトのデータで更新"


@dataclass
class Finding:
    organization: Organization
    corporation: Corporation
    kind: str
    successor: Corporation | None = None
    #: the successor as registered with us: the merge the page links to
    successor_organization: Organization | None = None

    @property
    def label(self) -> str:
        return KINDS[self.kind]


def _kind(organization: Organization, corporation: Corporation) -> str | None:
    if corporation.successor_corporate_number:
        return MERGED
    if corporation.closed:
        return CLOSED
    if fold(organization.name) != corporation.name_fold:
        return RENAMED
    return None


def _taken_in(organization: Organization, corporation: Corporation) -> bool:
    """The registry check already applied this NTA record (nothing newer came since)."""
    checked = organization.nta_checked_at
    return bool(checked and corporation.update_date and checked.date() >= corporation.update_date)


def findings() -> list[Finding]:
    """Every live organisation whose corporation's NTA record needs a look, by kana."""
    pairs = db.session.execute(
        select(Organization, Corporation)
        .join(Corporation, Corporation.corporate_number == Organization.corporate_number)
        .where(Organization.deleted_at.is_(None))
        .order_by(Organization.name_key, Organization.id)
    )
    found = []
    for organization, corporation in pairs:
        kind = _kind(organization, corporation)
        if kind is not None and not _taken_in(organization, corporation):
            found.append(Finding(organization, corporation, kind))
    numbers = [f.corporation.successor_corporate_number for f in found if f.kind == MERGED]
    successors = by_numbers(numbers)
    ours = (
        {
            o.corporate_number: o
            for o in db.session.scalars(
                select(Organization).where(
                    Organization.deleted_at.is_(None), Organization.corporate_number.in_(numbers)
                )
            )
        }
        if numbers
        else {}
    )
    for finding in found:
        number = finding.corporation.successor_corporate_number
        if number:
            finding.successor = successors.get(number)
            finding.successor_organization = ours.get(number)
    return found


def _closure_line(corporation: Corporation, successor: Corporation | None) -> str:
    when = corporation.close_date.isoformat() if corporation.close_date else "日付不明"
    cause = label(CORPORATION_CLOSE_CAUSES, corporation.close_cause) or "閉鎖"
    line = f"【法人番号公表サイト】{when} 登記記録の閉鎖({cause})"
    number = corporation.successor_corporate_number
    if number:
        name = successor.name if successor is not None else "未登録の法人"
        line += f"。承継先: {name}(法人番号 {number})"
    return line


def apply_nta(actor: User, organization: Organization) -> dict:
    """Take the NTA record into the organisation: its registered name where ours differs,
    its kana and address, and a dated line in the notes for a closure or merger."""
    require(can_write_registry(actor))
    corporation = (
        db.session.get(Corporation, organization.corporate_number)
        if organization.corporate_number
        else None
    )
    if corporation is None or organization.is_deleted:
        message = "この企業・団体の法人番号は法人番号公表サイトのデータにありません。"
        raise ValidationFailed(message, {"corporate_number": [message]})
    values = record_values(organization, OrganizationForm)
    if fold(organization.name) != corporation.name_fold:
        values["name"] = corporation.name
    values["name_kana"] = corporation.furigana or values["name_kana"]
    values["address"] = corporation.address or values["address"]
    if corporation.closed or corporation.successor_corporate_number:
        successor = by_numbers([corporation.successor_corporate_number or ""]).get(
            corporation.successor_corporate_number or ""
        )
        line = _closure_line(corporation, successor)
        notes = values.get("notes") or ""
        if line not in notes:
            values["notes"] = f"{notes}\n{line}".strip()
    with audit.noting(NOTE):
        changes = services.update_organization(
            actor, organization, form_from_mapping(OrganizationForm, values)
        )
    organization.nta_checked_at = utcnow()
    db.session.flush()
    return changes

"""Merging a duplicate organisation into the one kept (DESIGN §11).

The preview and the merge walk the same references (registry.references), so what the
preview counts is what moves. One service function does the whole merge inside the
caller's transaction: a refusal (a closed fiscal year, a duplicate) rolls all of it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, select, update

from hub_app.core import audit, records
from hub_app.core.audit_display import entity_label, field_label, value_label
from hub_app.core.enums import MATCHING_CLOSED_STAGES
from hub_app.core.errors import Conflict, ValidationFailed
from hub_app.core.forms import form_from_mapping, record_values
from hub_app.core.permissions import is_admin, require
from hub_app.events.models import Attendance
from hub_app.extensions import db
from hub_app.knic.models import Matching
from hub_app.organizations import services
from hub_app.organizations.forms import OrganizationForm
from hub_app.organizations.models import Organization
from hub_app.registry.references import Reference, organization_columns, organization_references

if TYPE_CHECKING:
    from hub_app.auth.models import User

#: the fields the admin chooses between, in the form's order
FIELDS = [name for name in Organization.audited_fields if name != "merged_into_id"]
KEEP, TAKE = "into", "from"


@dataclass
class Moving:
    """The records of one reference that will name the survivor."""

    label: str
    count: int


@dataclass
class Clash:
    """A pair that would become a duplicate, and what the merge does about it."""

    kind: str
    text: str
    resolution: str
    #: for open matchings: the two matchings, of which the admin keeps one open
    choices: list[Any] = field(default_factory=list)
    key: int | None = None


@dataclass
class Preview:
    source: Organization
    target: Organization
    moving: list[Moving]
    conflicts: list[Clash]
    #: (field, label, survivor's value, merged one's value as shown, default choice)
    fields: list[tuple[str, str, Any, Any, str]]
    #: why the merge would be refused (records in a closed fiscal year)
    blockers: list[str]

    @property
    def total(self) -> int:
        return sum(m.count for m in self.moving)


def _label(reference: Reference) -> str:
    if reference.model is None:
        owner = reference.owner_model.audit_name
        return f"{entity_label(owner)}({field_label(owner, 'partner_ids')})"
    entity = reference.model.audit_name
    if reference.column.name == "organization_id" or not entity:
        return entity_label(entity) or reference.table.name
    return f"{entity_label(entity)}({field_label(entity, reference.column.name)})"


def _rows(reference: Reference, organization_id: int) -> list[Any]:
    """The records (or, for a link table, the owning records) naming the organisation."""
    if reference.model is None:
        owners = select(reference.owner_column).where(reference.column == organization_id)
        model = reference.owner_model
        return list(db.session.scalars(select(model).where(model.id.in_(owners))))
    model = reference.model
    return list(
        db.session.scalars(
            select(model).where(getattr(model, reference.column.key) == organization_id)
        )
    )


def _attendance_conflicts(source: Organization, target: Organization) -> list[Attendance]:
    """The merged one's attendances at events the survivor attended too."""
    theirs = select(Attendance.event_id).where(
        Attendance.organization_id == target.id, Attendance.deleted_at.is_(None)
    )
    return list(
        db.session.scalars(
            select(Attendance).where(
                Attendance.organization_id == source.id,
                Attendance.deleted_at.is_(None),
                Attendance.event_id.in_(theirs),
            )
        )
    )


def _open(model: Any) -> Any:
    return and_(model.deleted_at.is_(None), model.stage.not_in(MATCHING_CLOSED_STAGES))


def _matching_conflicts(source: Organization, target: Organization) -> list[tuple[Any, Any]]:
    """(survivor's, merged one's) open matchings of one talent: only one may stay open."""
    pairs = []
    mine = db.session.scalars(
        select(Matching).where(Matching.organization_id == source.id, _open(Matching))
    )
    for matching in mine:
        other = db.session.scalars(
            select(Matching).where(
                Matching.organization_id == target.id,
                Matching.talent_id == matching.talent_id,
                _open(Matching),
            )
        ).first()
        if other is not None:
            pairs.append((other, matching))
    return pairs


def _partner_conflicts(source: Organization, target: Organization) -> list[Any]:
    """Projects where both take part: one as partner, the other as partner or lead."""
    from hub_app.welltech.models import Project, project_partners

    partner_of = select(project_partners.c.project_id).where(
        project_partners.c.organization_id == source.id
    )
    target_partner = select(project_partners.c.project_id).where(
        project_partners.c.organization_id == target.id
    )
    return list(
        db.session.scalars(
            select(Project).where(
                (Project.id.in_(partner_of) & Project.id.in_(target_partner))
                | (Project.id.in_(partner_of) & (Project.lead_organization_id == target.id))
                | (Project.id.in_(target_partner) & (Project.lead_organization_id == source.id))
            )
        )
    )


def _default_choice(name: str, kept: Any, merged: Any) -> str:
    """The survivor's value, unless it has none and the merged one has."""
    empty = kept in (None, "", [], False)
    return TAKE if empty and merged not in (None, "", [], False) else KEEP


def _blockers(source: Organization) -> list[str]:
    found = []
    for reference in organization_references():
        for record in _rows(reference, source.id):
            try:
                records.ensure_open(record)
            except Conflict as refusal:
                found.append(
                    f"{_label(reference)} #{record.id}: {refusal.errors['fiscal_year'][0]}"
                )
    return found


def _refuse_pair(source: Organization, target: Organization) -> None:
    if source.id == target.id:
        message = "同じ企業・団体には統合できません。別の企業・団体を選んでください。"
        raise ValidationFailed(message, {"into": [message]})
    if target.is_deleted:
        message = f"統合先「{target.name}」は削除されています。"
        raise ValidationFailed(message, {"into": [message]})
    if source.is_deleted:
        message = f"「{source.name}」は削除されているため統合できません。"
        raise ValidationFailed(message, {"_": [message]})


def preview(actor: User, source: Organization, target: Organization) -> Preview:
    """What merging `source` into `target` would move, drop and decide."""
    require(is_admin(actor), "企業・団体を統合できるのは管理者だけです。")
    _refuse_pair(source, target)
    moving = []
    for reference in organization_references():
        count = db.session.scalar(
            select(func.count()).select_from(reference.table).where(reference.column == source.id)
        )
        if count:
            moving.append(Moving(_label(reference), count))
    conflicts = [
        Clash(
            "attendance",
            f"イベント「{a.event.title}」({a.event.held_on})に両方が参加",
            "統合される側の参加を削除し、1件にまとめます",
        )
        for a in _attendance_conflicts(source, target)
    ]
    conflicts += [
        Clash(
            "partner",
            f"プロジェクト「{p.title}」に両方が主体企業・連携先として参加",
            "連携先から統合される側を外します",
        )
        for p in _partner_conflicts(source, target)
    ]
    conflicts += [
        Clash(
            "matching",
            f"人材 #{kept.talent_id} の進行中のマッチングが両方にある",
            "選んだ1件を残し、もう1件は成立済みなら「終了」に、未成立なら削除します",
            choices=[kept, merged],
            key=kept.talent_id,
        )
        for kept, merged in _matching_conflicts(source, target)
    ]
    fields = [
        (
            name,
            OrganizationForm.__dict__[name].args[0],
            value_label("organization", name, getattr(target, name)),
            value_label("organization", name, getattr(source, name)),
            _default_choice(name, getattr(target, name), getattr(source, name)),
        )
        for name in FIELDS
    ]
    return Preview(source, target, moving, conflicts, fields, _blockers(source))


def _close_duplicate(actor: User, matching: Matching, note: str) -> None:
    """An agreed matching stays counted (ended, same agreed_on); a pending one goes."""
    if matching.stage == "agreed":
        records.update(actor, matching, {"stage": "ended"}, note)
    else:
        records.soft_delete(actor, matching, note)


def _drop_partners(actor: User, source: Organization, target: Organization, note: str) -> None:
    """Where both take part in one project, the merged one leaves its partners, and the
    survivor does too where the merged one led it (a lead is never also a partner)."""
    for project in _partner_conflicts(source, target):
        leaving = {source.id}
        if project.lead_organization_id == source.id:
            leaving = {target.id}
        partners = [o for o in project.partners if o.id not in leaving]
        records.update(actor, project, {"partners": partners}, note)


def _resolve_conflicts(
    actor: User, source: Organization, target: Organization, keep: Mapping[int, int], note: str
) -> None:
    _drop_partners(actor, source, target, note)
    for attendance in _attendance_conflicts(source, target):
        records.soft_delete(actor, attendance, note)
    for kept, merged in _matching_conflicts(source, target):
        chosen = keep.get(kept.talent_id, kept.id)
        if chosen not in (kept.id, merged.id):
            message = f"人材 #{kept.talent_id} で残すマッチングを選んでください。"
            raise ValidationFailed(message, {f"keep_{kept.talent_id}": [message]})
        _close_duplicate(actor, merged if chosen == kept.id else kept, note)
    db.session.flush()


def _repoint_link(
    actor: User, reference: Reference, source: Organization, target: Organization, note: str
) -> int:
    """Move a link table's rows (project partners), auditing each owning record."""
    owners = _rows(reference, source.id)
    for owner in owners:
        records.ensure_open(owner)
        before = owner.snapshot()
        taken = {getattr(owner, c.key) for c in organization_columns(type(owner))}
        already = db.session.scalar(
            select(func.count())
            .select_from(reference.table)
            .where(reference.owner_column == owner.id, reference.column == target.id)
        )
        mine = and_(reference.owner_column == owner.id, reference.column == source.id)
        if already or target.id in taken:
            db.session.execute(delete(reference.table).where(mine))
        else:
            db.session.execute(
                update(reference.table).where(mine).values({reference.column.name: target.id})
            )
        db.session.expire(owner)
        changes = audit.diff(before, owner.snapshot())
        if changes:
            audit.write("update", actor, owner.audit_name, owner.id, changes, note)
    return len(owners)


def _survivor_values(
    source: Organization, target: Organization, choices: Mapping[str, str]
) -> dict[str, Any]:
    kept, merged = record_values(target, OrganizationForm), record_values(source, OrganizationForm)
    values = {}
    for name in FIELDS:
        choice = choices.get(name) or _default_choice(name, kept[name], merged[name])
        if choice not in (KEEP, TAKE):
            message = f"{name} は into か from で指定してください。"
            raise ValidationFailed(message, {f"fields.{name}": [message]})
        values[name] = merged[name] if choice == TAKE else kept[name]
    return values


def merge_organizations(
    actor: User,
    source: Organization,
    target: Organization,
    choices: Mapping[str, str] | None = None,
    keep_matchings: Mapping[int, int] | None = None,
) -> Organization:
    """Merge `source` into `target`: every reference moves, one audit row per moved record,
    duplicates resolved as the preview said, `source` soft-deleted with `merged_into_id`.

    `choices` picks, per field, the survivor's value (into) or the merged one's (from);
    absent fields take the preview's default. `keep_matchings` maps a talent to the open
    matching that stays open where both had one.
    """
    require(is_admin(actor), "企業・団体を統合できるのは管理者だけです。")
    _refuse_pair(source, target)
    unknown = set(choices or {}) - set(FIELDS)
    if unknown:
        raise ValidationFailed(
            "選べない項目があります。", {f"fields.{n}": ["この項目は選べません。"] for n in unknown}
        )
    values = _survivor_values(source, target, choices or {})
    note = (
        f"企業・団体の統合: 「{source.name}」(ID {source.id}) → 「{target.name}」(ID {target.id})"
    )
    _resolve_conflicts(actor, source, target, keep_matchings or {}, note)
    for reference in organization_references():
        if reference.model is None:
            _repoint_link(actor, reference, source, target, note)
            continue
        for record in _rows(reference, source.id):
            if record is source:
                continue
            records.update(actor, record, {reference.column.key: target.id}, note)
    records.update(actor, source, {"merged_into_id": target.id}, note)
    records.soft_delete(actor, source, note)
    with audit.noting(note):
        services.update_organization(actor, target, form_from_mapping(OrganizationForm, values))
    return target


def merged_away(organization_id: int) -> tuple[Organization | None, Organization | None]:
    """(the organisation, the survivor it was merged into) when it was merged; the survivor
    is the end of the merged_into chain, as a survivor may itself be merged later."""
    organization = db.session.get(Organization, organization_id)
    if organization is None or organization.merged_into_id is None:
        return organization, None
    seen = {organization.id}
    current = organization
    while current.merged_into_id is not None and current.merged_into_id not in seen:
        seen.add(current.merged_into_id)
        current = db.session.get(Organization, current.merged_into_id)
    return organization, current


def candidates(source: Organization, typed: str, limit: int = 20) -> list[Organization]:
    """Organisations to keep instead of `source`: those matching what was typed, or,
    before anything is typed, those whose name begins like its own."""
    from hub_app.organizations.queries import list_query

    typed = typed.strip() or source.name_key[:2]
    query = list_query({"q": typed}).where(Organization.id != source.id)
    return list(db.session.scalars(query.order_by(Organization.name_key).limit(limit)))

"""Writes on matchings: the pipeline's rules beyond one form (existence, one open pair)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from hub_app.auth.models import User
from hub_app.core import clock, records
from hub_app.core.enums import MATCHING_CLOSED_STAGES, MATCHING_STAGES
from hub_app.core.errors import Conflict, ValidationFailed
from hub_app.core.forms import form_from_mapping, form_values, record_values, validate
from hub_app.core.permissions import can_see_talents, is_admin, require
from hub_app.extensions import db
from hub_app.knic.access import NO_TALENTS, require_knic_writer
from hub_app.knic.matchings.forms import STAGE_DATES, MatchingForm, MoveForm
from hub_app.knic.models import Matching, Talent
from hub_app.knic.talents.services import check_organization


def _require_writer(actor: User) -> None:
    require_knic_writer(actor)
    require(can_see_talents(actor), NO_TALENTS)


def _check_talent(talent_id: int) -> None:
    talent = db.session.get(Talent, talent_id)
    if talent is None or talent.deleted_at is not None:
        message = f"ID {talent_id} の人材は登録されていません。"
        raise ValidationFailed(message, {"talent_id": [message]})
    if talent.anonymized_at is not None:
        message = "匿名化された人材は新しいマッチングに使えません。"
        raise ValidationFailed(message, {"talent_id": [message]})


def _check_coordinator(user_id: int | None) -> None:
    if user_id is not None and db.session.get(User, user_id) is None:
        message = f"ID {user_id} の利用者は登録されていません。"
        raise ValidationFailed(message, {"coordinator_id": [message]})


def open_matching(talent_id: int, organization_id: int, exclude_id: int | None = None):
    """The pair's matching still in the pipeline (not declined or ended), if any."""
    query = select(Matching).where(
        Matching.talent_id == talent_id,
        Matching.organization_id == organization_id,
        Matching.deleted_at.is_(None),
        Matching.stage.not_in(MATCHING_CLOSED_STAGES),
    )
    if exclude_id is not None:
        query = query.where(Matching.id != exclude_id)
    return db.session.scalars(query.limit(1)).first()


def _refuse_second_open(values: dict[str, Any], exclude_id: int | None = None) -> None:
    if values["stage"] in MATCHING_CLOSED_STAGES:
        return
    existing = open_matching(values["talent_id"], values["organization_id"], exclude_id)
    if existing is not None:
        message = (
            "この人材とこの企業・団体の組み合わせには進行中のマッチング"
            f"(ID {existing.id}、{MATCHING_STAGES[existing.stage]})がすでにあります。"
            "そちらを更新するか、不成立・終了にしてから登録してください。"
        )
        raise Conflict(message, {"talent_id": [message]})


def _values(form: MatchingForm) -> dict[str, Any]:
    values = form_values(form)
    values["hub"] = "knic"
    for optional in ("role", "notes", "ref", "compensation", "next_action"):
        values[optional] = values.get(optional) or None
    return values


def sync_talent_status(actor: User | None, talent_id: int) -> None:
    """A talent is matched while one of their matchings is agreed, active again when none
    is; the change is audited on the talent, in the matching's transaction.

    inactive was set by hand (the person paused or left the programme) and stays, whatever
    the matchings do: only a coordinator takes a person back.
    """
    talent = db.session.get(Talent, talent_id)
    if talent is None or talent.deleted_at is not None or talent.status == "inactive":
        return
    agreed = db.session.scalar(
        select(Matching.id)
        .where(
            Matching.talent_id == talent_id,
            Matching.stage == "agreed",
            Matching.deleted_at.is_(None),
        )
        .limit(1)
    )
    wanted = "matched" if agreed is not None else "active"
    if talent.status != wanted:
        records.update(actor, talent, {"status": wanted}, "マッチングの段階に合わせて更新")


def create_matching(actor: User, form: MatchingForm) -> Matching:
    _require_writer(actor)
    validate(form)
    values = _values(form)
    # left out, the proposal is dated no later than the first step given: today's date
    # after an introduction of last month would refuse every later edit of the matching
    given = [values.get(name) for name in ("introduced_on", "agreed_on", "ended_on")]
    values["proposed_on"] = values.get("proposed_on") or min(
        [clock.today(), *(day for day in given if day is not None)]
    )
    if values.get("coordinator_id") is None and not is_admin(actor):
        values["coordinator_id"] = actor.id
    _check_talent(values["talent_id"])
    check_organization("organization_id", values["organization_id"])
    _check_coordinator(values.get("coordinator_id"))
    _refuse_second_open(values)
    matching = Matching(**values)
    records.create(actor, matching)
    sync_talent_status(actor, matching.talent_id)
    return matching


def update_matching(actor: User, matching: Matching, form: MatchingForm) -> dict:
    _require_writer(actor)
    validate(form)
    values = _values(form)
    if values["talent_id"] != matching.talent_id:
        _check_talent(values["talent_id"])
    if values["organization_id"] != matching.organization_id:
        check_organization("organization_id", values["organization_id"])
    _check_coordinator(values.get("coordinator_id"))
    _refuse_second_open(values, exclude_id=matching.id)
    before = matching.talent_id
    changes = records.update(actor, matching, values)
    if changes.keys() & {"stage", "talent_id"}:
        for talent_id in dict.fromkeys((before, matching.talent_id)):
            sync_talent_status(actor, talent_id)
    return changes


def move_matching(actor: User, matching: Matching, move: MoveForm) -> dict:
    """Move to a stage, stamping that stage's date (the given one, the stored one, or today);
    the result is checked by the same MatchingForm rules as any edit."""
    _require_writer(actor)
    validate(move)
    stage = move.stage.data
    if stage == matching.stage:
        message = (
            f"すでに「{MATCHING_STAGES[stage]}」の段階です。"
            "日付だけを直すときは「編集」から変更してください。"
        )
        raise ValidationFailed(message, {"stage": [message]})
    values = record_values(matching, MatchingForm)
    values["stage"] = stage
    column = STAGE_DATES.get(stage)
    if column:
        stamped = move.on.data or getattr(matching, column) or clock.today()
        values[column] = stamped.isoformat()
    form = form_from_mapping(MatchingForm, values)
    if not form.validate():
        errors = {name: list(msgs) for name, msgs in form.errors.items()}
        if column and column in errors:
            errors["on"] = errors.pop(column)
        raise ValidationFailed("入力内容に誤りがあります。", errors)
    return update_matching(actor, matching, form)


def delete_matching(actor: User, matching: Matching) -> None:
    _require_writer(actor)
    records.soft_delete(actor, matching)
    sync_talent_status(actor, matching.talent_id)


def restore_matching(actor: User, matching: Matching) -> None:
    require(is_admin(actor), "削除したマッチングを元に戻せるのは管理者だけです。")
    _refuse_second_open(
        {
            "stage": matching.stage,
            "talent_id": matching.talent_id,
            "organization_id": matching.organization_id,
        },
        exclude_id=matching.id,
    )
    records.restore(actor, matching)
    sync_talent_status(actor, matching.talent_id)

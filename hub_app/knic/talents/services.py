"""Writes on talents: permission → validate → apply → audit → flush (the caller commits)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from hub_app.core import audit, clock, records
from hub_app.core.errors import Conflict, ValidationFailed
from hub_app.core.forms import form_values, validate
from hub_app.core.models import utcnow
from hub_app.core.permissions import is_admin, require
from hub_app.extensions import db
from hub_app.knic.access import require_talent_writer
from hub_app.knic.models import Talent
from hub_app.knic.talents.forms import TalentForm
from hub_app.organizations.models import Organization

if TYPE_CHECKING:
    from hub_app.auth.models import User

ANONYMOUS_NAME = "匿名"
#: the fields erasure clears (DESIGN §6); ids, skills and dates stay so KPIs do not move
ERASED_FIELDS = ("full_name_kana", "email", "phone", "notes")
ANONYMIZED = "この人材は匿名化済みのため変更できません。"


def check_organization(field: str, organization_id: int | None) -> None:
    """An id in the body that names no active organisation is a 422 on that field."""
    if organization_id is None:
        return
    found = db.session.scalar(
        select(Organization.id).where(
            Organization.id == organization_id, Organization.deleted_at.is_(None)
        )
    )
    if found is None:
        message = f"ID {organization_id} の企業・団体は登録されていません。"
        raise ValidationFailed(message, {field: [message]})


def _refuse_duplicate_email(email: str | None, exclude_id: int | None = None) -> None:
    if not email:
        return
    query = select(Talent.id).where(
        func.lower(Talent.email) == email.lower(), Talent.deleted_at.is_(None)
    )
    if exclude_id is not None:
        query = query.where(Talent.id != exclude_id)
    existing = db.session.scalar(query.limit(1))
    if existing is not None:
        message = f"このメールアドレスは登録済みの人材(ID {existing})で使われています。"
        raise Conflict(message, {"email": [message]})


def _values(form: TalentForm) -> dict[str, Any]:
    values = form_values(form)
    for optional in ("full_name_kana", "email", "phone", "job_title", "desired_roles", "notes"):
        values[optional] = (values.get(optional) or "").strip() or None
    values["ref"] = values.get("ref") or None
    values["skills"] = sorted(set(values.get("skills") or []))
    values["side_job_permitted"] = bool(values.get("side_job_permitted"))
    values["status"] = values.get("status") or "active"
    return values


def create_talent(actor: User, form: TalentForm) -> Talent:
    require_talent_writer(actor)
    validate(form)
    values = _values(form)
    values["registered_on"] = values.get("registered_on") or clock.today()
    check_organization("employer_id", values.get("employer_id"))
    _refuse_duplicate_email(values.get("email"))
    return records.create(actor, Talent(**values))


def update_talent(actor: User, talent: Talent, form: TalentForm) -> dict:
    require_talent_writer(actor)
    if talent.anonymized_at is not None:
        raise Conflict(ANONYMIZED, {"full_name": [ANONYMIZED]})
    validate(form)
    values = _values(form)
    values["registered_on"] = values.get("registered_on") or talent.registered_on
    check_organization("employer_id", values.get("employer_id"))
    _refuse_duplicate_email(values.get("email"), exclude_id=talent.id)
    return records.update(actor, talent, values)


def delete_talent(actor: User, talent: Talent) -> None:
    require_talent_writer(actor)
    records.soft_delete(actor, talent)


def restore_talent(actor: User, talent: Talent) -> None:
    require(is_admin(actor), "削除した人材を元に戻せるのは管理者だけです。")
    _refuse_duplicate_email(talent.email, exclude_id=talent.id)
    records.restore(actor, talent)


def anonymize_talent(actor: User, talent: Talent) -> None:
    """Erasure on request (APPI): the person's identity goes, the record and its links stay.

    Attendances and matchings keep pointing at the same id, so past KPI figures do not
    move. The audit row says which fields were erased without repeating their old values.
    """
    require(is_admin(actor), "匿名化(消去の請求への対応)を行えるのは管理者だけです。")
    if talent.anonymized_at is not None:
        raise Conflict("この人材はすでに匿名化されています。")
    changes: dict[str, list[Any]] = {"full_name": ["(消去)", ANONYMOUS_NAME]}
    for name in ERASED_FIELDS:
        if getattr(talent, name):
            changes[name] = ["(消去)", None]
            setattr(talent, name, None)
    talent.full_name = ANONYMOUS_NAME
    talent.anonymized_at = clock.today()
    talent.updated_at = utcnow()
    changes["anonymized_at"] = [None, talent.anonymized_at.isoformat()]
    records.flush()
    audit.write("anonymize", actor, talent.audit_name, talent.id, changes)


def log_export(actor: User, entity: str, fmt: str, args: dict[str, str], fields: list[str]) -> None:
    """Exports of personal data are themselves audited: who took which fields, with which filter."""
    audit.write(
        "export",
        actor,
        entity,
        None,
        {"format": [None, fmt], "filters": [None, args], "fields": [None, fields]},
    )

"""Reading talents: list, page, exports; e-mail and phone only for those allowed to see them."""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.orm import joinedload

from hub_app.core.enums import SKILLS, TALENT_STATUSES, label
from hub_app.core.export import Column
from hub_app.core.listing import Sorts, fiscal_year_clause, id_arg, search_clause
from hub_app.core.permissions import can_see_talent_contacts
from hub_app.events.models import Attendance, Event
from hub_app.extensions import db
from hub_app.knic.models import Matching, Talent
from hub_app.organizations.models import Organization

SORTS = Sorts(
    {
        "kana": (
            "カナ順",
            [func.coalesce(Talent.full_name_kana, Talent.full_name), Talent.id],
        ),
        "newest": ("登録の新しい順", [Talent.registered_on.desc(), Talent.id.desc()]),
        "hours": (
            "対応可能時間の多い順",
            [func.coalesce(Talent.hours_per_month, 0).desc(), Talent.id],
        ),
    }
)


def _getlist(args: Mapping[str, str], name: str) -> list[str]:
    getter = getattr(args, "getlist", None)
    values = getter(name) if getter else [args.get(name, "")]
    return [v for v in values if v]


def skill_clause(code: str):
    """Portable "the JSON list holds this code" (SQLite and PostgreSQL store it as text)."""
    return cast(Talent.skills, String).like(f'%"{code}"%')


def list_query(args: Mapping[str, str], actor: Any, include_deleted: bool = False) -> Select[Any]:
    """Talents matching the list's filters; e-mail is searchable only by those who may see it."""
    query = select(Talent).options(joinedload(Talent.employer))
    if include_deleted:
        query = query.where(Talent.deleted_at.is_not(None))
    else:
        query = query.where(Talent.deleted_at.is_(None))
    columns = [Talent.full_name, Talent.full_name_kana, Talent.job_title, Talent.desired_roles]
    if can_see_talent_contacts(actor):
        columns += [Talent.email, Talent.phone]
    clause = search_clause(args.get("q", "").strip(), *columns)
    if clause is not None:
        query = query.where(clause)
    for code in _getlist(args, "skills"):
        if code in SKILLS:
            query = query.where(skill_clause(code))
    employer = id_arg(args, "employer_id")
    if employer is not None:
        query = query.where(Talent.employer_id == employer)
    if args.get("status") in TALENT_STATUSES:
        query = query.where(Talent.status == args["status"])
    if args.get("side_job") in ("1", "true"):
        query = query.where(Talent.side_job_permitted.is_(True))
    year = fiscal_year_clause(Talent.registered_on, args.get("fiscal_year"))
    if year is not None:
        query = query.where(year)
    return query


def employers() -> list[Organization]:
    """Organisations that employ at least one active talent, for the list's filter."""
    used = select(Talent.employer_id).where(Talent.deleted_at.is_(None))
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.id.in_(used), Organization.deleted_at.is_(None))
            .order_by(func.coalesce(Organization.name_kana, Organization.name), Organization.id)
        )
    )


def attended(talent: Talent) -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .join(Attendance, Attendance.event_id == Event.id)
            .where(
                Attendance.talent_id == talent.id,
                Attendance.deleted_at.is_(None),
                Event.deleted_at.is_(None),
            )
            .order_by(Event.held_on.desc(), Event.id.desc())
        )
    )


def matchings_of(talent: Talent) -> list[Matching]:
    return list(
        db.session.scalars(
            select(Matching)
            .options(joinedload(Matching.organization))
            .where(Matching.talent_id == talent.id, Matching.deleted_at.is_(None))
            .order_by(Matching.created_at.desc(), Matching.id.desc())
        )
    )


PERSONAL_FIELDS = ("full_name", "full_name_kana", "email", "phone", "notes")
HIDDEN = "(非表示)"
ERASED = "(消去済み)"


def visible_history(entries: list[Any], talent: Talent, actor: Any) -> list[SimpleNamespace]:
    """The audit history as this user may see it: contacts masked for those not allowed,
    personal values masked once the talent has been anonymised."""
    hidden = set() if can_see_talent_contacts(actor) else set(Talent.contact_fields)
    erased = set(PERSONAL_FIELDS) if talent.anonymized_at else set()
    return [
        SimpleNamespace(
            entity=entry.entity,
            occurred_at=entry.occurred_at,
            user=entry.user,
            action=entry.action,
            changes=_masked(entry, hidden, erased),
            note=entry.note,
        )
        for entry in entries
    ]


def _masked(entry: Any, hidden: set[str], erased: set[str]) -> dict[str, Any] | None:
    if not entry.changes:
        return None
    changes = {}
    for name, pair in entry.changes.items():
        if name in erased and entry.action != "anonymize":
            pair = [ERASED if v is not None else None for v in pair]
        elif name in hidden:
            pair = [HIDDEN if v is not None else None for v in pair]
        changes[name] = pair
    return changes


def erased_in_audit_log(entries: list[Any]) -> dict[int, dict[str, Any] | None]:
    """For the admin audit log: an anonymised talent's old personal values stay hidden
    there too (the rows themselves cannot change). One query for the page's talents."""
    ids = {entry.entity_id for entry in entries}
    anonymised = set(
        db.session.scalars(
            select(Talent.id).where(Talent.id.in_(ids), Talent.anonymized_at.is_not(None))
        )
    )
    erased = set(PERSONAL_FIELDS)
    return {
        entry.id: _masked(entry, set(), erased)
        for entry in entries
        if entry.entity_id in anonymised
    }


def export_columns(actor: Any) -> list[Column]:
    """The export's columns; e-mail and phone only for those allowed to see them."""
    columns = [
        Column("id", "ID", lambda t: t.id),
        Column("full_name", "氏名", lambda t: t.full_name),
        Column("full_name_kana", "氏名(カナ)", lambda t: t.full_name_kana),
    ]
    if can_see_talent_contacts(actor):
        columns += [
            Column("email", "メールアドレス", lambda t: t.email),
            Column("phone", "電話番号", lambda t: t.phone),
        ]
    columns += [
        # by name: the importer resolves it back to employer_id
        Column("employer", "勤務先", lambda t: t.employer.name if t.employer else None),
        Column("job_title", "役職", lambda t: t.job_title),
        Column("skills", "スキル", lambda t: [label(SKILLS, s) for s in t.skills or []]),
        Column("desired_roles", "希望する役割", lambda t: t.desired_roles),
        Column("hours_per_month", "対応可能時間(月)", lambda t: t.hours_per_month),
        Column("side_job_permitted", "副業許可", lambda t: t.side_job_permitted),
        Column("consent_on", "同意日", lambda t: t.consent_on),
        Column("registered_on", "登録日", lambda t: t.registered_on),
        Column("status", "状況", lambda t: label(TALENT_STATUSES, t.status)),
        Column("notes", "備考", lambda t: t.notes),
        Column("ref", "外部参照", lambda t: t.ref),
    ]
    return columns


#: every column, for the importer (which reads codes and labels alike)
ALL_COLUMNS = export_columns(SimpleNamespace(is_active=True, role="admin"))

"""What every Welltech record type shares: the hub, its permissions, id checks, options.

Records carry hub="welltech", set here and never taken from the user; ids in a body
(organisation, staff, project) are checked against the database so an unknown one is a
422 on that field, never a foreign-key error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask import abort
from sqlalchemy import Select, select
from wtforms import StringField
from wtforms.validators import Length, Optional, ValidationError

from hub_app.core import clock, pages
from hub_app.core.errors import ValidationFailed
from hub_app.core.fiscal import fiscal_year
from hub_app.core.listing import fiscal_year_clause, id_arg  # noqa: F401  (used by the hub's lists)
from hub_app.core.permissions import can_read_hub, can_write_hub, require
from hub_app.core.views import load
from hub_app.extensions import db
from hub_app.organizations.models import Organization

if TYPE_CHECKING:
    from hub_app.auth.models import User

HUB = "welltech"
READ_DENIED = "ウェルテックの記録を見る権限がありません。"
WRITE_DENIED = "ウェルテックの記録を登録・変更する権限がありません。"
UNKNOWN_ORGANIZATION = "指定された企業・団体は登録されていません。"
UNKNOWN_STAFF = "指定された担当者はウェルテックの職員として登録されていません。"
UNKNOWN_PROJECT = "指定されたプロジェクトは登録されていません。"
FIRST_FISCAL_YEAR = 2018


def can_read(user: User | None) -> bool:
    return can_read_hub(user, HUB)


def can_write(user: User | None) -> bool:
    return can_write_hub(user, HUB)


def require_read(user: User | None) -> None:
    require(can_read(user), READ_DENIED)


def require_write(user: User | None) -> None:
    require(can_write(user), WRITE_DENIED)


def hub_field() -> StringField:
    """Accepts the hub a client echoes back from a GET; only Welltech is possible here."""
    return StringField("拠点", validators=[Optional(), Length(max=16)])


def check_hub(_form: Any, field: Any) -> None:
    if field.data and field.data != HUB:
        raise ValidationError("ウェルテックの記録として登録します(hub は welltech のみ)。")


check_hub.json_schema = {"enum": [HUB]}  # type: ignore[attr-defined]


def add_error(form: Any, field: Any, message: str) -> None:
    """A cross-field refusal next to `field`, after the form's own validation ran.

    Inline `validate_<field>` methods do not run on an empty Optional() field, so rules
    such as "required once closed" are checked here.
    """
    field.errors = [*list(field.errors or []), message]
    form._errors = None


def load_record(model: type[Any], record_id: int) -> Any:
    """A Welltech record for a page: 404 when missing, deleted (admins excepted) or not
    Welltech's. Ids too large for the database never get here (core.web's URL converter)."""
    record = load(model, record_id)
    hub = getattr(record, "hub", None) or record.project.hub  # an evaluation: its project's
    if hub != HUB:
        abort(404)
    return record


def record_pages(model: type[Any], **declaration: Any) -> pages.RecordPages:
    """A Welltech record type's pages: its own nested blueprint, Welltech's load and
    write permission; the rest is the type's own declaration."""
    return pages.RecordPages(
        model=model,
        url="",
        endpoints=pages.Endpoints.own_blueprint(),
        load=lambda record_id: load_record(model, record_id),
        can_write=lambda user, _record: can_write(user),
        **declaration,
    )


def _exists(query: Select[Any]) -> bool:
    return db.session.scalar(query.limit(1)) is not None


def organization_exists(organization_id: int) -> bool:
    return _exists(
        select(Organization.id).where(
            Organization.id == organization_id, Organization.deleted_at.is_(None)
        )
    )


def staff_exists(user_id: int, hub: str = HUB) -> bool:
    from hub_app.auth.models import Membership, User

    return _exists(
        select(User.id)
        .join(Membership, Membership.user_id == User.id)
        .where(User.id == user_id, Membership.hub == hub)
    )


def project_exists(project_id: int) -> bool:
    from hub_app.welltech.models import Project

    return _exists(
        select(Project.id).where(
            Project.id == project_id, Project.hub == HUB, Project.deleted_at.is_(None)
        )
    )


def check_references(
    values: Mapping[str, Any], checks: dict[str, tuple[Any, str]], scope: str = HUB
) -> None:
    """422 on each field whose id names no usable record: {field: (exists(id), message)}.

    Ids found once are remembered for the rest of the session, so an import of many rows
    naming the same organisations asks the database once per id, not once per row; per
    `scope`, since a member of Welltech's staff is no member of K-NIC's.
    """
    errors: dict[str, list[str]] = {}
    known: dict[str, set[int]] = db.session.info.setdefault("welltech_known_ids", {})
    for name, (exists, message) in checks.items():
        value = values.get(name)
        if value is None:
            continue
        found = known.setdefault(name if scope == HUB else f"{scope}:{name}", set())
        for one in value if isinstance(value, list) else (value,):
            if one not in found:
                if not exists(one):
                    errors[name] = [message]
                    break
                found.add(one)
    if errors:
        raise ValidationFailed("入力内容に誤りがあります。", errors)


def clean_text(values: dict[str, Any], *names: str) -> None:
    """Blank optional texts are stored as NULL, others without surrounding spaces."""
    for name in names:
        values[name] = (values.get(name) or "").strip() or None


def fiscal_year_options() -> list[int]:
    """Years a list can be filtered by, newest first."""
    return list(range(fiscal_year(clock.today()), FIRST_FISCAL_YEAR - 1, -1))


def staff_options(hub: str = HUB) -> list[tuple[int, str]]:
    from hub_app.auth.models import Membership, User

    rows = db.session.execute(
        select(User.id, User.name)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.hub == hub)
        .order_by(User.active.desc(), User.name, User.id)
    )
    return [(row.id, row.name) for row in rows]


def project_options() -> list[tuple[int, str]]:
    from hub_app.welltech.models import Project

    rows = db.session.execute(
        select(Project.id, Project.title)
        .where(Project.hub == HUB, Project.deleted_at.is_(None))
        .order_by(Project.started_on.desc(), Project.id.desc())
    )
    return [(row.id, row.title) for row in rows]

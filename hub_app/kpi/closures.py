"""Closing a fiscal year (年度締め): the KPI table frozen with who and when (DESIGN §6, §10).

A year is closed per programme; a hub's close is its programme's (the same code). While a
closure is in force, core.records refuses every change to records, plans, entered figures
and budgets dated in that year for that programme. An admin may reopen it; the snapshot
stays, and the report shows where live figures now differ from it, with the audit rows of
the records that changed. Reopening also sends the programme's report of that year back
to draft (reports.services listens for it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select

from hub_app.core import audit, clock, records
from hub_app.core.audit import AuditEntry
from hub_app.core.enums import PROGRAMMES
from hub_app.core.errors import Conflict
from hub_app.core.fiscal import fiscal_year_end, fiscal_year_label, fiscal_year_start
from hub_app.core.forms import validate
from hub_app.core.models import utcnow
from hub_app.core.permissions import can_manage_plans, is_admin, require
from hub_app.extensions import db
from hub_app.kpi.forms import CloseYearForm
from hub_app.kpi.measures import MEASURES
from hub_app.kpi.models import Budget, FiscalYearClosure, Kpi, KpiTarget, KpiValue
from hub_app.kpi.report import Report, build_report

if TYPE_CHECKING:
    from hub_app.auth.models import User


#: called with (actor, closure) when a closure is reopened, in the same transaction
on_reopen: list[Callable[[User, FiscalYearClosure], None]] = []


def active_closure(programme: str, year: int) -> FiscalYearClosure | None:
    return db.session.scalar(
        select(FiscalYearClosure).where(
            FiscalYearClosure.programme == programme,
            FiscalYearClosure.fiscal_year == year,
            FiscalYearClosure.reopened_at.is_(None),
        )
    )


def closures_of(year: int, programmes: list[str]) -> dict[str, FiscalYearClosure]:
    """The latest closure of each programme for `year`, in force or reopened."""
    rows = db.session.scalars(
        select(FiscalYearClosure)
        .where(
            FiscalYearClosure.fiscal_year == year,
            FiscalYearClosure.programme.in_(programmes),
        )
        .order_by(FiscalYearClosure.closed_at, FiscalYearClosure.id)
    )
    return {closure.programme: closure for closure in rows}


def snapshot(report: Report, programme: str, year: int) -> dict[str, Any]:
    return {
        "hub": programme,
        "programme": programme,
        "fiscal_year": year,
        "label": fiscal_year_label(year),
        "items": report.table(programme, year),
        "budgets": [
            {"kind": b.kind, "total_cost": b.total_cost, "grant": b.grant}
            for b in report.budgets_of(programme, year)
        ],
    }


def close_year(actor: User, form: CloseYearForm, today: date | None = None) -> FiscalYearClosure:
    require(can_manage_plans(actor), "年度を締められるのは管理職と管理者だけです。")
    validate(form)
    programme, year = form.programme.data, form.fiscal_year.data
    label = f"{PROGRAMMES[programme]}の{fiscal_year_label(year)}"
    if fiscal_year_end(year) >= (today or clock.today()):
        message = f"{label}はまだ終わっていないため締められません。"
        raise Conflict(message, {"fiscal_year": [message]})
    if active_closure(programme, year) is not None:
        message = f"{label}はすでに締め済みです。"
        raise Conflict(message, {"fiscal_year": [message]})
    report = build_report([year], programmes=[programme])
    closure = FiscalYearClosure(
        programme=programme,
        fiscal_year=year,
        closed_at=utcnow(),
        closed_by=actor.id,
        snapshot=snapshot(report, programme, year),
    )
    db.session.add(closure)
    records.flush(f"{label}はすでに締め済みです。")
    audit.write(
        "close_year",
        actor,
        "fiscal_year_closure",
        closure.id,
        {"programme": [None, programme], "fiscal_year": [None, year]},
        label,
    )
    return closure


def reopen_year(actor: User, closure: FiscalYearClosure) -> None:
    require(is_admin(actor), "年度締めを解除できるのは管理者だけです。")
    if closure.reopened_at is not None:
        raise Conflict("この年度締めはすでに解除されています。")
    closure.reopened_at = utcnow()
    closure.reopened_by = actor.id
    db.session.flush()
    audit.write(
        "reopen_year",
        actor,
        "fiscal_year_closure",
        closure.id,
        {"reopened_at": [None, closure.reopened_at.isoformat()]},
        f"{PROGRAMMES.get(closure.programme, closure.programme)}"
        f"の{fiscal_year_label(closure.fiscal_year)}",
    )
    for listener in on_reopen:
        listener(actor, closure)


@dataclass
class Comparison:
    """A closure next to the live figures of the same programme and year."""

    closure: FiscalYearClosure
    items: list[dict[str, Any]] = field(default_factory=list)
    changes: list[AuditEntry] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return any(item["differs"] for item in self.items)


def compare(closure: FiscalYearClosure, report: Report) -> Comparison:
    """Snapshot vs live for each KPI; the records changed since the closure if any differ."""
    live = {row["code"]: row for row in report.table(closure.programme, closure.fiscal_year)}
    items = []
    for row in closure.snapshot.get("items", []):
        now = live.get(row["code"], {})
        items.append(
            {
                **row,
                "live_plan": now.get("plan"),
                "live_actual": now.get("actual"),
                "differs": (now.get("plan"), now.get("actual")) != (row["plan"], row["actual"]),
            }
        )
    comparison = Comparison(closure, items)
    if comparison.differs:
        comparison.changes = changes_since(closure)
    return comparison


def changes_since(closure: FiscalYearClosure, limit: int = 200) -> list[AuditEntry]:
    """Audit rows written since the closure for records that feed the programme's KPIs."""
    programme, year = closure.programme, closure.fiscal_year
    scopes = []
    for measure in MEASURES.values():
        if measure.hub == programme:
            scopes += measure.record_ids_query(year)
    scopes.append(
        (
            "kpi_target",
            select(KpiTarget.id)
            .join(Kpi, Kpi.id == KpiTarget.kpi_id)
            .where(Kpi.programme == programme, KpiTarget.fiscal_year == year),
        )
    )
    scopes.append(
        (
            "kpi_value",
            select(KpiValue.id)
            .join(Kpi, Kpi.id == KpiValue.kpi_id)
            .where(Kpi.programme == programme, KpiValue.year == year),
        )
    )
    scopes.append(
        (
            "budget",
            select(Budget.id).where(Budget.programme == programme, Budget.fiscal_year == year),
        )
    )
    conditions = [
        and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids)) for entity, ids in scopes
    ]
    found = list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.occurred_at >= closure.closed_at, or_(*conditions))
            .order_by(AuditEntry.occurred_at, AuditEntry.id)
            .limit(limit)
        )
    )
    seen = {entry.id for entry in found}
    moved = [e for e in moved_out(closure, limit) if e.id not in seen]
    return sorted(found + moved, key=lambda e: (e.occurred_at, e.id))[:limit]


def moved_out(closure: FiscalYearClosure, limit: int = 200) -> list[AuditEntry]:
    """Updates since the closure that took a record out of the year or the hub.

    Such a record no longer belongs to the year, so only its audit diff (the old date or
    hub) tells that it once fed the figure.
    """
    watched: dict[str, set[str]] = {}
    for measure in MEASURES.values():
        if measure.hub == closure.programme:
            fields = watched.setdefault(measure.source.audit_name, set())
            fields.update((measure.date.key, measure.hub_column.key))
    entries = db.session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.occurred_at >= closure.closed_at,
            AuditEntry.action == "update",
            AuditEntry.entity.in_(list(watched)),
        )
        .order_by(AuditEntry.occurred_at, AuditEntry.id)
        .limit(limit * 10)
    )
    start = fiscal_year_start(closure.fiscal_year).isoformat()
    end = fiscal_year_end(closure.fiscal_year).isoformat()
    result = []
    for entry in entries:
        for name, (old, _new) in (entry.changes or {}).items():
            if name not in watched.get(entry.entity or "", ()):
                continue
            if old == closure.programme or (isinstance(old, str) and start <= old[:10] <= end):
                result.append(entry)
                break
    return result

"""Reference data `init-db` seeds (DESIGN §4): hubs, the seven KPIs, FY2022 plans, budgets.

Every step is idempotent: a row is only added when its natural key is missing, so
running init-db twice changes nothing and never overwrites what managers edited.
"""

from __future__ import annotations

from sqlalchemy import select

from hub_app.auth.models import Hub
from hub_app.core import audit
from hub_app.extensions import db
from hub_app.kpi.models import Budget, Kpi, KpiTarget

HUBS = [
    ("welltech", "ウェルテック", "Kawasaki Welfare Technology Lab", 1),
    ("knic", "K-NIC", "Kawasaki-NEDO Innovation Center", 2),
]

# code, hub, name, unit, measure, FY2022 plan
KPIS = [
    (
        "welltech.projects",
        "welltech",
        "事業を通じた改良・新規開発プロジェクト",
        "件",
        "welltech_projects",
        4,
    ),
    (
        "welltech.invitations",
        "welltech",
        "プロジェクト参画打診件数",
        "件",
        "welltech_invitations",
        60,
    ),
    (
        "welltech.consultations",
        "welltech",
        "相談・技術助言件数",
        "件",
        "welltech_consultations",
        15,
    ),
    (
        "welltech.commercialized",
        "welltech",
        "製品・サービスの市場化",
        "件",
        "welltech_commercialized",
        3,
    ),
    (
        "knic.trained_talents",
        "knic",
        "副業・兼業人材等の育成人数",
        "人",
        "knic_trained_talents",
        15,
    ),
    (
        "knic.matchings",
        "knic",
        "副業兼業人材とスタートアップ等のマッチング件数",
        "件",
        "knic_matchings",
        5,
    ),
    ("knic.partnerships", "knic", "大企業等とのネットワーク構築件数", "件", "knic_partnerships", 5),
]
PLAN_YEAR = 2022

# hub, fiscal year, kind, total cost (千円), grant (千円)
BUDGETS = [
    ("welltech", 2022, "actual", 21618, 10809),
    ("welltech", 2023, "budget", 22073, 11036),
    ("knic", 2022, "actual", 67850, 33925),
    ("knic", 2023, "budget", 68710, 33425),
]


def seed() -> int:
    """Add what is missing; returns how many rows were added."""
    added = 0
    for code, name, name_en, position in HUBS:
        if db.session.get(Hub, code) is None:
            db.session.add(Hub(code=code, name=name, name_en=name_en, position=position))
            added += 1
    db.session.flush()
    for position, (code, hub, name, unit, measure, plan) in enumerate(KPIS, start=1):
        kpi = db.session.scalar(select(Kpi).where(Kpi.code == code))
        if kpi is None:
            kpi = Kpi(code=code, hub=hub, name=name, unit=unit, measure=measure, position=position)
            db.session.add(kpi)
            db.session.flush()
            added += 1
        exists = db.session.scalar(
            select(KpiTarget.id).where(
                KpiTarget.kpi_id == kpi.id,
                KpiTarget.fiscal_year == PLAN_YEAR,
                KpiTarget.deleted_at.is_(None),
            )
        )
        if exists is None:
            target = KpiTarget(kpi_id=kpi.id, fiscal_year=PLAN_YEAR, plan=plan)
            db.session.add(target)
            db.session.flush()
            audit.write(
                "create",
                None,
                "kpi_target",
                target.id,
                audit.diff({}, target.snapshot()),
                "init-db",
            )
            added += 1
    for hub, year, kind, total_cost, grant in BUDGETS:
        exists = db.session.scalar(
            select(Budget.id).where(
                Budget.hub == hub,
                Budget.fiscal_year == year,
                Budget.kind == kind,
                Budget.deleted_at.is_(None),
            )
        )
        if exists is None:
            budget = Budget(
                hub=hub, fiscal_year=year, kind=kind, total_cost=total_cost, grant=grant
            )
            db.session.add(budget)
            db.session.flush()
            audit.write(
                "create", None, "budget", budget.id, audit.diff({}, budget.snapshot()), "init-db"
            )
            added += 1
    return added

"""A fictitious but realistic dataset for both hubs, FY2020 to today's fiscal year
(`flask demo-data`, `run.py --demo`).

Seeded, so every run on a given day builds the same records; dates are relative to today
(core.clock), so the dashboard, the follow-up panel and this year's KPI page have work in
them on a first start. Its FY2022 figures are those the hubs reported (DESIGN §4) under
the KPI rules of DESIGN §5, whatever the day. It refuses a database that already
holds records people entered, unless forced; the seeded reference data does not count.
"""

from __future__ import annotations

import random

from sqlalchemy import func, select

from hub_app.bookings.models import Booking
from hub_app.core import audit
from hub_app.events.models import Attendance, Event
from hub_app.extensions import db
from hub_app.knic.models import Matching, Partnership, Talent
from hub_app.kpi.models import Kpi, KpiTarget
from hub_app.organizations.models import Organization
from hub_app.organizations.names import name_key
from hub_app.reports.models import Report
from hub_app.welltech.models import Consultation, Evaluation, Invitation, Project

SEED = 2022
#: tables whose rows only people (or an import) enter
RECORD_MODELS = (
    Organization,
    Consultation,
    Invitation,
    Project,
    Evaluation,
    Event,
    Attendance,
    Talent,
    Matching,
    Partnership,
    Report,
    Booking,
)
# Plans of the years around FY2022 (FY2022's own are seeded by init-db, DESIGN §4); the
# years after FY2024 keep FY2024's plan.
PLANS = {
    "welltech.projects": {2020: 3, 2021: 4, 2023: 5, 2024: 5},
    "welltech.invitations": {2020: 50, 2021: 60, 2023: 80, 2024: 80},
    "welltech.consultations": {2020: 12, 2021: 15, 2023: 18, 2024: 18},
    "welltech.commercialized": {2020: 1, 2021: 2, 2023: 3, 2024: 3},
    "knic.trained_talents": {2020: 15, 2021: 15, 2023: 150, 2024: 160},
    "knic.matchings": {2020: 3, 2021: 5, 2023: 18, 2024: 18},
    "knic.partnerships": {2020: 3, 2021: 5, 2023: 9, 2024: 9},
}
LABELS = {
    "organization": "企業・団体",
    "consultation": "相談",
    "consultation_activity": "対応履歴",
    "invitation": "参画打診",
    "project": "プロジェクト",
    "evaluation": "製品評価",
    "event": "イベント",
    "attendance": "参加記録",
    "talent": "人材",
    "matching": "マッチング",
    "partnership": "連携",
    "kpi_target": "KPI計画",
    "report": "実績報告(下書き)",
    "booking": "施設予約",
}


class DemoRefused(Exception):
    """The database already holds records; demo data would mix with them."""


def existing_records() -> int:
    return sum(
        db.session.scalar(select(func.count()).select_from(model)) or 0 for model in RECORD_MODELS
    )


def _organizations(b) -> dict[str, list[Organization]]:
    plan = {"sme": 45, "welfare_facility": 12, "startup": 36, "large_company": 24, "university": 3}
    groups: dict[str, list[Organization]] = {}
    for kind, count in plan.items():
        for _ in range(count):
            name = b.names.company(kind)
            skills = sorted(b.rng.sample(["finance", "sales", "marketing", "ip", "global"], 2))
            groups.setdefault(kind, []).append(
                b.add(
                    Organization(
                        name=name,
                        name_key=name_key(name),
                        kind=kind,
                        in_city=b.rng.random() < 0.6,
                        address="川崎市(架空の所在地)",
                        notes="デモ用の架空の企業・団体です。",
                        skills_wanted=skills if kind == "startup" else [],
                        roles_wanted="CFO候補・事業開発(デモ)" if kind == "startup" else None,
                    )
                )
            )
    b.flush()
    return groups


def _plans(b) -> None:
    from hub_app.demo.builder import PUBLISHED_YEAR, demo_years

    kpis = {k.code: k for k in db.session.scalars(select(Kpi))}
    for code, years in PLANS.items():
        kpi = kpis.get(code)
        if kpi is None:
            continue
        for year in demo_years():
            if year == PUBLISHED_YEAR:
                continue
            plan = years.get(year, years[max(years)])
            exists = db.session.scalar(
                select(KpiTarget.id).where(
                    KpiTarget.kpi_id == kpi.id,
                    KpiTarget.fiscal_year == year,
                    KpiTarget.deleted_at.is_(None),
                )
            )
            if exists is None:
                b.add(KpiTarget(kpi_id=kpi.id, fiscal_year=year, plan=plan))


def load_demo_data(force: bool = False) -> str:
    """What run.py --demo calls on every start: loads once, then explains why not."""
    try:
        return build_demo_data(force)
    except DemoRefused as refusal:
        db.session.rollback()
        return f"デモデータは入れませんでした: {refusal}"


def build_demo_data(force: bool = False) -> str:
    """Build the dataset in one transaction and commit; returns what was added."""
    from hub_app.demo import bookings, followups, knic, reports, welltech
    from hub_app.demo.builder import NOTE, Builder, demo_years

    already = db.session.scalar(
        select(func.count()).select_from(audit.AuditEntry).where(audit.AuditEntry.note == NOTE)
    )
    if already:
        raise DemoRefused("デモデータはすでに入っています。")
    if existing_records() and not force:
        raise DemoRefused(
            "データベースにはすでに記録があります。"
            "デモデータを混ぜるには --force を付けてください。"
        )
    b = Builder(random.Random(SEED))  # noqa: S311  reproducible demo data, not secrets
    groups = _organizations(b)
    companies, facilities = groups["sme"] + groups["university"], groups["welfare_facility"]
    projects = welltech.build(b, companies, facilities)
    talents = knic.build(b, groups["large_company"], groups["startup"])
    _plans(b)
    reports.build(b)
    bookings.build(b)  # after the records, so those draw the same numbers as before
    # the years since the tables', last: FY2020–FY2024 draw the same numbers on any day
    later = [year for year in demo_years() if year > max(welltech.TABLE_YEARS)]
    if later:
        welltech.build(b, companies, facilities, later, welltech.later_specs(later), projects)
        knic.build_years(b, later, talents, groups["large_company"], groups["startup"])
    followups.build(b)
    knic.consultations(b, groups["startup"])  # last, for the same reason
    b.finish()
    audit.write("import", None, "demo", None, dict(sorted(b.counts.items())), NOTE)
    db.session.commit()
    added = "、".join(f"{LABELS.get(k, k)} {v}件" for k, v in sorted(b.counts.items()))
    return f"デモデータを入れました({added})。令和4年度のKPIは公表値と同じになります。"

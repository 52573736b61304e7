"""Welltech's demo records: consultations with activities, invitations, projects through
every stage with evaluations and measurements, and study sessions with their rosters."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hub_app.consultations.hubs import WELLTECH
from hub_app.core.enums import (
    CONSULTATION_CHANNELS,
    EVALUATION_ASPECTS,
    EVALUATION_METHODS,
    EVALUATION_SETTINGS,
    INVITATION_METHODS,
    INVITATION_OUTCOMES,
    PRODUCT_CATEGORIES,
)
from hub_app.demo import names
from hub_app.demo.builder import Builder, per_year
from hub_app.events.models import Attendance, Event
from hub_app.organizations.models import Organization
from hub_app.welltech.models import (
    Consultation,
    ConsultationActivity,
    Evaluation,
    Invitation,
    Measurement,
    Project,
)

# Per fiscal year: consultations (opened_on), invitations (invited_on). FY2022 = DESIGN §4;
# the years after FY2024 repeat FY2024's (builder.per_year).
CONSULTATIONS = {2020: 14, 2021: 16, 2022: 18, 2023: 20, 2024: 17}
INVITATIONS = {2020: 52, 2021: 71, 2022: 86, 2023: 90, 2024: 78}
# Projects as (fiscal year started, final stage, fiscal year launched or None): FY2022 has
# six starts and two launches (DESIGN §4), and every stage appears.
PROJECTS = (
    (2020, "closed", 2021),
    (2020, "launched", 2022),
    (2020, "cancelled", None),
    (2021, "launched", 2022),
    (2021, "launched", 2023),
    (2021, "closed", None),
    (2021, "launched", 2023),
    (2021, "cancelled", None),
    (2022, "launched", 2023),
    (2022, "launched", 2024),
    (2022, "improving", None),
    (2022, "evaluating", None),
    (2022, "closed", None),
    (2022, "cancelled", None),
    (2023, "launched", 2024),
    (2023, "evaluating", None),
    (2023, "planning", None),
    (2023, "improving", None),
    (2023, "cancelled", None),
    (2024, "planning", None),
    (2024, "evaluating", None),
    (2024, "improving", None),
    (2024, "planning", None),
)
EVALUATED_STAGES = ("evaluating", "improving", "launched", "closed")
#: each fiscal year after the table's last, as (start, stage, launch) relative to it: a
#: product of the year before reaches the market and three new projects start
LATER_PROJECTS = (
    (-1, "launched", 0),
    (0, "evaluating", None),
    (0, "improving", None),
    (0, "planning", None),
)


TABLE_YEARS = sorted(CONSULTATIONS)


def later_specs(years: list[int]) -> list[tuple]:
    """The projects of the years after the table's, up to today's."""
    return [
        (year + start, stage, None if launched is None else year + launched)
        for year in years
        for start, stage, launched in LATER_PROJECTS
    ]


def build(
    b: Builder,
    companies: list[Organization],
    facilities: list[Organization],
    years: range | list[int] = TABLE_YEARS,
    specs: tuple | list = PROJECTS,
    earlier: list[Project] | None = None,
) -> list[Project]:
    """The records of `years`, their projects drawn from `specs`; every project so far.

    Called first for the table's years, then (after the rest of the dataset) for the years
    since: the table's years draw the same numbers whatever today is."""
    rng = b.rng
    earlier = earlier or []
    projects = [
        _project(b, index, *spec, companies) for index, spec in enumerate(specs, len(earlier))
    ]
    b.flush()
    for project in projects:
        if project.stage in EVALUATED_STAGES:
            for _ in range(rng.randint(1, 3)):
                _evaluation(b, project)
    projects = earlier + projects
    for year in years:
        year_projects = [p for p in projects if p.started_on.year in (year, year + 1)]
        for _ in range(per_year(CONSULTATIONS, year)):
            _consultation(b, year, rng.choice(companies), year_projects)
        for _ in range(per_year(INVITATIONS, year)):
            project = rng.choice(year_projects) if year_projects and rng.random() < 0.7 else None
            organization = rng.choice(companies + facilities)
            invitation = b.add(
                Invitation(
                    hub="welltech",
                    organization_id=organization.id,
                    invited_on=b.day(year),
                    method=rng.choice(list(INVITATION_METHODS)),
                    project_id=project.id if project else None,
                    outcome=rng.choices(list(INVITATION_OUTCOMES), weights=(2, 3, 3, 2))[0],
                    notes="デモ用の架空データ",
                )
            )
            if invitation.outcome == "joined" and project is not None:
                _join(project, organization)
        for number in range(rng.randint(3, 4)):
            event = b.add(
                Event(
                    hub="welltech",
                    title=rng.choice(names.EVENT_TITLES["study_session"]) + f" 第{number + 1}回",
                    kind="study_session",
                    held_on=b.day(year),
                    venue="ふくふく 研修室",
                    summary="介護職と開発企業による勉強会(デモ)",
                    headcount=rng.randint(8, 30),
                )
            )
            b.flush()
            for organization in rng.sample(companies + facilities, rng.randint(3, 8)):
                b.add(Attendance(event_id=event.id, organization_id=organization.id))
    return projects


def _join(project: Project, organization: Organization) -> None:
    """What the invitations service does with an answer of 参画 (a partner once, never the
    lead), so an export of the demo imports back unchanged."""
    if organization.id != project.lead_organization_id and organization not in project.partners:
        project.partners.append(organization)


def _project(b: Builder, index: int, year: int, stage: str, launched, companies) -> Project:
    rng = b.rng
    started = b.day(year, before=None)
    launched_on = None
    if launched is not None:
        launched_on = b.day(launched, after=started + timedelta(days=60))
    ended = None
    if stage in ("closed", "cancelled"):
        ended = b.day(max(year, launched or year) + 1) if year < 2024 else b.day(year, started)
    lead, *partners = rng.sample(companies, 3)
    term = index // len(names.PROJECT_TITLES) + 1
    return b.add(
        Project(
            hub="welltech",
            title=names.PROJECT_TITLES[index % len(names.PROJECT_TITLES)]
            + ("" if index < len(names.PROJECT_TITLES) else f"(第{term}期)"),
            kind=rng.choice(("improvement", "new_development")),
            lead_organization_id=lead.id,
            partners=partners[: rng.randint(0, 2)],
            product_category=rng.choice(list(PRODUCT_CATEGORIES)),
            stage=stage,
            started_on=started,
            launched_on=launched_on,
            ended_on=ended,
            summary="デモ用の架空のプロジェクトです。",
        )
    )


def _evaluation(b: Builder, project: Project) -> None:
    rng = b.rng
    evaluated_on = b.later(project.started_on + timedelta(days=30), 300, project.launched_on)
    evaluation = b.add(
        Evaluation(
            project_id=project.id,
            evaluated_on=evaluated_on,
            aspect=rng.choice(list(EVALUATION_ASPECTS)),
            setting=rng.choice(list(EVALUATION_SETTINGS)),
            method=rng.choice(list(EVALUATION_METHODS)),
            result=rng.choice(("pass", "conditional", "fail", "none")),
            summary="模擬環境ラボでの評価(デモ)",
        )
    )
    for position, (name, unit, direction, threshold) in enumerate(
        rng.sample(names.MEASUREMENTS, rng.randint(1, 3))
    ):
        value = Decimal(threshold) * Decimal(rng.randint(60, 140)) / 100
        evaluation.measurements.append(
            Measurement(
                position=position,
                name=name,
                value=value.quantize(Decimal("0.1")),
                unit=unit,
                threshold=Decimal(threshold),
                direction=direction,
            )
        )


def _consultation(b: Builder, year: int, organization, projects: list[Project]) -> None:
    rng = b.rng
    opened = b.day(year)
    closed = rng.random() < 0.7 or year < 2023
    closed_on = b.later(opened, 120) if closed else None
    consultation = b.add(
        Consultation(
            hub="welltech",
            organization_id=organization.id,
            opened_on=opened,
            kind=rng.choice(("consultation", "technical_advice")),
            channel=rng.choice(list(CONSULTATION_CHANNELS)),
            topic=rng.choice(WELLTECH.topics),
            title=rng.choice(names.CONSULTATION_TITLES),
            summary="デモ用の架空の相談です。",
            status="closed" if closed else "open",
            closed_on=closed_on,
            project_id=rng.choice(projects).id if projects and rng.random() < 0.3 else None,
        )
    )
    b.flush()
    day = opened
    for step in range(rng.randint(1, 3)):
        b.add(
            ConsultationActivity(
                consultation_id=consultation.id,
                occurred_on=day,
                notes=("初回の聞き取り", "資料を確認し助言", "評価方法を提案")[step],
            )
        )
        day = b.later(day, 30, closed_on)

"""Live figures a report's text may name as `{code}` (DESIGN §10).

A programme's figures are its KPIs (counted or entered) and the counts below: its records
of the year by type and kind, each a declarative measure of kpi.measures, so the number
in a sentence such as 「福祉製品開発勉強会（{welltech.study_sessions}回）の開催」 comes
from the same engine, by the same rules, as the KPI table. All of a year's figures are
counted in one statement; nothing is loaded into Python to be counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import literal, select, union_all

from hub_app.events.models import Event
from hub_app.extensions import db
from hub_app.knic.models import Matching, Partnership
from hub_app.kpi.measures import Measure
from hub_app.kpi.report import KpiLine
from hub_app.welltech.models import Consultation, Evaluation, Invitation, Project

#: `{code}` in a section's text; a code is what a KPI or a figure is named by
PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.]+)\}")


@dataclass(frozen=True)
class FigureDefinition:
    code: str
    label: str
    unit: str
    measure: Measure


@dataclass(frozen=True)
class Figure:
    """A figure available to a report's text, with its value in the report's year."""

    code: str
    label: str
    unit: str
    value: int | None
    #: `records` (counted) or `entered` (a KPI's entered figure)
    source: str = "records"

    @property
    def text(self) -> str:
        return "—" if self.value is None else f"{self.value:,}"


def _count(
    code: str, label: str, unit: str, source: type, date_column: Any, hub: str, *filters: Any
) -> FigureDefinition:
    joins: tuple[tuple[type, Any], ...] = ()
    hub_column = getattr(source, "hub", None)
    if source is Evaluation:
        joins = ((Project, Evaluation.project_id == Project.id),)
        hub_column = Project.hub
    return FigureDefinition(
        code,
        label,
        unit,
        Measure(
            name=code,
            type=source.audit_name,
            hub=hub,
            source=source,
            joins=joins,
            date=date_column,
            hub_column=hub_column,
            counted=source.id,
            filters=tuple(filters),
            counts=label,
            date_label="",
        ),
    )


def _events(code: str, label: str, hub: str, *kinds: str) -> FigureDefinition:
    return _count(code, label, "回", Event, Event.held_on, hub, Event.kind.in_(kinds))


def _participants(code: str, label: str, hub: str, *kinds: str) -> FigureDefinition:
    """Participants counted by head (an event's `headcount`): a sum, not a count."""
    definition = _events(code, label, hub, *kinds)
    return FigureDefinition(code, label, "人", replace(definition.measure, summed=Event.headcount))


def _evaluations(code: str, label: str, *filters: Any) -> FigureDefinition:
    return _count(code, label, "件", Evaluation, Evaluation.evaluated_on, "welltech", *filters)


WELLTECH = [
    _events("welltech.study_sessions", "福祉製品開発勉強会の開催回数", "welltech", "study_session"),
    _participants(
        "welltech.study_session_participants",
        "福祉製品開発勉強会の参加者数(人数で記録した参加者)",
        "welltech",
        "study_session",
    ),
    _events("welltech.seminars", "セミナーの開催回数", "welltech", "seminar"),
    _count(
        "welltech.consultations_only",
        "相談の件数(技術助言を除く)",
        "件",
        Consultation,
        Consultation.opened_on,
        "welltech",
        Consultation.kind == "consultation",
    ),
    _count(
        "welltech.technical_advice",
        "技術助言の件数",
        "件",
        Consultation,
        Consultation.opened_on,
        "welltech",
        Consultation.kind == "technical_advice",
    ),
    _count(
        "welltech.invitations_joined",
        "参画打診のうち参画に至った件数",
        "件",
        Invitation,
        Invitation.invited_on,
        "welltech",
        Invitation.outcome == "joined",
    ),
    _count(
        "welltech.improvement_projects",
        "改良プロジェクトの件数(開始年度)",
        "件",
        Project,
        Project.started_on,
        "welltech",
        Project.kind == "improvement",
    ),
    _count(
        "welltech.new_development_projects",
        "新規開発プロジェクトの件数(開始年度)",
        "件",
        Project,
        Project.started_on,
        "welltech",
        Project.kind == "new_development",
    ),
    _evaluations("welltech.evaluations", "製品評価の件数"),
    _evaluations(
        "welltech.evaluations_mock_lab",
        "模擬環境ラボでの製品評価の件数",
        Evaluation.setting == "mock_lab",
    ),
    _evaluations(
        "welltech.evaluations_care_facility",
        "高齢者施設(実環境)での製品評価の件数",
        Evaluation.setting == "care_facility",
    ),
    _evaluations(
        "welltech.evaluations_home", "在宅での製品評価の件数", Evaluation.setting == "home"
    ),
    _evaluations(
        "welltech.video_analyses",
        "動画分析による製品評価の件数",
        Evaluation.method == "video_analysis",
    ),
]

KNIC = [
    _events("knic.trainings", "育成プログラムの開催回数", "knic", "training"),
    _events("knic.seminars", "セミナーの開催回数", "knic", "seminar"),
    _events("knic.matching_events", "マッチングイベントの開催回数", "knic", "matching_event"),
    _events("knic.partner_events", "連携イベントの開催回数", "knic", "partner_event"),
    _participants(
        "knic.event_participants",
        "イベントの参加者数(人数で記録した参加者)",
        "knic",
        "training",
        "seminar",
        "matching_event",
        "partner_event",
    ),
    _count(
        "knic.partner_companies",
        "パートナー企業となった連携の件数",
        "件",
        Partnership,
        Partnership.concluded_on,
        "knic",
        Partnership.kind == "partner_company",
    ),
    _count(
        "knic.matchings_proposed",
        "マッチング候補の提案件数(提案日の年度)",
        "件",
        Matching,
        Matching.proposed_on,
        "knic",
    ),
]

#: the counted figures of each programme, besides its KPIs
DEFINITIONS: dict[str, list[FigureDefinition]] = {"welltech": WELLTECH, "knic": KNIC}


def counted(
    programmes: list[str], year: int, today: date, only: set[str] | None = None
) -> dict[str, dict[str, int]]:
    """Every counted figure of `programmes` in `year` (or those `only` names), in one
    statement.

    Only what has happened counts: an event scheduled later in a running year is not
    yet 「開催」. A document counts only the figures its text names: all of them cost more
    than the whole KPI report on a large database.
    """
    definitions = [
        d for p in programmes for d in DEFINITIONS.get(p, []) if only is None or d.code in only
    ]
    result: dict[str, dict[str, int]] = {p: {} for p in programmes}
    if not definitions:
        return result
    branches = []
    for definition in definitions:
        figure = definition.measure.figures_query([year], until=today).subquery()
        branches.append(select(literal(definition.code).label("code"), figure.c.figure))
    statement = branches[0] if len(branches) == 1 else union_all(*branches)
    values = {code: int(figure or 0) for code, figure in db.session.execute(statement)}
    for programme in programmes:
        for definition in DEFINITIONS.get(programme, []):
            if definition.code in values:
                result[programme][definition.code] = values[definition.code]
    return result


def available(
    programme: str, year: int, lines: list[KpiLine], values: dict[str, int]
) -> list[Figure]:
    """The figures a report of `programme` may name: its KPIs first, then its counts."""
    figures = [
        Figure(line.code, line.name, line.unit, line.actual(year), line.source) for line in lines
    ]
    figures += [
        Figure(d.code, d.label, d.unit, values[d.code])
        for d in DEFINITIONS.get(programme, [])
        if d.code in values
    ]
    return figures


def known_codes(programme: str) -> set[str]:
    """The codes a report of `programme` may name, without counting anything."""
    from hub_app.kpi.models import Kpi

    kpis = db.session.scalars(select(Kpi.code).where(Kpi.programme == programme))
    return {*kpis, *(d.code for d in DEFINITIONS.get(programme, []))}


def codes_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def unknown_codes(text: str, known: set[str]) -> list[str]:
    return [code for code in dict.fromkeys(codes_in(text)) if code not in known]


def resolve(text: str, figures: dict[str, Figure]) -> str:
    """The text with each `{code}` replaced by its figure; unknown codes stay as written."""

    def value(match: re.Match[str]) -> str:
        figure = figures.get(match.group(1))
        return figure.text if figure is not None else match.group(0)

    return PLACEHOLDER.sub(value, text or "")

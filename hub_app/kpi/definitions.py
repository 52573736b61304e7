"""The seven measures of DESIGN §5, as data: what each KPI counts and by which date."""

from __future__ import annotations

from datetime import date
from typing import Any

from hub_app.core.enums import (
    CONSULTATION_KINDS,
    INVITATION_OUTCOMES,
    MATCHING_STAGES,
    PARTNERSHIP_KINDS,
    PROJECT_KINDS,
    PROJECT_STAGES,
    label,
)
from hub_app.events.models import Attendance, Event
from hub_app.knic.models import Matching, Partnership, Talent
from hub_app.kpi.measures import Field, Link, Measure, register
from hub_app.welltech.models import Consultation, Invitation, Project


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _org_name(record: Any) -> str:
    organization = getattr(record, "organization", None) or getattr(
        record, "lead_organization", None
    )
    return organization.name if organization is not None else ""


def _first_event_id(unit: Any) -> int | None:
    return unit.first.id if unit.first is not None else None


def _first_event_title(unit: Any) -> str:
    return unit.first.title if unit.first is not None else ""


ORG = Field("organization", "企業・団体", _org_name)

register(
    Measure(
        name="welltech_projects",
        link=Link("welltech.projects.show", "project_id"),
        type="project",
        hub="welltech",
        source=Project,
        date=Project.started_on,
        hub_column=Project.hub,
        counted=Project.id,
        counts="ウェルテックの改良・新規開発プロジェクト(中止を含むすべての段階)",
        date_label="開始日",
        eager=(Project.lead_organization,),
        fields=(
            Field("started_on", "開始日", lambda p: _iso(p.started_on), is_date=True),
            Field("title", "名称", lambda p: p.title),
            Field("kind", "種別", lambda p: p.kind, lambda p: label(PROJECT_KINDS, p.kind)),
            Field("stage", "段階", lambda p: p.stage, lambda p: label(PROJECT_STAGES, p.stage)),
            Field("lead_organization", "主たる企業", _org_name),
        ),
    )
)
register(
    Measure(
        name="welltech_invitations",
        link=Link("welltech.invitations.show", "invitation_id"),
        type="invitation",
        hub="welltech",
        source=Invitation,
        date=Invitation.invited_on,
        hub_column=Invitation.hub,
        counted=Invitation.id,
        counts="ウェルテックのプロジェクト参画打診(結果を問わずすべて)",
        date_label="打診日",
        eager=(Invitation.organization,),
        fields=(
            Field("invited_on", "打診日", lambda i: _iso(i.invited_on), is_date=True),
            ORG,
            Field(
                "outcome",
                "結果",
                lambda i: i.outcome,
                lambda i: label(INVITATION_OUTCOMES, i.outcome),
            ),
        ),
    )
)
register(
    Measure(
        name="welltech_consultations",
        link=Link("welltech.consultations.show", "consultation_id"),
        type="consultation",
        hub="welltech",
        source=Consultation,
        date=Consultation.opened_on,
        hub_column=Consultation.hub,
        counted=Consultation.id,
        counts="ウェルテックの相談・技術助言(相談と技術助言の両方)",
        date_label="受付日",
        eager=(Consultation.organization,),
        fields=(
            Field("opened_on", "受付日", lambda c: _iso(c.opened_on), is_date=True),
            Field("title", "件名", lambda c: c.title),
            Field("kind", "種別", lambda c: c.kind, lambda c: label(CONSULTATION_KINDS, c.kind)),
            ORG,
        ),
    )
)
register(
    Measure(
        name="welltech_commercialized",
        link=Link("welltech.projects.show", "project_id"),
        type="project",
        hub="welltech",
        source=Project,
        date=Project.launched_on,
        hub_column=Project.hub,
        counted=Project.id,
        counts="ウェルテックのプロジェクトのうち市場化日(製品・サービスの上市日)があるもの",
        date_label="市場化日",
        filters=(Project.launched_on.is_not(None),),
        eager=(Project.lead_organization,),
        fields=(
            Field("launched_on", "市場化日", lambda p: _iso(p.launched_on), is_date=True),
            Field("title", "名称", lambda p: p.title),
            Field("stage", "段階", lambda p: p.stage, lambda p: label(PROJECT_STAGES, p.stage)),
            Field("lead_organization", "主たる企業", _org_name),
        ),
    )
)
register(
    Measure(
        name="knic_trained_talents",
        link=Link("knic.talent", "talent_id", private=True),
        type="talent",
        hub="knic",
        source=Attendance,
        joins=(
            (Event, Attendance.event_id == Event.id),
            (Talent, Attendance.talent_id == Talent.id),
        ),
        date=Event.held_on,
        hub_column=Event.hub,
        counted=Attendance.talent_id,
        distinct=True,
        unit_model=Talent,
        occasion=Event,
        filters=(Event.kind.in_(("training", "seminar")), Attendance.talent_id.is_not(None)),
        counts=(
            "K-NICの育成プログラムまたはセミナーに参加した副業・兼業人材の実人数"
            "(同じ人は年度内に何回参加しても1人)"
        ),
        date_label="イベントの開催日",
        fields=(
            Field("full_name", "氏名", lambda u: u.person.full_name, private=True),
            Field("attendances", "参加回数", lambda u: u.attendances),
            Field("first_on", "初回参加日", lambda u: _iso(u.first_on), is_date=True),
            Field(
                "first_event",
                "初回参加イベント",
                _first_event_id,
                _first_event_title,
                link=Link("events.show", "event_id", _first_event_id),
            ),
        ),
    )
)
register(
    Measure(
        name="knic_matchings",
        link=Link("knic.matching", "matching_id"),
        type="matching",
        hub="knic",
        source=Matching,
        date=Matching.agreed_on,
        hub_column=Matching.hub,
        counted=Matching.id,
        filters=(Matching.stage.in_(("agreed", "ended")),),
        counts="K-NICのマッチングのうち状態が成立または終了のもの",
        date_label="成立日",
        eager=(Matching.organization, Matching.talent),
        fields=(
            Field("agreed_on", "成立日", lambda m: _iso(m.agreed_on), is_date=True),
            Field("stage", "状態", lambda m: m.stage, lambda m: label(MATCHING_STAGES, m.stage)),
            Field(
                "talent",
                "人材",
                lambda m: m.talent.full_name,
                private=True,
                link=Link("knic.talent", "talent_id", lambda m: m.talent_id, private=True),
            ),
            ORG,
            Field("role", "役割", lambda m: m.role),
        ),
    )
)
register(
    Measure(
        name="knic_partnerships",
        link=Link("knic.partnership", "partnership_id"),
        type="partnership",
        hub="knic",
        source=Partnership,
        date=Partnership.concluded_on,
        hub_column=Partnership.hub,
        counted=Partnership.id,
        counts="K-NICの大企業等との連携(パートナー企業・連携協定・共催など)",
        date_label="締結日",
        eager=(Partnership.organization,),
        fields=(
            Field("concluded_on", "締結日", lambda p: _iso(p.concluded_on), is_date=True),
            ORG,
            Field("kind", "種別", lambda p: p.kind, lambda p: label(PARTNERSHIP_KINDS, p.kind)),
        ),
    )
)

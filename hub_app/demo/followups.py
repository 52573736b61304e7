"""Demo follow-ups: the next steps of open consultations, live projects and matchings, due
from ten days ago to two weeks ahead, so 「自分のフォローアップ」 and the 期限切れ filter
have work in them on a first start.

Each goes to someone who may be responsible for it: a consultation to a member of Welltech
(its 担当職員 must be one), a project or a matching to a member of the hub or an admin. On a
first start (`run.py --demo`) that is the first admin alone, who then sees the projects and
matchings; consultations wait for Welltech staff to be assigned.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from hub_app.auth.models import User
from hub_app.core import clock
from hub_app.core.fiscal import fiscal_year, fiscal_year_start
from hub_app.demo.builder import Builder
from hub_app.extensions import db
from hub_app.knic.models import Matching
from hub_app.welltech.models import Consultation, Project

EARLIEST, LATEST = -10, 14
NEXT_STEPS = {
    "consultation": (
        "試作品の評価結果を電話で伝える",
        "補助金の申請書の下書きを確認する",
        "評価計画の案をメールで送る",
        "模擬環境ラボの見学日を決める",
    ),
    "project": (
        "評価の日程を企業と調整する",
        "改良版の試作品を受け取る",
        "動画分析の結果を共有する",
    ),
    "matching": (
        "面談の日程を調整する",
        "業務内容と時間をすり合わせる",
        "成立1か月後の振り返り面談",
    ),
}


def members(people: list[User], hub: str, admins_too: bool) -> list[User]:
    return [
        user
        for user in people
        if (admins_too and user.role == "admin")
        or (user.role != "viewer" and hub in {m.hub for m in user.memberships})
    ]


def _due(b: Builder, record: Any, kind: str) -> None:
    record.next_action_on = clock.today() + timedelta(days=b.rng.randint(EARLIEST, LATEST))
    record.next_action = b.rng.choice(NEXT_STEPS[kind])


def build(b: Builder) -> None:
    b.flush()
    people = list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)))
    staff = members(people, "welltech", admins_too=False)
    welltech = members(people, "welltech", admins_too=True)
    knic = members(people, "knic", admins_too=True)
    consultations = db.session.scalars(
        select(Consultation)
        .where(Consultation.status == "open", Consultation.deleted_at.is_(None))
        .order_by(Consultation.id)
    )
    for consultation in consultations:
        _due(b, consultation, "consultation")
        if staff and consultation.staff_id is None:
            consultation.staff_id = b.rng.choice(staff).id
    projects = db.session.scalars(
        select(Project)
        .where(Project.stage.in_(("planning", "evaluating", "improving")))
        .order_by(Project.id)
    )
    for project in projects:
        _due(b, project, "project")
        if welltech:
            project.created_by = b.rng.choice(welltech).id
    this_year = fiscal_year(clock.today())
    matchings = db.session.scalars(
        select(Matching)
        .where(
            Matching.stage.in_(("proposed", "introduced", "interviewing", "agreed")),
            Matching.proposed_on >= fiscal_year_start(this_year - 1),
        )
        .order_by(Matching.id)
    )
    for matching in matchings:
        if matching.stage == "agreed" and fiscal_year(matching.agreed_on) < this_year:
            continue  # an agreement of an earlier year runs without a call-back
        _due(b, matching, "matching")
        if knic and matching.coordinator_id is None:
            matching.coordinator_id = b.rng.choice(knic).id

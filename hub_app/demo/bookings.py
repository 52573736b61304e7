"""Demo bookings: three weeks either side of today, so the calendar opens on a lived-in week."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from hub_app.bookings.models import Booking
from hub_app.core import clock
from hub_app.core.datetimes import TOKYO
from hub_app.core.enums import EVALUATION_ASPECTS, FACILITIES
from hub_app.demo.builder import Builder
from hub_app.extensions import db
from hub_app.welltech.models import Evaluation, Project

WEEKS = 3
#: (hour, minute, length in minutes): the slots of a day never overlap, so neither do the bookings
SLOTS = ((9, 30, 90), (11, 0, 60), (13, 0, 120), (15, 30, 90))
VISITS = ("見学対応", "機器の搬入・設置", "撮影準備", "企業との打合せ")


def build(b: Builder) -> None:
    rng = b.rng
    b.flush()
    projects = list(
        db.session.scalars(select(Project).where(Project.hub == "welltech").order_by(Project.id))
    )
    live = [p for p in projects if p.stage not in ("cancelled", "closed", "launched")]
    evaluations = [e for p in live for e in p.evaluations]
    cancelled = [p for p in projects if p.stage == "cancelled"]
    today = clock.today()
    first = today - timedelta(days=today.weekday() + 7 * WEEKS)
    for offset in range(7 * WEEKS * 2):
        day = first + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for facility in FACILITIES:
            taken = rng.sample(SLOTS, rng.choice((0, 1, 1, 2)))
            for hour, minute, minutes in taken:
                starts = datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)
                b.add(_booking(b, facility, starts, minutes, live, evaluations))
    if cancelled and live:
        # a slot a cancelled project once held: the calendar shows it struck through
        day = today + timedelta(days=(7 - today.weekday()) % 7 + 2)
        starts = datetime(day.year, day.month, day.day, 17, 0, tzinfo=TOKYO)
        project = cancelled[0]
        b.add(
            Booking(
                hub="welltech",
                facility="mock_lab",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                title=f"{project.title} 評価(中止)",
                organization_id=project.lead_organization_id,
                project_id=project.id,
                notes="デモ用の架空データ",
            )
        )


def _booking(
    b: Builder,
    facility: str,
    starts: datetime,
    minutes: int,
    projects: list[Project],
    evaluations: list[Evaluation],
) -> Booking:
    rng = b.rng
    booking = Booking(
        hub="welltech",
        facility=facility,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        notes="デモ用の架空データ",
    )
    if facility != "meeting_room" and evaluations and rng.random() < 0.6:
        evaluation = rng.choice(evaluations)
        booking.evaluation_id = evaluation.id
        booking.project_id = evaluation.project_id
        booking.organization_id = evaluation.project.lead_organization_id
        aspect = EVALUATION_ASPECTS[evaluation.aspect]
        booking.title = f"{evaluation.project.title} {aspect}評価"
    elif projects and rng.random() < 0.5:
        project = rng.choice(projects)
        booking.project_id = project.id
        booking.organization_id = project.lead_organization_id
        booking.title = f"{project.title} 打合せ"
    else:
        booking.title = rng.choice(VISITS)
    return booking

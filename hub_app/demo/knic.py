"""K-NIC's demo records: talents, training and seminars with rosters, matchings through
the pipeline, partnerships with large companies."""

from __future__ import annotations

from datetime import timedelta

from hub_app.core.enums import COMPENSATIONS, PARTNERSHIP_KINDS, SKILLS
from hub_app.core.fiscal import fiscal_year_start
from hub_app.demo import names
from hub_app.demo.builder import Builder, demo_years, per_year
from hub_app.events.models import Attendance, Event
from hub_app.knic.models import Matching, Partnership, Talent
from hub_app.organizations.models import Organization

# The years after FY2024 repeat FY2024's figures (builder.per_year).
# Distinct talents at K-NIC training or seminars per fiscal year (FY2022 = 149, DESIGN §4).
TRAINED = {2020: 58, 2021: 96, 2022: 149, 2023: 162, 2024: 171}
# Matchings agreed per fiscal year (FY2022 = 17), and others that stayed in the pipeline.
AGREED = {2020: 4, 2021: 9, 2022: 17, 2023: 19, 2024: 15}
PIPELINE = {2020: 6, 2021: 8, 2022: 10, 2023: 12, 2024: 14}
PARTNERSHIPS = {2020: 4, 2021: 6, 2022: 9, 2023: 8, 2024: 7}
TALENTS = 420


TABLE_YEARS = sorted(AGREED)


def build(b: Builder, employers: list[Organization], startups: list[Organization]) -> list[Talent]:
    """The talents and the table's years; the talents, for the years since (build_years)."""
    talents = _talents(b, employers)
    b.flush()
    build_years(b, TABLE_YEARS, talents, employers, startups)
    return talents


def build_years(b: Builder, years, talents: list[Talent], employers, startups) -> None:
    rng = b.rng
    for year in years:
        _events(b, year, talents)
        _matchings(b, year, talents, startups)
        for _ in range(per_year(PARTNERSHIPS, year)):
            b.add(
                Partnership(
                    hub="knic",
                    organization_id=rng.choice(employers).id,
                    concluded_on=b.day(year),
                    kind=rng.choice(list(PARTNERSHIP_KINDS)),
                    summary="デモ用の架空の連携です。",
                )
            )


def _talents(b: Builder, employers: list[Organization]) -> list[Talent]:
    rng = b.rng
    talents = []
    for number in range(1, TALENTS + 1):
        # registered early enough to attend: FY2019 Q4 for the first third, then spread out
        year = 2019 if number <= 140 else rng.choice((2020, 2021, 2022, 2023))
        registered = fiscal_year_start(year) + timedelta(days=rng.randrange(0, 300))
        talents.append(
            b.add(
                Talent(
                    full_name=b.names.person(),
                    email=f"demo-talent-{number:03d}@example.jp",
                    phone=f"090-0000-{number:04d}",
                    employer_id=rng.choice(employers).id,
                    job_title=rng.choice(names.JOB_TITLES),
                    skills=sorted(rng.sample(list(SKILLS), rng.randint(1, 3))),
                    desired_roles="事業開発の支援(デモ)",
                    hours_per_month=rng.choice((10, 16, 20, 30)),
                    side_job_permitted=rng.random() < 0.8,
                    consent_on=registered,
                    registered_on=registered,
                    status="active",
                    notes="デモ用の架空の人物です。",
                )
            )
        )
    return talents


def _events(b: Builder, year: int, talents: list[Talent]) -> None:
    """Training and seminars whose rosters hold exactly TRAINED[year] distinct talents."""
    rng = b.rng
    kinds = ["training", "training", "seminar", "seminar", "seminar", "matching_event"]
    kinds += ["partner_event"]
    events = []
    for number, kind in enumerate(kinds, start=1):
        events.append(
            b.add(
                Event(
                    hub="knic",
                    title=f"{rng.choice(names.EVENT_TITLES[kind])} {year}-{number}",
                    kind=kind,
                    held_on=b.day(year, before=fiscal_year_start(year) + timedelta(days=360)),
                    venue="K-NIC(川崎市幸区)",
                    summary="デモ用の架空のイベントです。",
                    headcount=rng.randint(0, 15),
                )
            )
        )
    b.flush()
    counted = [e for e in events if e.kind in ("training", "seminar")]
    eligible = [t for t in talents if t.registered_on <= min(e.held_on for e in counted)]
    chosen = rng.sample(eligible, per_year(TRAINED, year))
    for talent in chosen:  # each attends one to three of the counted events
        for event in rng.sample(counted, rng.randint(1, 3)):
            b.add(Attendance(event_id=event.id, talent_id=talent.id))
    for event in events:
        if event.kind == "matching_event":  # not counted: shows the KPI rule at work
            for talent in rng.sample(eligible, 12):
                b.add(Attendance(event_id=event.id, talent_id=talent.id))


def _matchings(b: Builder, year: int, talents: list[Talent], startups) -> None:
    rng = b.rng
    agreed_count, pipeline = per_year(AGREED, year), per_year(PIPELINE, year)
    stages = ["agreed"] * agreed_count + ["proposed", "introduced", "interviewing", "declined"] * (
        pipeline // 4
    )
    stages += ["declined"] * (pipeline % 4)
    ended = set(rng.sample(range(agreed_count), agreed_count // 3)) if year < 2024 else set()
    pairs = b.used_pairs
    for index, stage in enumerate(stages):
        while True:
            talent, startup = rng.choice(talents), rng.choice(startups)
            if (talent.id, startup.id) not in pairs and talent.registered_on < fiscal_year_start(
                year
            ) + timedelta(days=300):
                pairs.add((talent.id, startup.id))
                break
        proposed = b.day(
            year, after=talent.registered_on, before=fiscal_year_start(year) + timedelta(days=300)
        )
        introduced = b.later(proposed, 20) if stage != "proposed" else None
        agreed = None
        if stage == "agreed":
            agreed = b.day(year, after=introduced)
            if index in ended:
                stage = "ended"
            else:  # matched while agreed, as the matchings service keeps it
                talent.status = "matched"
        b.add(
            Matching(
                hub="knic",
                talent_id=talent.id,
                organization_id=startup.id,
                role=rng.choice(
                    ("事業計画の策定支援", "資金調達の助言", "海外展開の支援", "知財戦略")
                ),
                stage=stage,
                proposed_on=proposed,
                introduced_on=introduced,
                agreed_on=agreed,
                ended_on=b.later(agreed, 200) if stage == "ended" and agreed else None,
                hours_per_month=rng.choice((8, 10, 16, 20)),
                compensation=rng.choice(list(COMPENSATIONS)),
                notes="デモ用の架空のマッチングです。",
            )
        )


# Start-up consultations per fiscal year (no KPI counts them).
CONSULTATIONS = {2020: 8, 2021: 10, 2022: 12, 2023: 14, 2024: 12}


def consultations(b: Builder, startups: list[Organization]) -> None:
    """K-NIC's start-up consultations, some about a matching, the open ones with a next step.

    Built after every other record, so the rest of the dataset draws the same numbers."""
    from sqlalchemy import select

    from hub_app.auth.models import User
    from hub_app.consultations.hubs import KNIC
    from hub_app.core import clock
    from hub_app.demo.followups import members
    from hub_app.extensions import db
    from hub_app.welltech.models import Consultation, ConsultationActivity

    rng = b.rng
    people = list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)))
    staff = [user.id for user in members(people, "knic", admins_too=False)]
    matchings = list(db.session.scalars(select(Matching).where(Matching.hub == "knic")))
    for year in demo_years():
        for _ in range(per_year(CONSULTATIONS, year)):
            startup = rng.choice(startups)
            about = [m for m in matchings if m.organization_id == startup.id]
            opened = b.day(year)
            closed = year < 2023 or rng.random() < 0.6
            closed_on = b.later(opened, 90) if closed else None
            consultation = b.add(
                Consultation(
                    hub="knic",
                    organization_id=startup.id,
                    opened_on=opened,
                    kind="consultation",
                    channel=rng.choice(("visit", "online", "phone", "email")),
                    topic=rng.choice(KNIC.topics),
                    title=rng.choice(names.STARTUP_CONSULTATION_TITLES),
                    summary="デモ用の架空の起業相談です。",
                    status="closed" if closed else "open",
                    closed_on=closed_on,
                    matching_id=rng.choice(about).id if about and rng.random() < 0.5 else None,
                    next_action_on=None
                    if closed
                    else max(opened, clock.today() + timedelta(rng.randint(-5, 14))),
                    next_action=None if closed else "専門家の紹介について連絡",
                    staff_id=rng.choice(staff) if staff else None,
                )
            )
            b.flush()
            b.add(
                ConsultationActivity(
                    consultation_id=consultation.id,
                    occurred_on=opened,
                    notes="事業の状況と課題を聞き取り",
                )
            )

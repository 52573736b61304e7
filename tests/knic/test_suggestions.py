"""Suggested talents for a startup: the ranking function and what the page leaves out."""

from datetime import date, timedelta

from hub_app.core import clock
from hub_app.core.models import utcnow
from hub_app.knic.suggestions import Candidate, rank, score
from hub_app.knic.suggestions_views import suggestions_for
from tests.knic.helpers import make_matching, make_talent

TODAY = date(2024, 6, 1)
CONSENT = date(2024, 4, 1)


def candidate(talent_id: int, skills=(), hours=None, permitted=False, matchings=0, **extra):
    return Candidate(
        talent_id=talent_id,
        name=f"人材{talent_id}",
        skills=frozenset(skills),
        hours_per_month=hours,
        side_job_permitted=permitted,
        matchings=matchings,
        consent_on=extra.pop("consent_on", CONSENT),
        **extra,
    )


def test_score_parts():
    """2 of 3 skills (40) + 20 h of the 40 h cap (10) + permission (15) − one matching (5)."""
    total, covered, parts = score(
        ("finance", "sales", "ip"),
        candidate(1, {"finance", "ip", "hr"}, hours=20, permitted=True, matchings=1),
    )
    assert covered == ("finance", "ip")
    assert parts == {"skills": 40, "hours": 10, "permit": 15, "load": -5}
    assert total == 60


def test_ranking_prefers_coverage_then_hours_permission_and_fewer_matchings():
    wanted = ["finance", "sales"]
    ranked = rank(
        wanted,
        [
            candidate(1, {"finance"}, hours=40, permitted=True),  # 30 + 20 + 15 = 65
            candidate(2, {"finance", "sales"}, hours=10),  # 60 + 5 = 65, id 2 after 1
            candidate(3, {"finance", "sales"}, hours=40, permitted=True),  # 95
            candidate(4, {"finance", "sales"}, hours=40, permitted=True, matchings=5),  # 80
            candidate(5, {"hr"}, hours=40, permitted=True),  # covers nothing: left out
        ],
        today=TODAY,
    )
    assert [s.talent_id for s in ranked] == [3, 4, 1, 2]
    assert [s.score for s in ranked] == [95, 80, 65, 65]


def test_ties_go_to_the_less_busy_talent():
    ranked = rank(
        ["finance"],
        [candidate(1, {"finance"}, matchings=1, hours=40), candidate(2, {"finance"}, hours=30)],
        today=TODAY,
    )
    # 60 + 20 − 5 = 75 and 60 + 15 = 75: the one without matchings first
    assert [s.talent_id for s in ranked] == [2, 1]


def test_exclusions():
    ranked = rank(
        ["finance"],
        [
            candidate(1, {"finance"}, consent_on=None),
            candidate(2, {"finance"}, consent_on=TODAY + timedelta(days=1)),
            candidate(3, {"finance"}, status="inactive"),
            candidate(4, {"finance"}, deleted=True),
            candidate(5, {"finance"}, anonymized=True),
            candidate(6, {"finance"}, in_pipeline=True),
            candidate(7, {"finance"}, status="matched"),
        ],
        today=TODAY,
    )
    assert [s.talent_id for s in ranked] == [7]


def test_reason_in_words():
    (suggestion,) = rank(
        ["finance", "ip"],
        [candidate(1, {"ip"}, hours=12, permitted=True, matchings=2)],
        today=TODAY,
    )
    assert suggestion.reason == (
        "求めるスキル2件のうち1件(知財)に対応、月12時間まで対応可、"
        "勤務先の副業許可あり、進行中・成立のマッチング2件"
    )


def test_without_wanted_skills_the_other_parts_decide():
    ranked = rank([], [candidate(1, hours=5), candidate(2, hours=30, permitted=True)], today=TODAY)
    assert [s.talent_id for s in ranked] == [2, 1]
    assert "求めるスキルが未登録" in ranked[0].reason


def test_limit():
    ranked = rank(["finance"], [candidate(i, {"finance"}) for i in range(1, 30)], limit=5)
    assert [s.talent_id for s in ranked] == [1, 2, 3, 4, 5]


def test_database_candidates_leave_out_who_may_not_be_suggested(app, make_organization):
    startup = make_organization("スタートアップJ", kind="startup", skills_wanted=["finance"])
    other = make_organization("スタートアップK", kind="startup")
    make_talent("適任 者", skills=["finance"], hours_per_month=20, side_job_permitted=True)
    make_talent("休止 者", skills=["finance"], status="inactive")
    make_talent("匿名", skills=["finance"], anonymized_at=clock.today())
    make_talent("消えた 者", skills=["finance"], deleted_at=utcnow())
    make_talent("他分野 者", skills=["hr"])
    in_pipeline = make_talent("進行中 者", skills=["finance"])
    make_matching(in_pipeline, startup, stage="interviewing")
    declined = make_talent("不成立 者", skills=["finance"])
    make_matching(declined, startup, stage="declined")
    busy = make_talent("多忙 者", skills=["finance"])
    make_matching(busy, other, stage="agreed", agreed_on=date(2024, 5, 1))
    names = [s.name for s in suggestions_for(startup)]
    assert names[0] == "適任 者"
    assert "休止 者" not in names and "匿名" not in names and "消えた 者" not in names
    assert "進行中 者" not in names
    assert "他分野 者" not in names
    assert "不成立 者" in names and "多忙 者" in names
    busy_reason = next(s.reason for s in suggestions_for(startup) if s.name == "多忙 者")
    assert "マッチング1件" in busy_reason


def test_startup_page_shows_suggestions_only_to_talent_readers(
    client, login, make_user, make_organization
):
    startup = make_organization("スタートアップL", kind="startup", skills_wanted=["sales"])
    make_talent("営業 のプロ", skills=["sales"], hours_per_month=30, side_job_permitted=True)
    login(make_user("staff", ["knic"]))
    page = client.get(f"/organizations/{startup.id}").text
    assert (
        "人材の提案" in page and "営業 のプロ" in page and "求めるスキル1件のうち1件(営業)" in page
    )
    assert "/knic/matchings/new?" in page  # a link to propose them
    other = client.application.test_client()
    login(make_user("staff", ["welltech"]), test_client=other)
    page = other.get(f"/organizations/{startup.id}").text
    assert "営業 のプロ" not in page and "人材の提案" not in page

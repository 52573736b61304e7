"""Which talents best fit a startup's needs: a pure, documented ranking (no database).

Score (0–100, higher is better), the sum of four parts:

* skills  — up to 60: the share of the startup's wanted skills the talent covers
  (2 of 3 wanted skills → 40). When the startup names no skills, every talent gets 0 here
  and the other parts decide; when it does name some, talents covering none are left out.
* hours   — up to 20: hours per month available, capped at 40 h (20 h → 10, unknown → 0).
* permit  — 15 when the employer permits side jobs, else 0 (an unpermitted placement
  usually cannot go ahead).
* load    — minus 5 per matching the talent already has in progress or agreed, at most
  minus 15, so people who are already busy drop behind equally fitting ones.

Ties are broken by fewer existing matchings, then by id, so the order is stable.

Left out altogether: talents without consent (no consent date, or one in the future),
inactive, deleted or anonymised ones, and pairs already in the open pipeline with this
startup (a matching that is neither declined nor ended).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from hub_app.core import clock
from hub_app.core.enums import SKILLS

SKILL_WEIGHT = 60
HOURS_WEIGHT = 20
HOURS_CAP = 40
PERMIT_POINTS = 15
LOAD_PENALTY = 5
LOAD_PENALTY_CAP = 15


@dataclass(frozen=True)
class Candidate:
    """What the ranking needs to know about one talent."""

    talent_id: int
    name: str
    skills: frozenset[str]
    hours_per_month: int | None
    side_job_permitted: bool
    matchings: int = 0
    consent_on: date | None = None
    status: str = "active"
    deleted: bool = False
    anonymized: bool = False
    in_pipeline: bool = False


@dataclass(frozen=True)
class Suggestion:
    talent_id: int
    name: str
    score: int
    covered: tuple[str, ...]
    reason: str
    parts: dict[str, int] = field(default_factory=dict, compare=False)


def excluded(candidate: Candidate, today: date) -> bool:
    return (
        candidate.consent_on is None
        or candidate.consent_on > today
        or candidate.status == "inactive"
        or candidate.deleted
        or candidate.anonymized
        or candidate.in_pipeline
    )


def _reason(wanted: Sequence[str], covered: Sequence[str], candidate: Candidate) -> str:
    words = []
    if wanted:
        names = "・".join(SKILLS.get(s, s) for s in covered)
        words.append(f"求めるスキル{len(wanted)}件のうち{len(covered)}件({names})に対応")
    else:
        words.append("求めるスキルが未登録のため、スキル以外で評価")
    if candidate.hours_per_month is None:
        words.append("対応可能時間は未登録")
    else:
        words.append(f"月{candidate.hours_per_month}時間まで対応可")
    words.append("勤務先の副業許可あり" if candidate.side_job_permitted else "副業許可は未確認")
    words.append(
        f"進行中・成立のマッチング{candidate.matchings}件"
        if candidate.matchings
        else "他のマッチングなし"
    )
    return "、".join(words)


def score(wanted: Sequence[str], candidate: Candidate) -> tuple[int, tuple[str, ...], dict]:
    """The score of one candidate, the wanted skills they cover, and the parts."""
    covered = tuple(s for s in wanted if s in candidate.skills)
    skills = round(SKILL_WEIGHT * len(covered) / len(wanted)) if wanted else 0
    hours = round(HOURS_WEIGHT * min(candidate.hours_per_month or 0, HOURS_CAP) / HOURS_CAP)
    permit = PERMIT_POINTS if candidate.side_job_permitted else 0
    load = -min(LOAD_PENALTY * candidate.matchings, LOAD_PENALTY_CAP)
    parts = {"skills": skills, "hours": hours, "permit": permit, "load": load}
    return skills + hours + permit + load, covered, parts


def rank(
    skills_wanted: Iterable[str],
    candidates: Iterable[Candidate],
    limit: int = 10,
    today: date | None = None,
) -> list[Suggestion]:
    """The `limit` best-fitting candidates, best first, each with its reason in Japanese."""
    today = today or clock.today()
    wanted = tuple(dict.fromkeys(s for s in skills_wanted if s))
    scored = []
    for candidate in candidates:
        if excluded(candidate, today):
            continue
        total, covered, parts = score(wanted, candidate)
        if wanted and not covered:
            continue
        scored.append((-total, candidate.matchings, candidate.talent_id, candidate, covered, parts))
    best = heapq.nsmallest(limit, scored, key=lambda row: row[:3])
    return [
        Suggestion(
            talent_id=c.talent_id,
            name=c.name,
            score=-negative,
            covered=covered,
            reason=_reason(wanted, covered, c),
            parts=parts,
        )
        for negative, _m, _id, c, covered, parts in best
    ]

"""The suggestions section of a startup's page: candidates loaded in two queries, then ranked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, cast, func, or_, select

from hub_app.core.enums import MATCHING_CLOSED_STAGES, SKILLS
from hub_app.core.permissions import can_see_talents
from hub_app.extensions import db
from hub_app.knic.access import can_write_talents
from hub_app.knic.models import Matching, Talent
from hub_app.knic.suggestions import Candidate, Suggestion, rank
from hub_app.knic.talents.queries import skill_clause
from hub_app.organizations.views import DETAIL_SECTIONS


def candidates_for(organization_id: int, wanted: Sequence[str] = ()) -> list[Candidate]:
    """Eligible talents with their count of open or agreed matchings.

    SQL already leaves out what `rank` would (deleted, anonymised, inactive, in this
    startup's open pipeline, and — when skills are wanted — those covering none of them),
    and each candidate carries only the wanted skills it covers: the ranking needs no
    more, and skipping JSON decoding keeps the page fast for 10,000 talents.
    """
    busy = (
        select(Matching.talent_id, func.count(Matching.id).label("n"))
        .where(Matching.deleted_at.is_(None), Matching.stage.not_in(MATCHING_CLOSED_STAGES))
        .group_by(Matching.talent_id)
        .subquery()
    )
    here = (
        select(Matching.talent_id)
        .where(
            Matching.deleted_at.is_(None),
            Matching.organization_id == organization_id,
            Matching.stage.not_in(MATCHING_CLOSED_STAGES),
        )
        .scalar_subquery()
    )
    query = (
        select(
            Talent.id,
            Talent.full_name,
            cast(Talent.skills, String),
            Talent.hours_per_month,
            Talent.side_job_permitted,
            Talent.consent_on,
            Talent.status,
            func.coalesce(busy.c.n, 0),
        )
        .outerjoin(busy, busy.c.talent_id == Talent.id)
        .where(
            Talent.deleted_at.is_(None),
            Talent.anonymized_at.is_(None),
            Talent.status != "inactive",
            Talent.id.not_in(here),
        )
    )
    if wanted:
        query = query.where(or_(*(skill_clause(code) for code in wanted)))
    tokens = [(code, f'"{code}"') for code in wanted]
    return [
        Candidate(
            talent_id=row[0],
            name=row[1],
            skills=frozenset(code for code, token in tokens if token in (row[2] or "")),
            hours_per_month=row[3],
            side_job_permitted=bool(row[4]),
            consent_on=row[5],
            status=row[6],
            matchings=int(row[7]),
        )
        for row in db.session.execute(query)
    ]


def suggestions_for(organization: Any, limit: int = 10) -> list[Suggestion]:
    wanted = [code for code in organization.skills_wanted or [] if code in SKILLS]
    return rank(wanted, candidates_for(organization.id, wanted), limit=limit)


def _section(organization: Any, user: Any) -> dict | None:
    if organization.kind != "startup" or not can_see_talents(user):
        return None
    return {
        "organization": organization,
        "suggestions": suggestions_for(organization),
        "can_write": can_write_talents(user),
    }


DETAIL_SECTIONS.append(("人材の提案(K-NIC)", "knic/suggestions/_section.html", _section))

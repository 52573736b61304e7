"""How the header search finds K-NIC's records.

Talents are found only by those who may see them (admins and K-NIC members), and never
by their contacts: e-mail and phone stay out of the index. A matching is indexed without
its talent's name, since managers outside K-NIC read matchings but not talents; those who
may see talents get the name in the title shown.
"""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from hub_app.core.enums import MATCHING_STAGES, PARTNERSHIP_KINDS, TALENT_STATUSES
from hub_app.core.permissions import can_see_talents
from hub_app.knic.models import Matching, Partnership, Talent
from hub_app.search.registry import Document, Searchable, add, hubless


def _talent(talent: Talent) -> Document:
    return Document(
        title=talent.full_name,
        kana=talent.full_name_kana,
        texts=(
            talent.employer.name if talent.employer else None,
            talent.job_title,
            talent.desired_roles,
            talent.notes,
        ),
        day=talent.registered_on,
    )


def _matching(matching: Matching) -> Document:
    return Document(
        title=matching.organization.name,
        hub=matching.hub,
        texts=(matching.role, matching.notes, matching.ref),
        day=matching.agreed_on or matching.introduced_on or matching.proposed_on,
    )


def _describe_matching(matching: Matching, user: object) -> tuple[str, str | None]:
    title = matching.organization.name
    if can_see_talents(user):
        title = f"{matching.talent.full_name} × {title}"
    stage = MATCHING_STAGES.get(matching.stage, matching.stage)
    return title, " · ".join(part for part in (matching.role, stage) if part)


def _partnership(partnership: Partnership) -> Document:
    kind = PARTNERSHIP_KINDS.get(partnership.kind, partnership.kind)
    return Document(
        title=f"{partnership.organization.name}({kind})",
        hub=partnership.hub,
        texts=(partnership.summary, partnership.ref),
        day=partnership.concluded_on,
    )


def register() -> None:
    add(
        Searchable(
            Talent,
            "talent",
            _talent,
            readable=hubless(can_see_talents),
            describe=lambda t, _user: (
                t.full_name,
                " · ".join(
                    part
                    for part in (
                        t.employer.name if t.employer else None,
                        TALENT_STATUSES.get(t.status, t.status),
                    )
                    if part
                ),
            ),
            load=(selectinload(Talent.employer),),
            via=(Talent.employer_id,),
        )
    )
    add(
        Searchable(
            Matching,
            "matching",
            _matching,
            describe=_describe_matching,
            load=(selectinload(Matching.organization), selectinload(Matching.talent)),
            via=(Matching.organization_id,),
        )
    )
    add(
        Searchable(
            Partnership,
            "partnership",
            _partnership,
            load=(selectinload(Partnership.organization),),
            via=(Partnership.organization_id,),
        )
    )

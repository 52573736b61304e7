"""K-NIC collections: talents (personal data), matchings, partnerships."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub_app.api import bp
from hub_app.api.resources import Collection, register
from hub_app.core.models import rfc3339
from hub_app.core.permissions import (
    can_read_hub,
    can_see_talent_contacts,
    can_see_talents,
    require,
)
from hub_app.followups.fields import follow_up_json
from hub_app.knic.access import NO_TALENTS, require_knic_reader
from hub_app.knic.matchings import queries as matching_queries
from hub_app.knic.matchings import services as matching_services
from hub_app.knic.matchings.forms import MatchingForm
from hub_app.knic.models import Matching, Partnership, Talent
from hub_app.knic.partnerships import queries as partnership_queries
from hub_app.knic.partnerships import services as partnership_services
from hub_app.knic.partnerships.forms import PartnershipForm
from hub_app.knic.talents import queries as talent_queries
from hub_app.knic.talents import services as talent_services
from hub_app.knic.talents.forms import TalentForm


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _stamps(record: Any) -> dict[str, Any]:
    return {
        "created_at": rfc3339(record.created_at),
        "updated_at": rfc3339(record.updated_at),
        "created_by": record.created_by,
    }


def serialize_talent(talent: Talent, actor: Any) -> dict[str, Any]:
    """E-mail and phone appear only for users allowed to see them (the keys are left out)."""
    body: dict[str, Any] = {
        "id": talent.id,
        "full_name": talent.full_name,
        "full_name_kana": talent.full_name_kana,
    }
    if can_see_talent_contacts(actor):
        body["email"] = talent.email
        body["phone"] = talent.phone
    body.update(
        {
            "employer_id": talent.employer_id,
            "job_title": talent.job_title,
            "skills": list(talent.skills or []),
            "desired_roles": talent.desired_roles,
            "hours_per_month": talent.hours_per_month,
            "side_job_permitted": talent.side_job_permitted,
            "consent_on": _iso(talent.consent_on),
            "registered_on": _iso(talent.registered_on),
            "status": talent.status,
            "notes": talent.notes,
            "anonymized_at": rfc3339(talent.anonymized_at),
            "ref": talent.ref,
            **_stamps(talent),
        }
    )
    return body


def talent_list_query(args: Mapping[str, str], actor: Any):
    require(can_see_talents(actor), NO_TALENTS)
    return talent_queries.list_query(args, actor)


register(
    bp,
    Collection(
        name="talents",
        model=Talent,
        form=TalentForm,
        serialize=serialize_talent,
        list_query=talent_list_query,
        can_read=lambda actor, _record: can_see_talents(actor),
        create=talent_services.create_talent,
        update=talent_services.update_talent,
        delete=talent_services.delete_talent,
        order_by=[Talent.id],
        filters=("skills", "employer_id", "side_job", "fiscal_year"),
        columns=talent_queries.ALL_COLUMNS,
    ),
)


def serialize_matching(matching: Matching, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": matching.id,
        "hub": matching.hub,
        "talent_id": matching.talent_id,
        "organization_id": matching.organization_id,
        "role": matching.role,
        "stage": matching.stage,
        "proposed_on": _iso(matching.proposed_on),
        "introduced_on": _iso(matching.introduced_on),
        "agreed_on": _iso(matching.agreed_on),
        "ended_on": _iso(matching.ended_on),
        "hours_per_month": matching.hours_per_month,
        "compensation": matching.compensation,
        "coordinator_id": matching.coordinator_id,
        "notes": matching.notes,
        "ref": matching.ref,
        **follow_up_json(matching),
        **_stamps(matching),
    }


def matching_list_query(args: Mapping[str, str], actor: Any):
    require_knic_reader(actor)
    return matching_queries.list_query(args, actor)


register(
    bp,
    Collection(
        name="matchings",
        model=Matching,
        form=MatchingForm,
        serialize=serialize_matching,
        list_query=matching_list_query,
        can_read=lambda actor, _record: can_read_hub(actor, "knic"),
        create=matching_services.create_matching,
        update=matching_services.update_matching,
        delete=matching_services.delete_matching,
        order_by=[Matching.id],
        columns=matching_queries.ALL_COLUMNS,
        filters=("overdue",),
    ),
)


def serialize_partnership(partnership: Partnership, _actor: Any = None) -> dict[str, Any]:
    return {
        "id": partnership.id,
        "hub": partnership.hub,
        "organization_id": partnership.organization_id,
        "concluded_on": _iso(partnership.concluded_on),
        "kind": partnership.kind,
        "summary": partnership.summary,
        "ref": partnership.ref,
        **_stamps(partnership),
    }


def partnership_list_query(args: Mapping[str, str], actor: Any):
    require_knic_reader(actor)
    return partnership_queries.list_query(args)


register(
    bp,
    Collection(
        name="partnerships",
        model=Partnership,
        form=PartnershipForm,
        serialize=serialize_partnership,
        list_query=partnership_list_query,
        can_read=lambda actor, _record: can_read_hub(actor, "knic"),
        create=partnership_services.create_partnership,
        update=partnership_services.update_partnership,
        delete=partnership_services.delete_partnership,
        order_by=[Partnership.id],
        columns=partnership_queries.EXPORT_COLUMNS,
    ),
)

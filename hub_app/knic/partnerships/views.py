"""Partnership pages, and the partnerships/matchings sections of an organisation's page."""

from __future__ import annotations

from typing import Any

from flask import request

from hub_app.core import navigation, pages
from hub_app.core.permissions import can_read_hub, can_see_talents
from hub_app.knic.access import can_write_knic, can_write_talents
from hub_app.knic.blueprint import bp
from hub_app.knic.matchings import queries as matching_queries
from hub_app.knic.models import Partnership
from hub_app.knic.partnerships import queries, services
from hub_app.knic.partnerships.forms import PartnershipForm
from hub_app.organizations.views import DETAIL_SECTIONS

navigation.add("K-NIC", "大企業等との連携", "knic.partnerships", lambda u: can_read_hub(u, "knic"))


PAGES = pages.register(
    bp,
    pages.RecordPages(
        name="partnership",
        model=Partnership,
        url="/partnerships",
        endpoints=pages.Endpoints.shared_blueprint("partnership", "partnerships"),
        templates=pages.Templates(
            index="knic/partnerships/index.html",
            form="knic/partnerships/form.html",
            show="knic/partnerships/show.html",
        ),
        messages=pages.Messages(
            created="連携を登録しました。",
            deleted="連携を削除しました。管理者は元に戻せます。",
            restored="連携を元に戻しました。",
        ),
        form=PartnershipForm,
        create=services.create_partnership,
        update=services.update_partnership,
        delete=services.delete_partnership,
        restore=services.restore_partnership,
        list_query=queries.list_query,
        sorts=queries.SORTS,
        export_name="partnerships",
        export_columns=queries.EXPORT_COLUMNS,
        can_write=lambda user, _record: can_write_knic(user),
        new_form=lambda: PartnershipForm(
            organization_id=request.args.get("organization_id", type=int)
        ),
    ),
)


def _partnerships_section(organization: Any, user: Any) -> dict | None:
    if not can_read_hub(user, "knic"):
        return None
    rows = queries.of_organization(organization)
    if not rows and organization.kind == "startup":
        return None  # startups are K-NIC's matching partners, not its network partners
    return {
        "organization": organization,
        "partnerships": rows,
        "can_write": can_write_knic(user),
    }


def _matchings_section(organization: Any, user: Any) -> dict | None:
    if not can_read_hub(user, "knic"):
        return None
    rows = matching_queries.of_organization(organization)
    if not rows and organization.kind != "startup":
        return None
    return {
        "organization": organization,
        "matchings": rows,
        "can_see": can_see_talents(user),
        "can_write": can_write_talents(user),
    }


DETAIL_SECTIONS.append(
    ("大企業等との連携(K-NIC)", "knic/partnerships/_section.html", _partnerships_section)
)
DETAIL_SECTIONS.append(("マッチング(K-NIC)", "knic/matchings/_section.html", _matchings_section))

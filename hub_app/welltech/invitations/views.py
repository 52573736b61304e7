"""Pages of invitations: the record pages (core.pages) and the outcome form."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user

from hub_app.core import clock, navigation, pages
from hub_app.core.views import run_form, status_of
from hub_app.welltech import common
from hub_app.welltech.invitations import queries, services
from hub_app.welltech.invitations.forms import InvitationForm, OutcomeForm
from hub_app.welltech.models import Invitation

bp = Blueprint("invitations", __name__, url_prefix="/invitations")
navigation.add("ウェルテック", "参画打診", "welltech.invitations.index", common.can_read)


def _options(*_args: object) -> dict:
    return {
        "projects": common.project_options(),
        "fiscal_years": common.fiscal_year_options(),
    }


PAGES = pages.register(
    bp,
    common.record_pages(
        Invitation,
        name="invitation",
        templates=pages.Templates(
            index="welltech/invitations/index.html",
            form="welltech/invitations/form.html",
            show="welltech/invitations/show.html",
        ),
        messages=pages.Messages(
            created="参画打診を登録しました。",
            deleted="参画打診を削除しました。管理者は元に戻せます。",
            restored="参画打診を元に戻しました。",
        ),
        form=InvitationForm,
        create=services.create_invitation,
        update=services.update_invitation,
        delete=services.delete_invitation,
        restore=services.restore_invitation,
        list_query=queries.list_query,
        sorts=queries.SORTS,
        export_name="invitations",
        export_columns=queries.EXPORT_COLUMNS,
        new_form=lambda: InvitationForm(
            invited_on=clock.today(),
            organization_id=common.id_arg(request.args, "organization_id"),
            project_id=common.id_arg(request.args, "project_id"),
        ),
        list_context=_options,
        form_context=_options,
        show_context=lambda invitation: {
            "outcome_form": OutcomeForm(formdata=None, outcome=invitation.outcome)
        },
    ),
)


@bp.post("/<int:invitation_id>/outcome")
def outcome(invitation_id: int):
    invitation = PAGES.record(invitation_id)
    form = OutcomeForm()
    if run_form(form, lambda: services.set_outcome(current_user, invitation, form)) is not None:
        flash("結果を更新しました。", "success")
        return redirect(url_for(".show", invitation_id=invitation.id))
    return PAGES.render_show(invitation, status_of(form), outcome_form=form)

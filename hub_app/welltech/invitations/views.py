"""Pages of invitations: list, export, detail, create, edit, outcome, delete."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from hub_app.core import audit, clock, navigation
from hub_app.core.views import export_list, list_page, run_form, status_of, wants_deleted
from hub_app.extensions import db
from hub_app.welltech import common
from hub_app.welltech.invitations import queries, services
from hub_app.welltech.invitations.forms import InvitationForm, OutcomeForm
from hub_app.welltech.models import Invitation

bp = Blueprint("invitations", __name__, url_prefix="/invitations")
navigation.add("ウェルテック", "参画打診", "welltech.invitations.index", common.can_read)


def _options() -> dict:
    return {
        "organizations": common.organization_options(),
        "projects": common.project_options(),
        "fiscal_years": common.fiscal_year_options(),
    }


def _load(invitation_id: int) -> Invitation:
    return common.load_record(Invitation, invitation_id)


@bp.get("")
def index():
    return list_page(
        "welltech/invitations/index.html",
        queries.list_query(request.args, include_deleted=wants_deleted()),
        queries.SORTS,
        **_options(),
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    query = queries.list_query(request.args)
    return export_list(fmt, "invitations", query, queries.SORTS, queries.EXPORT_COLUMNS)


@bp.route("/new", methods=["GET", "POST"])
def create():
    if not common.can_write(current_user):
        abort(403)
    form = InvitationForm(
        invited_on=clock.today(),
        organization_id=common.id_arg(request.args, "organization_id"),
        project_id=common.id_arg(request.args, "project_id"),
    )
    if form.is_submitted():
        invitation = run_form(form, lambda: services.create_invitation(current_user, form))
        if invitation is not None:
            flash("参画打診を登録しました。", "success")
            return redirect(url_for(".show", invitation_id=invitation.id))
    return render_template(
        "welltech/invitations/form.html", form=form, invitation=None, **_options()
    ), status_of(form)


def _show(invitation: Invitation, outcome_form=None, status: int = 200):
    return render_template(
        "welltech/invitations/show.html",
        invitation=invitation,
        outcome_form=outcome_form or OutcomeForm(formdata=None, outcome=invitation.outcome),
        history=audit.history("invitation", invitation.id),
    ), status


@bp.get("/<int:invitation_id>")
def show(invitation_id: int):
    return _show(_load(invitation_id))


@bp.route("/<int:invitation_id>/edit", methods=["GET", "POST"])
def edit(invitation_id: int):
    if not common.can_write(current_user):
        abort(403)
    invitation = _load(invitation_id)
    form = InvitationForm(obj=invitation)
    if form.is_submitted():
        saved = run_form(form, lambda: services.update_invitation(current_user, invitation, form))
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".show", invitation_id=invitation.id))
    return render_template(
        "welltech/invitations/form.html", form=form, invitation=invitation, **_options()
    ), status_of(form)


@bp.post("/<int:invitation_id>/outcome")
def outcome(invitation_id: int):
    invitation = _load(invitation_id)
    form = OutcomeForm()
    if run_form(form, lambda: services.set_outcome(current_user, invitation, form)) is not None:
        flash("結果を更新しました。", "success")
        return redirect(url_for(".show", invitation_id=invitation.id))
    return _show(invitation, outcome_form=form, status=status_of(form))


@bp.post("/<int:invitation_id>/delete")
def delete(invitation_id: int):
    invitation = _load(invitation_id)
    services.delete_invitation(current_user, invitation)
    db.session.commit()
    flash("参画打診を削除しました。管理者は元に戻せます。", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:invitation_id>/restore")
def restore(invitation_id: int):
    invitation = _load(invitation_id)
    services.restore_invitation(current_user, invitation)
    db.session.commit()
    flash("参画打診を元に戻しました。", "success")
    return redirect(url_for(".show", invitation_id=invitation.id))

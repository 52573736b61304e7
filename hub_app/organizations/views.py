"""Pages of the organisation registry."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from hub_app.core import audit, navigation
from hub_app.core.permissions import can_read_registry, can_write_registry
from hub_app.core.views import export_list, list_page, load, run_form, status_of, wants_deleted
from hub_app.extensions import db
from hub_app.organizations import queries, searchable, services
from hub_app.organizations.forms import OrganizationForm
from hub_app.organizations.models import Organization
from hub_app.registry import corporations, merge

bp = Blueprint("organizations", __name__, url_prefix="/organizations")
navigation.add("共通", "企業・団体", "organizations.index", can_read_registry)
searchable.register()

#: other domains add the sections of an organisation's page here: (title, template, loader)
DETAIL_SECTIONS: list = []


@bp.before_request
@login_required
def require_registry_access():
    if not can_read_registry(current_user):
        abort(403)


@bp.get("")
def index():
    return list_page(
        "organizations/index.html",
        queries.list_query(request.args, include_deleted=wants_deleted()),
        queries.SORTS,
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    query = queries.list_query(request.args)
    return export_list(fmt, "organizations", query, queries.SORTS, queries.EXPORT_COLUMNS)


@bp.route("/new", methods=["GET", "POST"])
def create():
    if not can_write_registry(current_user):
        abort(403)
    form = OrganizationForm(data=corporations.prefill(request.args.get("corporation")))
    if form.is_submitted():
        organization = run_form(form, lambda: services.create_organization(current_user, form))
        if organization is not None:
            flash(f"「{organization.name}」を登録しました。", "success")
            return redirect(url_for(".show", organization_id=organization.id))
    return render_template("organizations/form.html", form=form, organization=None), status_of(form)


@bp.get("/<int:organization_id>")
def show(organization_id: int):
    merged, survivor = merge.merged_away(organization_id)
    if survivor is not None:  # a merged one's old address leads to the one kept
        flash(f"「{merged.name}」は「{survivor.name}」に統合されました。", "info")
        return redirect(url_for(".show", organization_id=survivor.id))
    organization = load(Organization, organization_id)
    sections = [
        (title, template, loader(organization, current_user))
        for title, template, loader in DETAIL_SECTIONS
    ]
    return render_template(
        "organizations/show.html",
        organization=organization,
        sections=[s for s in sections if s[2] is not None],
        history=audit.history("organization", organization.id),
    )


@bp.route("/<int:organization_id>/edit", methods=["GET", "POST"])
def edit(organization_id: int):
    if not can_write_registry(current_user):
        abort(403)
    organization = load(Organization, organization_id)
    if organization.is_deleted:
        abort(404)  # restore it first
    form = OrganizationForm(obj=organization)
    if form.is_submitted():
        saved = run_form(
            form, lambda: services.update_organization(current_user, organization, form)
        )
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".show", organization_id=organization.id))
    return (
        render_template("organizations/form.html", form=form, organization=organization),
        status_of(form),
    )


@bp.post("/<int:organization_id>/delete")
def delete(organization_id: int):
    organization = load(Organization, organization_id)
    services.delete_organization(current_user, organization)
    db.session.commit()
    flash(f"「{organization.name}」を削除しました。管理者は元に戻せます。", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:organization_id>/restore")
def restore(organization_id: int):
    organization = load(Organization, organization_id)
    services.restore_organization(current_user, organization)
    db.session.commit()
    flash(f"「{organization.name}」を元に戻しました。", "success")
    return redirect(url_for(".show", organization_id=organization.id))

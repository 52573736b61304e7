"""Pages of projects: list, board by stage, export, detail with evaluations, create, edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from hub_app.core import audit, clock, navigation
from hub_app.core.views import export_list, list_page, run_form, status_of, wants_deleted
from hub_app.extensions import db
from hub_app.welltech import common
from hub_app.welltech.models import Consultation, Evaluation, Invitation, Project
from hub_app.welltech.projects import queries, services
from hub_app.welltech.projects.forms import ProjectForm

bp = Blueprint("projects", __name__, url_prefix="/projects")
navigation.add("ウェルテック", "プロジェクト", "welltech.projects.index", common.can_read)
navigation.add("ウェルテック", "プロジェクト(ボード)", "welltech.projects.board", common.can_read)


def _options() -> dict:
    return {
        "organizations": common.organization_options(),
        "fiscal_years": common.fiscal_year_options(),
    }


def _load(project_id: int) -> Project:
    return common.load_record(Project, project_id)


@bp.get("")
def index():
    return list_page(
        "welltech/projects/index.html",
        queries.list_query(request.args, include_deleted=wants_deleted()),
        queries.SORTS,
        **_options(),
    )


@bp.get("/board")
def board():
    query, sort = queries.SORTS.apply(queries.list_query(request.args), request.args.get("sort"))
    return render_template(
        "welltech/projects/board.html",
        columns=queries.board(query),
        sort=sort,
        sorts=queries.SORTS.labels(),
        **_options(),
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    query = queries.list_query(request.args)
    return export_list(fmt, "projects", query, queries.SORTS, queries.EXPORT_COLUMNS)


@bp.route("/new", methods=["GET", "POST"])
def create():
    if not common.can_write(current_user):
        abort(403)
    form = ProjectForm(
        started_on=clock.today(),
        lead_organization_id=common.id_arg(request.args, "organization_id"),
    )
    if form.is_submitted():
        project = run_form(form, lambda: services.create_project(current_user, form))
        if project is not None:
            flash(f"プロジェクト「{project.title}」を登録しました。", "success")
            return redirect(url_for(".show", project_id=project.id))
    return render_template(
        "welltech/projects/form.html", form=form, project=None, **_options()
    ), status_of(form)


@bp.get("/<int:project_id>")
def show(project_id: int):
    project = _load(project_id)
    evaluations = db.session.scalars(
        select(Evaluation)
        .options(selectinload(Evaluation.measurements))
        .where(Evaluation.project_id == project.id, Evaluation.deleted_at.is_(None))
        .order_by(Evaluation.evaluated_on.desc(), Evaluation.id.desc())
    ).all()
    consultations = db.session.scalars(
        select(Consultation)
        .options(joinedload(Consultation.organization))
        .where(Consultation.project_id == project.id, Consultation.deleted_at.is_(None))
        .order_by(Consultation.opened_on.desc(), Consultation.id.desc())
    ).all()
    invitations = db.session.scalars(
        select(Invitation)
        .options(joinedload(Invitation.organization))
        .where(Invitation.project_id == project.id, Invitation.deleted_at.is_(None))
        .order_by(Invitation.invited_on.desc(), Invitation.id.desc())
    ).all()
    return render_template(
        "welltech/projects/show.html",
        project=project,
        evaluations=evaluations,
        consultations=consultations,
        invitations=invitations,
        history=audit.history("project", project.id),
    )


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
def edit(project_id: int):
    if not common.can_write(current_user):
        abort(403)
    project = _load(project_id)
    form = ProjectForm(obj=project)
    if form.is_submitted():
        saved = run_form(form, lambda: services.update_project(current_user, project, form))
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".show", project_id=project.id))
    return render_template(
        "welltech/projects/form.html", form=form, project=project, **_options()
    ), status_of(form)


@bp.post("/<int:project_id>/delete")
def delete(project_id: int):
    project = _load(project_id)
    services.delete_project(current_user, project)
    db.session.commit()
    flash(f"プロジェクト「{project.title}」を削除しました。管理者は元に戻せます。", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:project_id>/restore")
def restore(project_id: int):
    project = _load(project_id)
    services.restore_project(current_user, project)
    db.session.commit()
    flash(f"プロジェクト「{project.title}」を元に戻しました。", "success")
    return redirect(url_for(".show", project_id=project.id))

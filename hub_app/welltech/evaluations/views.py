"""Pages of product evaluations: list, export, detail with the measurement table, edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from hub_app.core import audit, clock, navigation
from hub_app.core.views import export_list, list_page, run_form, status_of, wants_deleted
from hub_app.extensions import db
from hub_app.welltech import common
from hub_app.welltech.evaluations import queries, services
from hub_app.welltech.evaluations.forms import EvaluationForm
from hub_app.welltech.models import Evaluation

bp = Blueprint("evaluations", __name__, url_prefix="/evaluations")
navigation.add("ウェルテック", "製品評価", "welltech.evaluations.index", common.can_read)

SPARE_ROWS = 3


def _options() -> dict:
    return {"projects": common.project_options(), "fiscal_years": common.fiscal_year_options()}


def _load(evaluation_id: int) -> Evaluation:
    return common.load_record(Evaluation, evaluation_id)


def _with_spare_rows(form: EvaluationForm) -> EvaluationForm:
    """Blank rows for new figures, so the page works without JavaScript."""
    for _ in range(SPARE_ROWS):
        if len(form.measurements) < form.measurements.max_entries:
            form.measurements.append_entry()
    return form


@bp.get("")
def index():
    return list_page(
        "welltech/evaluations/index.html",
        queries.list_query(request.args, include_deleted=wants_deleted()),
        queries.SORTS,
        outside_count=queries.outside_count,
        **_options(),
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    query = queries.list_query(request.args)
    return export_list(fmt, "evaluations", query, queries.SORTS, queries.EXPORT_COLUMNS)


@bp.route("/new", methods=["GET", "POST"])
def create():
    if not common.can_write(current_user):
        abort(403)
    form = EvaluationForm(
        evaluated_on=clock.today(), project_id=common.id_arg(request.args, "project_id")
    )
    if form.is_submitted():
        evaluation = run_form(form, lambda: services.create_evaluation(current_user, form))
        if evaluation is not None:
            flash("製品評価を登録しました。", "success")
            return redirect(url_for(".show", evaluation_id=evaluation.id))
    else:
        _with_spare_rows(form)
    return render_template(
        "welltech/evaluations/form.html", form=form, evaluation=None, **_options()
    ), status_of(form)


def _show(evaluation: Evaluation, attachment_errors: list[str] | None = None, status: int = 200):
    from hub_app.welltech.attachments import queries as attachment_queries

    return render_template(
        "welltech/evaluations/show.html",
        evaluation=evaluation,
        attachments=attachment_queries.for_owner("evaluation", evaluation.id),
        attachment_errors=attachment_errors or [],
        history=audit.history("evaluation", evaluation.id),
    ), status


@bp.get("/<int:evaluation_id>")
def show(evaluation_id: int):
    return _show(_load(evaluation_id))


@bp.route("/<int:evaluation_id>/edit", methods=["GET", "POST"])
def edit(evaluation_id: int):
    if not common.can_write(current_user):
        abort(403)
    evaluation = _load(evaluation_id)
    form = EvaluationForm(obj=evaluation)
    if form.is_submitted():
        saved = run_form(form, lambda: services.update_evaluation(current_user, evaluation, form))
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".show", evaluation_id=evaluation.id))
    else:
        _with_spare_rows(form)
    return render_template(
        "welltech/evaluations/form.html", form=form, evaluation=evaluation, **_options()
    ), status_of(form)


@bp.post("/<int:evaluation_id>/delete")
def delete(evaluation_id: int):
    evaluation = _load(evaluation_id)
    project_id = evaluation.project_id
    services.delete_evaluation(current_user, evaluation)
    db.session.commit()
    flash("製品評価を削除しました。管理者は元に戻せます。", "success")
    return redirect(url_for("welltech.projects.show", project_id=project_id))


@bp.post("/<int:evaluation_id>/restore")
def restore(evaluation_id: int):
    evaluation = _load(evaluation_id)
    services.restore_evaluation(current_user, evaluation)
    db.session.commit()
    flash("製品評価を元に戻しました。", "success")
    return redirect(url_for(".show", evaluation_id=evaluation.id))

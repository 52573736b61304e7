"""Pages of consultations: list, export, detail with timeline, create, edit, close."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from hub_app.core import audit, clock, navigation
from hub_app.core.views import export_list, list_page, run_form, status_of, wants_deleted
from hub_app.extensions import db
from hub_app.welltech import common
from hub_app.welltech.consultations import queries, services
from hub_app.welltech.consultations.forms import ActivityForm, CloseForm, ConsultationForm
from hub_app.welltech.models import Consultation, ConsultationActivity

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
navigation.add("ウェルテック", "相談・技術助言", "welltech.consultations.index", common.can_read)


def _options() -> dict:
    return {
        "organizations": common.organization_options(),
        "staff": common.staff_options(),
        "projects": common.project_options(),
        "fiscal_years": common.fiscal_year_options(),
    }


def _load(consultation_id: int) -> Consultation:
    return common.load_record(Consultation, consultation_id)


@bp.get("")
def index():
    return list_page(
        "welltech/consultations/index.html",
        queries.list_query(request.args, include_deleted=wants_deleted()),
        queries.SORTS,
        **_options(),
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    query = queries.export_query(request.args)
    return export_list(fmt, "consultations", query, queries.SORTS, queries.EXPORT_COLUMNS)


@bp.route("/new", methods=["GET", "POST"])
def create():
    if not common.can_write(current_user):
        abort(403)
    form = ConsultationForm(
        staff_id=current_user.id if common.HUB in current_user.hub_codes else None,
        opened_on=clock.today(),
        organization_id=common.id_arg(request.args, "organization_id"),
        project_id=common.id_arg(request.args, "project_id"),
    )
    if form.is_submitted():
        consultation = run_form(form, lambda: services.create_consultation(current_user, form))
        if consultation is not None:
            flash(f"相談「{consultation.title}」を登録しました。", "success")
            return redirect(url_for(".show", consultation_id=consultation.id))
    return render_template(
        "welltech/consultations/form.html", form=form, consultation=None, **_options()
    ), status_of(form)


def _show(
    consultation: Consultation,
    activity_form=None,
    close_form=None,
    attachment_errors: list[str] | None = None,
    status: int = 200,
):
    from hub_app.welltech.attachments import queries as attachment_queries

    return render_template(
        "welltech/consultations/show.html",
        consultation=consultation,
        activity_form=activity_form or ActivityForm(formdata=None, occurred_on=clock.today()),
        close_form=close_form or CloseForm(formdata=None, closed_on=clock.today()),
        attachments=attachment_queries.for_owner("consultation", consultation.id),
        attachment_errors=attachment_errors or [],
        history=audit.history("consultation", consultation.id),
    ), status


@bp.get("/<int:consultation_id>")
def show(consultation_id: int):
    return _show(_load(consultation_id))


@bp.route("/<int:consultation_id>/edit", methods=["GET", "POST"])
def edit(consultation_id: int):
    if not common.can_write(current_user):
        abort(403)
    consultation = _load(consultation_id)
    form = ConsultationForm(obj=consultation)
    if form.is_submitted():
        saved = run_form(
            form, lambda: services.update_consultation(current_user, consultation, form)
        )
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".show", consultation_id=consultation.id))
    return render_template(
        "welltech/consultations/form.html", form=form, consultation=consultation, **_options()
    ), status_of(form)


@bp.post("/<int:consultation_id>/activities")
def add_activity(consultation_id: int):
    consultation = _load(consultation_id)
    form = ActivityForm()
    if run_form(form, lambda: services.add_activity(current_user, consultation, form)):
        flash("対応履歴を追加しました。", "success")
        return redirect(url_for(".show", consultation_id=consultation.id) + "#timeline")
    return _show(consultation, activity_form=form, status=status_of(form))


@bp.post("/<int:consultation_id>/activities/<int:activity_id>/delete")
def delete_activity(consultation_id: int, activity_id: int):
    consultation = _load(consultation_id)
    activity = db.session.get(ConsultationActivity, activity_id)
    if activity is None or activity.consultation_id != consultation.id or activity.is_deleted:
        abort(404)
    services.delete_activity(current_user, activity)
    db.session.commit()
    flash("対応履歴を削除しました。", "success")
    return redirect(url_for(".show", consultation_id=consultation.id) + "#timeline")


@bp.post("/<int:consultation_id>/close")
def close(consultation_id: int):
    consultation = _load(consultation_id)
    form = CloseForm()
    if run_form(form, lambda: services.close_consultation(current_user, consultation, form)):
        flash("相談を完了にしました。", "success")
        return redirect(url_for(".show", consultation_id=consultation.id))
    return _show(consultation, close_form=form, status=status_of(form))


@bp.post("/<int:consultation_id>/reopen")
def reopen(consultation_id: int):
    consultation = _load(consultation_id)
    services.reopen_consultation(current_user, consultation)
    db.session.commit()
    flash("相談を対応中に戻しました。", "success")
    return redirect(url_for(".show", consultation_id=consultation.id))


@bp.post("/<int:consultation_id>/delete")
def delete(consultation_id: int):
    consultation = _load(consultation_id)
    services.delete_consultation(current_user, consultation)
    db.session.commit()
    flash(f"相談「{consultation.title}」を削除しました。管理者は元に戻せます。", "success")
    return redirect(url_for(".index"))


@bp.post("/<int:consultation_id>/restore")
def restore(consultation_id: int):
    consultation = _load(consultation_id)
    services.restore_consultation(current_user, consultation)
    db.session.commit()
    flash(f"相談「{consultation.title}」を元に戻しました。", "success")
    return redirect(url_for(".show", consultation_id=consultation.id))

"""Pages of consultations: the record pages (core.pages), the timeline, close and reopen."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from hub_app.core import clock, navigation, pages
from hub_app.core.views import run_form, status_of
from hub_app.extensions import db
from hub_app.welltech import common
from hub_app.welltech.attachments import queries as attachment_queries
from hub_app.welltech.consultations import queries, services
from hub_app.welltech.consultations.forms import ActivityForm, CloseForm, ConsultationForm
from hub_app.welltech.models import Consultation, ConsultationActivity

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
navigation.add("ウェルテック", "相談・技術助言", "welltech.consultations.index", common.can_read)


def _options(*_args: object) -> dict:
    return {
        "staff": common.staff_options(),
        "projects": common.project_options(),
        "fiscal_years": common.fiscal_year_options(),
    }


def _new_form() -> ConsultationForm:
    return ConsultationForm(
        staff_id=current_user.id if common.HUB in current_user.hub_codes else None,
        opened_on=clock.today(),
        organization_id=common.id_arg(request.args, "organization_id"),
        project_id=common.id_arg(request.args, "project_id"),
    )


def _show_context(consultation: Consultation) -> dict:
    return {
        "activity_form": ActivityForm(formdata=None, occurred_on=clock.today()),
        "close_form": CloseForm(formdata=None, closed_on=clock.today()),
        "attachments": attachment_queries.for_owner("consultation", consultation.id),
        "attachment_errors": [],
    }


PAGES = pages.register(
    bp,
    common.record_pages(
        Consultation,
        name="consultation",
        templates=pages.Templates(
            index="welltech/consultations/index.html",
            form="welltech/consultations/form.html",
            show="welltech/consultations/show.html",
        ),
        messages=pages.Messages(
            created="相談「{r.title}」を登録しました。",
            deleted="相談「{r.title}」を削除しました。管理者は元に戻せます。",
            restored="相談「{r.title}」を元に戻しました。",
        ),
        form=ConsultationForm,
        create=services.create_consultation,
        update=services.update_consultation,
        delete=services.delete_consultation,
        restore=services.restore_consultation,
        list_query=queries.list_query,
        export_query=queries.export_query,
        sorts=queries.SORTS,
        export_name="consultations",
        export_columns=queries.EXPORT_COLUMNS,
        new_form=_new_form,
        list_context=_options,
        form_context=_options,
        show_context=_show_context,
    ),
)


@bp.post("/<int:consultation_id>/activities")
def add_activity(consultation_id: int):
    consultation = PAGES.record(consultation_id)
    form = ActivityForm()
    if run_form(form, lambda: services.add_activity(current_user, consultation, form)):
        flash("対応履歴を追加しました。", "success")
        return redirect(url_for(".show", consultation_id=consultation.id) + "#timeline")
    return PAGES.render_show(consultation, status_of(form), activity_form=form)


@bp.post("/<int:consultation_id>/activities/<int:activity_id>/delete")
def delete_activity(consultation_id: int, activity_id: int):
    consultation = PAGES.record(consultation_id)
    activity = db.session.get(ConsultationActivity, activity_id)
    if activity is None or activity.consultation_id != consultation.id or activity.is_deleted:
        abort(404)
    services.delete_activity(current_user, activity)
    db.session.commit()
    flash("対応履歴を削除しました。", "success")
    return redirect(url_for(".show", consultation_id=consultation.id) + "#timeline")


@bp.post("/<int:consultation_id>/close")
def close(consultation_id: int):
    consultation = PAGES.record(consultation_id)
    form = CloseForm()
    if run_form(form, lambda: services.close_consultation(current_user, consultation, form)):
        flash("相談を完了にしました。", "success")
        return redirect(url_for(".show", consultation_id=consultation.id))
    return PAGES.render_show(consultation, status_of(form), close_form=form)


@bp.post("/<int:consultation_id>/reopen")
def reopen(consultation_id: int):
    consultation = PAGES.record(consultation_id)
    services.reopen_consultation(current_user, consultation)
    db.session.commit()
    flash("相談を対応中に戻しました。", "success")
    return redirect(url_for(".show", consultation_id=consultation.id))

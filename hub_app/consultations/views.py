"""Pages of consultations, the same for both hubs: the record pages (core.pages), the
timeline, close and reopen.

`blueprint(hub)` builds one hub's pages; Welltech nests them at /welltech/consultations and
K-NIC at /knic/consultations, so each parent blueprint's own read check (403 for the other
hub's staff) runs first. A record of the other hub answers 404 on a hub's pages.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from hub_app.consultations import hubs, queries, registrations, services
from hub_app.consultations.forms import ActivityForm, CloseForm, ConsultationForm
from hub_app.core import clock, navigation, pages
from hub_app.core.permissions import can_see_talents
from hub_app.core.views import load, run_form, status_of
from hub_app.extensions import db
from hub_app.welltech import common
from hub_app.welltech.models import Consultation, ConsultationActivity

registrations.register()

#: each hub's record pages, once its blueprint is built
PAGES: dict[str, pages.RecordPages] = {}
navigation.add(
    "ウェルテック",
    "相談・技術助言",
    "welltech.consultations.index",
    lambda user: hubs.can_read(user, "welltech"),
)
navigation.add(
    "K-NIC", "起業・創業相談", "knic.consultations.index", lambda user: hubs.can_read(user, "knic")
)


def load_consultation(hub: str, consultation_id: int) -> Consultation:
    consultation = load(Consultation, consultation_id)
    if consultation.hub != hub:
        abort(404)
    return consultation


def _link_options(hub: str) -> dict[str, Any]:
    if hubs.HUBS[hub].link == "project":
        return {"projects": common.project_options(), "matchings": []}
    from hub_app.knic.matchings.queries import link_options

    return {"projects": [], "matchings": link_options(can_see_talents(current_user))}


def _with_topics(form: ConsultationForm, hub: str) -> ConsultationForm:
    form.topic.choices = hubs.HUBS[hub].topic_choices(form.topic.data)
    return form


def _declaration(hub: str) -> pages.RecordPages:
    config = hubs.HUBS[hub]
    readable = [hub]

    def options(*_args: object) -> dict[str, Any]:
        return {
            "hub": config,
            "staff": common.staff_options(hub),
            "fiscal_years": common.fiscal_year_options(),
            **_link_options(hub),
        }

    def new_form() -> ConsultationForm:
        form = ConsultationForm(
            staff_id=current_user.id if hub in current_user.hub_codes else None,
            opened_on=clock.today(),
            organization_id=common.id_arg(request.args, "organization_id"),
            project_id=common.id_arg(request.args, "project_id"),
            matching_id=common.id_arg(request.args, "matching_id"),
        )
        return _with_topics(form, hub)

    def show_context(consultation: Consultation) -> dict[str, Any]:
        context: dict[str, Any] = {
            "hub": config,
            "activity_form": ActivityForm(formdata=None, occurred_on=clock.today()),
            "close_form": CloseForm(formdata=None, closed_on=clock.today()),
        }
        if consultation.matching is not None:
            from hub_app.knic.matchings.queries import describe

            context["matching_text"] = describe(
                consultation.matching, can_see_talents(current_user)
            )
        if hub == "welltech":  # files live with Welltech's lab records
            from hub_app.welltech.attachments import queries as attachment_queries

            context["attachments"] = attachment_queries.for_owner("consultation", consultation.id)
            context["attachment_errors"] = []
        return context

    return pages.RecordPages(
        model=Consultation,
        url="",
        endpoints=pages.Endpoints.own_blueprint(),
        load=lambda record_id: load_consultation(hub, record_id),
        can_write=lambda user, _record: hubs.can_write(user, hub),
        name="consultation",
        templates=pages.Templates(
            index="consultations/index.html",
            form="consultations/form.html",
            show="consultations/show.html",
        ),
        messages=pages.Messages(
            created="相談「{r.title}」を登録しました。",
            deleted="相談「{r.title}」を削除しました。管理者は元に戻せます。",
            restored="相談「{r.title}」を元に戻しました。",
        ),
        form=ConsultationForm,
        create=lambda actor, form: services.create_consultation(actor, form, page_hub=hub),
        update=services.update_consultation,
        delete=services.delete_consultation,
        restore=services.restore_consultation,
        list_query=lambda args, include_deleted=False: queries.list_query(
            args, include_deleted, hubs=readable
        ),
        export_query=lambda args: queries.export_query(args, hubs=readable),
        sorts=queries.SORTS,
        export_name="consultations" if hub == "welltech" else f"{hub}_consultations",
        export_columns=queries.EXPORT_COLUMNS,
        new_form=new_form,
        edit_form=lambda record: _with_topics(ConsultationForm(obj=record), hub),
        list_context=options,
        form_context=options,
        show_context=show_context,
    )


def blueprint(hub: str) -> Blueprint:
    """One hub's consultation pages, to be nested in the hub's blueprint."""
    bp = Blueprint("consultations", __name__, url_prefix="/consultations")
    record_pages = PAGES[hub] = pages.register(bp, _declaration(hub))

    def show(consultation: Consultation, anchor: str = "") -> Any:
        return redirect(url_for(".show", consultation_id=consultation.id) + anchor)

    @bp.post("/<int:consultation_id>/activities")
    def add_activity(consultation_id: int):
        consultation = record_pages.record(consultation_id)
        form = ActivityForm()
        if run_form(form, lambda: services.add_activity(current_user, consultation, form)):
            flash("対応履歴を追加しました。", "success")
            return show(consultation, "#timeline")
        return record_pages.render_show(consultation, status_of(form), activity_form=form)

    @bp.post("/<int:consultation_id>/activities/<int:activity_id>/delete")
    def delete_activity(consultation_id: int, activity_id: int):
        consultation = record_pages.record(consultation_id)
        activity = db.session.get(ConsultationActivity, activity_id)
        if activity is None or activity.consultation_id != consultation.id or activity.is_deleted:
            abort(404)
        services.delete_activity(current_user, activity)
        db.session.commit()
        flash("対応履歴を削除しました。", "success")
        return show(consultation, "#timeline")

    @bp.post("/<int:consultation_id>/close")
    def close(consultation_id: int):
        consultation = record_pages.record(consultation_id)
        form = CloseForm()
        if run_form(form, lambda: services.close_consultation(current_user, consultation, form)):
            flash("相談を完了にしました。", "success")
            return show(consultation)
        return record_pages.render_show(consultation, status_of(form), close_form=form)

    @bp.post("/<int:consultation_id>/reopen")
    def reopen(consultation_id: int):
        consultation = record_pages.record(consultation_id)
        services.reopen_consultation(current_user, consultation)
        db.session.commit()
        flash("相談を対応中に戻しました。", "success")
        return show(consultation)

    return bp


#: /consultations/<id>: the case's page in its own hub, for links that know only the id
#: (the audit log, the header search)
links = Blueprint("consultation_links", __name__)


@links.get("/consultations/<int:consultation_id>")
@login_required
def consultation_link(consultation_id: int):
    consultation = load(Consultation, consultation_id)
    hubs.require_read(current_user, consultation.hub)
    return redirect(PAGES[consultation.hub].link("show", consultation))

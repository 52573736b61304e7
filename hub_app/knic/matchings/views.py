"""Matching pages: list, board by stage, register, edit, move to a stage, delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from hub_app.core import audit, navigation
from hub_app.core.permissions import can_read_hub, can_see_talents
from hub_app.core.views import (
    export_list,
    list_page,
    load,
    run_form,
    status_of,
    wants_deleted,
)
from hub_app.extensions import db
from hub_app.knic.access import can_write_talents
from hub_app.knic.blueprint import bp
from hub_app.knic.matchings import queries, services
from hub_app.knic.matchings.forms import NEXT_STAGES, MatchingForm, MoveForm
from hub_app.knic.models import Matching
from hub_app.knic.talents.services import log_export

navigation.add("K-NIC", "マッチング", "knic.matching_board", lambda u: can_read_hub(u, "knic"))


def _require_writer() -> None:
    if not can_write_talents(current_user):
        abort(403)


def _context() -> dict:
    return {"can_see": can_see_talents(current_user), "can_write": can_write_talents(current_user)}


def _list_context() -> dict:
    return {**_context(), "organizations": queries.organizations_in_pipeline()}


def _clash(form: MatchingForm, record: Matching | None) -> Matching | None:
    """The open matching a refused form collides with, so the page can link to it."""
    if status_of(form) != 409 or not form.talent_id.data or not form.organization_id.data:
        return None
    return services.open_matching(
        form.talent_id.data, form.organization_id.data, record.id if record else None
    )


@bp.get("/matchings")
def matchings():
    return list_page(
        "knic/matchings/index.html",
        queries.list_query(request.args, current_user, include_deleted=wants_deleted()),
        queries.SORTS,
        **_list_context(),
    )


@bp.get("/matchings/board")
def matching_board():
    return render_template(
        "knic/matchings/board.html",
        columns=queries.board(request.args, current_user),
        next_stages=NEXT_STAGES,
        **_list_context(),
    )


@bp.get("/matchings/export.<any(csv, xlsx):fmt>")
def export_matchings(fmt: str):
    columns = queries.export_columns(current_user)
    log_export(current_user, "matching", fmt, request.args.to_dict(), [c.code for c in columns])
    db.session.commit()
    query = queries.list_query(request.args, current_user)
    return export_list(fmt, "matchings", query, queries.SORTS, columns)


@bp.route("/matchings/new", methods=["GET", "POST"])
def new_matching():
    _require_writer()
    form = MatchingForm(
        talent_id=request.args.get("talent_id", type=int),
        organization_id=request.args.get("organization_id", type=int),
    )
    if form.is_submitted():
        matching = run_form(form, lambda: services.create_matching(current_user, form))
        if matching is not None:
            flash("マッチング候補を登録しました。", "success")
            return redirect(url_for(".matching", matching_id=matching.id))
    return (
        render_template(
            "knic/matchings/form.html", form=form, matching=None, existing=_clash(form, None)
        ),
        status_of(form),
    )


@bp.get("/matchings/<int:matching_id>")
def matching(matching_id: int):
    record = load(Matching, matching_id)
    return render_template(
        "knic/matchings/show.html",
        matching=record,
        move_form=MoveForm(stage=(NEXT_STAGES[record.stage] or (record.stage,))[0]),
        next_stages=NEXT_STAGES,
        history=audit.history("matching", record.id),
        **_context(),
    )


@bp.route("/matchings/<int:matching_id>/edit", methods=["GET", "POST"])
def edit_matching(matching_id: int):
    _require_writer()
    record = load(Matching, matching_id)
    form = MatchingForm(obj=record)
    if form.is_submitted():
        saved = run_form(form, lambda: services.update_matching(current_user, record, form))
        if saved is not None:
            flash("変更を保存しました。" if saved else "変更はありませんでした。", "success")
            return redirect(url_for(".matching", matching_id=record.id))
    return (
        render_template(
            "knic/matchings/form.html", form=form, matching=record, existing=_clash(form, record)
        ),
        status_of(form),
    )


@bp.route("/matchings/<int:matching_id>/move", methods=["GET", "POST"])
def move_matching(matching_id: int):
    _require_writer()
    record = load(Matching, matching_id)
    following = NEXT_STAGES[record.stage]
    form = MoveForm(stage=following[0] if following else record.stage)
    form.stage.choices = [(s, services.MATCHING_STAGES[s]) for s in following]
    if form.is_submitted():
        moved = run_form(form, lambda: services.move_matching(current_user, record, form))
        if moved is not None:
            stage = services.MATCHING_STAGES[record.stage]
            flash(f"「{stage}」に移しました。", "success")
            target = request.form.get("next", "")
            if target == "board":
                return redirect(url_for(".matching_board"))
            return redirect(url_for(".matching", matching_id=record.id))
    return (
        render_template(
            "knic/matchings/move.html",
            form=form,
            matching=record,
            following=following,
            **_context(),
        ),
        status_of(form),
    )


@bp.post("/matchings/<int:matching_id>/delete")
def delete_matching(matching_id: int):
    _require_writer()
    record = load(Matching, matching_id)
    services.delete_matching(current_user, record)
    db.session.commit()
    flash("マッチングを削除しました。管理者は元に戻せます。", "success")
    return redirect(url_for(".matchings"))


@bp.post("/matchings/<int:matching_id>/restore")
def restore_matching(matching_id: int):
    record = load(Matching, matching_id)
    services.restore_matching(current_user, record)
    db.session.commit()
    flash("マッチングを元に戻しました。", "success")
    return redirect(url_for(".matching", matching_id=record.id))
